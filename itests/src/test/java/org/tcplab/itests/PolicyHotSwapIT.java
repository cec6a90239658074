package org.tcplab.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.tcp.TcpStack;
import org.tcplab.itests.extra.ThirdPartyPolicy;

/**
 * The mechanism every policy swap relies on: the stack holds a DYNAMIC GREEDY reference, so a better-ranked
 * policy bundle started in a running container takes over in place, and removing it hands back, without the
 * stack component being deactivated (its service is never unregistered, the same object serves throughout).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PolicyHotSwapIT {

    private static final long TIMEOUT_MILLIS = 10_000;

    @Inject
    private BundleContext context;

    @Inject
    private TcpStack stack;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return TcplabContainer.options("hot-swap");
    }

    @Test
    public void aHigherRankedPolicyBundleTakesOverInPlaceAndHandsBackWhenRemoved() throws Exception {
        ServiceReference<TcpStack> stackRef = context.getServiceReference(TcpStack.class);
        TcpStack before = context.getService(stackRef);
        List<Integer> stackEvents = new ArrayList<>();
        ServiceListener listener = event -> {
            if (event.getType() != ServiceEvent.REGISTERED) {
                synchronized (stackEvents) {
                    stackEvents.add(event.getType());
                }
            }
        };
        context.addServiceListener(listener, "(objectClass=" + TcpStack.class.getName() + ")");
        Bundle extra = null;
        try {
            assertEquals("out of the box the Linux-style policy is used", "linux", stack.defaultPolicy().name());

            extra = context.installBundle("tcplab-itest:third-party-policy",
                    TestBundles.policyBundle("org.example.third-party-policy", ThirdPartyPolicy.class,
                            ThirdPartyPolicy.NAME, 1000));
            extra.start();
            Await.until("the stack uses the third-party policy", TIMEOUT_MILLIS,
                    () -> ThirdPartyPolicy.NAME.equals(stack.defaultPolicy().name()),
                    () -> stack.defaultPolicy().name());

            extra.uninstall();
            extra = null;
            Await.until("the stack is back on the Linux-style policy", TIMEOUT_MILLIS,
                    () -> "linux".equals(stack.defaultPolicy().name()), () -> stack.defaultPolicy().name());

            synchronized (stackEvents) {
                assertEquals("the stack service was neither modified nor unregistered", List.of(), stackEvents);
            }
            assertSame("the same stack component instance served throughout",
                    before, context.getService(context.getServiceReference(TcpStack.class)));
        } finally {
            if (extra != null) {
                extra.uninstall(); // a failed run must not leave the policy behind for the next test
            }
            context.removeServiceListener(listener);
            context.ungetService(stackRef);
        }
    }

    @Test
    public void pinningTheDefaultThroughConfigAdminSwitchesInPlaceAndDeletingThePinUndoesIt() throws Exception {
        TcpStack before = stack;
        // A configuration change republishes the stack's service properties (MODIFIED): that is expected. What
        // must not happen is an unregistration, which would mean the component was deactivated.
        List<Integer> stackEvents = new ArrayList<>();
        ServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.UNREGISTERING) {
                synchronized (stackEvents) {
                    stackEvents.add(event.getType());
                }
            }
        };
        context.addServiceListener(listener, "(objectClass=" + TcpStack.class.getName() + ")");
        org.osgi.service.cm.Configuration pin = configAdmin.getConfiguration("org.tcplab.tcp", "?");
        try {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("policy.target", "(name=rfc793)");
            pin.update(properties);
            Await.until("the pinned RFC 793 policy is the default", TIMEOUT_MILLIS,
                    () -> "rfc793".equals(stack.defaultPolicy().name()), () -> stack.defaultPolicy().name());

            pin.delete();
            pin = null;
            Await.until("the best-ranked policy is back", TIMEOUT_MILLIS,
                    () -> "linux".equals(stack.defaultPolicy().name()), () -> stack.defaultPolicy().name());
            synchronized (stackEvents) {
                assertEquals("the stack service was never unregistered", List.of(), stackEvents);
            }
            assertSame(before, context.getService(context.getServiceReference(TcpStack.class)));
        } finally {
            if (pin != null) {
                pin.delete();
            }
            context.removeServiceListener(listener);
        }
    }

    @Test
    public void withThePolicyBundlesStoppedTheStackHasNoPolicyAndRecoversWhenOneReturns() throws Exception {
        Bundle linux = bundle("org.tcplab.policy-linux");
        Bundle rfc793 = bundle("org.tcplab.policy-rfc793");
        try {
            linux.stop();
            Await.until("the RFC 793 policy takes over", TIMEOUT_MILLIS,
                    () -> stack.defaultPolicy() != null && "rfc793".equals(stack.defaultPolicy().name()),
                    () -> stack.defaultPolicy());
            rfc793.stop();
            Await.until("no policy is left", TIMEOUT_MILLIS, () -> stack.defaultPolicy() == null,
                    () -> stack.defaultPolicy());
        } finally {
            rfc793.start();
            linux.start();
        }
        Await.until("the Linux-style policy is back", TIMEOUT_MILLIS,
                () -> stack.defaultPolicy() != null && "linux".equals(stack.defaultPolicy().name()),
                () -> stack.defaultPolicy());
        RstPolicy policy = stack.defaultPolicy();
        assertEquals("linux", policy.name());
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
