package org.tcplab.launcher;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * Decides when the container is ready: every bundle ACTIVE and every Declarative Services component
 * configuration satisfied or active, as Felix SCR reports it. A Gogo command answers "Command not found" for
 * a moment after start until SCR has registered it; waiting for this state removes that window.
 *
 * <p>The launcher reads SCR's {@code ServiceComponentRuntime} reflectively so that it needs no OSGi API
 * beyond the framework's on its own class path.
 */
final class Readiness {

    private static final String SCR = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    private static final int SATISFIED = 4;
    private static final int ACTIVE = 8;
    private static final long POLL_MILLIS = 5;

    private final BundleContext context;
    private final Bundle held;

    /** {@code held} is a bundle deliberately not started yet (the Gogo console), or null. */
    Readiness(BundleContext context, Bundle held) {
        this.context = context;
        this.held = held;
    }

    /** Blocks until ready; on timeout, names what is still not ready. */
    void await(long timeoutMillis) throws LauncherException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<String> pending = pending();
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new LauncherException("the container was not ready after " + timeoutMillis + " ms: " + pending);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LauncherException("interrupted while waiting for the container");
            }
            pending = pending();
        }
    }

    /** What is not ready yet: bundles not ACTIVE and components not satisfied, one string each. */
    List<String> pending() throws LauncherException {
        List<String> pending = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && bundle.getState() != Bundle.ACTIVE && bundle != held) {
                pending.add("bundle " + bundle.getSymbolicName() + " not active");
            }
        }
        ServiceReference<?> ref = context.getServiceReference(SCR);
        if (ref == null) {
            pending.add("Service Component Runtime not registered");
            return pending;
        }
        Object scr = context.getService(ref);
        try {
            Class<?> scrType = ref.getBundle().loadClass(SCR);
            Method descriptions = scrType.getMethod("getComponentDescriptionDTOs", Bundle[].class);
            Class<?> descriptionType = descriptions.getReturnType();
            Method configurations = null;
            for (Method m : scrType.getMethods()) {
                if (m.getName().equals("getComponentConfigurationDTOs")) {
                    configurations = m;
                }
            }
            for (Object description : (Collection<?>) descriptions.invoke(scr, (Object) new Bundle[0])) {
                Field name = description.getClass().getField("name");
                for (Object configuration : (Collection<?>) configurations.invoke(scr, description)) {
                    int state = configuration.getClass().getField("state").getInt(configuration);
                    if (state != SATISFIED && state != ACTIVE) {
                        pending.add("component " + name.get(description) + " not satisfied (state " + state + ")");
                    }
                }
            }
            return pending;
        } catch (ReflectiveOperationException e) {
            throw new LauncherException("cannot read the Service Component Runtime: " + e, e);
        } finally {
            context.ungetService(ref);
        }
    }
}
