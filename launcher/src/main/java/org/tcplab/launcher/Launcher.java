package org.tcplab.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * Boots Felix from a Karaf-like home: {@code bundle/} (the bundle set, started at boot), {@code etc/} (*.cfg
 * applied live by FileInstall), {@code deploy/} (bundles hot-deployed by FileInstall).
 */
final class Launcher {

    private static final String GOGO_SHELL = "org.apache.felix.gogo.shell";
    private static final long READY_TIMEOUT_MILLIS = 20_000;

    private final Path home;

    Launcher(Path home) {
        this.home = home;
    }

    int run(List<String> args) throws LauncherException {
        boolean interactive = args.isEmpty();
        boolean help = !interactive && (args.get(0).equals("--help") || args.get(0).equals("-h"));
        Path cache = createCache();
        Framework framework = start(interactive, cache);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework, cache), "tcplab-stop"));
        try {
            List<Bundle> bundles = installBundleSet(framework);
            // The console reads the terminal as soon as its bundle starts: hold it back until the container is ready.
            Bundle shell = startAllBut(bundles, GOGO_SHELL);
            new Readiness(framework.getBundleContext(), shell).await(READY_TIMEOUT_MILLIS);
            if (interactive) {
                startBundle(shell);
                awaitStop(framework);
                return 0;
            }
            startBundle(shell); // with --nointeractive it registers its commands and opens no console
            Gogo gogo = new Gogo(framework.getBundleContext());
            if (help) {
                System.out.print(gogo.help());
                return 0;
            }
            return gogo.execute(args);
        } finally {
            stop(framework, cache);
        }
    }

    private Path createCache() throws LauncherException {
        try {
            return Files.createTempDirectory("tcplab-felix-");
        } catch (IOException e) {
            throw new LauncherException("cannot create the Felix cache directory: " + e.getMessage(), e);
        }
    }

    private Framework start(boolean interactive, Path cache) throws LauncherException {
        requireDirectory(home.resolve("bundle"), "the bundle set (build it with: mvn -q package -DskipTests)");
        Map<String, String> props;
        try {
            props = ContainerConfig.frameworkProperties(home);
        } catch (IOException e) {
            throw new LauncherException("cannot read " + home.resolve("etc/config.properties") + ": " + e.getMessage(), e);
        }
        props.put(Constants.FRAMEWORK_STORAGE, cache.toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // Gogo: the launcher starts the console itself once the container is ready, or never.
        props.put("gosh.args", interactive ? "" : "--nointeractive");
        Framework framework = new FrameworkFactory().newFramework(props);
        try {
            framework.start();
        } catch (BundleException e) {
            throw new LauncherException("the OSGi framework did not start: " + e.getMessage(), e);
        }
        return framework;
    }

    private List<Bundle> installBundleSet(Framework framework) throws LauncherException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(home.resolve("bundle"))) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted(Comparator.naturalOrder()).toList();
        } catch (IOException e) {
            throw new LauncherException("cannot list " + home.resolve("bundle") + ": " + e.getMessage(), e);
        }
        if (jars.isEmpty()) {
            throw new LauncherException(home.resolve("bundle") + " holds no bundles; build with: mvn -q package -DskipTests");
        }
        List<Bundle> bundles = new ArrayList<>();
        for (Path jar : jars) {
            try {
                bundles.add(framework.getBundleContext().installBundle(jar.toUri().toString()));
            } catch (BundleException e) {
                throw new LauncherException("cannot install " + jar.getFileName() + ": " + e.getMessage(), e);
            }
        }
        return bundles;
    }

    /** Starts every bundle except the one named {@code held}, which is returned to be started later. */
    private Bundle startAllBut(List<Bundle> bundles, String held) throws LauncherException {
        Bundle heldBundle = null;
        for (Bundle bundle : bundles) {
            if (held.equals(bundle.getSymbolicName())) {
                heldBundle = bundle;
            } else if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                startBundle(bundle);
            }
        }
        if (heldBundle == null) {
            throw new LauncherException("the bundle set has no " + held);
        }
        return heldBundle;
    }

    private static void startBundle(Bundle bundle) throws LauncherException {
        try {
            bundle.start();
        } catch (BundleException e) {
            throw new LauncherException("bundle " + bundle.getSymbolicName() + " did not start: " + e.getMessage(), e);
        }
    }

    private static void awaitStop(Framework framework) {
        try {
            framework.waitForStop(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the framework (idempotent) and removes its cache. Called on normal exit and on SIGTERM. */
    private static void stop(Framework framework, Path cache) {
        try {
            if ((framework.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                Shutdown.armWatchdog(1);
                framework.stop();
            }
            framework.waitForStop(Shutdown.WATCHDOG_MILLIS);
        } catch (BundleException e) {
            System.err.println("tcplab: stopping the framework: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteRecursively(cache);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // The cache lives under the temporary directory; a leftover is harmless.
        }
    }

    private static void requireDirectory(Path dir, String what) throws LauncherException {
        if (!Files.isDirectory(dir)) {
            throw new LauncherException(dir + " is missing: " + what);
        }
    }
}
