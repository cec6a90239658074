package org.tcplab.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;
import org.tcplab.launcher.ContainerConfig;

/**
 * The Pax Exam options that boot what {@code ./tcplab} boots: every bundle of {@code launcher/bundle/}, with
 * the framework properties of the launcher's {@code etc/config.properties}, in a fresh tcplab home (a copy of
 * {@code launcher/etc/} and an empty {@code deploy/}) so tests can drop files into it.
 *
 * <p>Runs on the driver side, in {@code @Configuration} methods.
 */
public final class TcplabContainer {

    /** The bundle set, as the launcher has it. */
    public static final Path BUNDLES = Path.of(System.getProperty("tcplab.bundles")).toAbsolutePath().normalize();

    private TcplabContainer() {
    }

    /** Options for a container in a new home directory named {@code name} under target/itest-work. */
    public static Option[] options(String name) {
        Path home = createHome(name);
        List<Option> options = new ArrayList<>();
        try {
            for (Map.Entry<String, String> p : ContainerConfig.frameworkProperties(home).entrySet()) {
                options.add(frameworkProperty(p.getKey()).value(p.getValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The tests drive the container; no Gogo console on the test JVM's standard input.
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        options.add(systemProperty(ContainerConfig.HOME_PROPERTY).value(home.toString()));
        for (Path jar : bundleJars()) {
            options.add(isFragment(jar) ? bundle(jar.toUri().toString()).noStart() : bundle(jar.toUri().toString()));
        }
        options.add(junitBundles());
        return options.toArray(Option[]::new);
    }

    /** The jars of launcher/bundle/, sorted as the launcher installs them. */
    public static List<Path> bundleJars() {
        try (Stream<Path> files = Files.list(BUNDLES)) {
            List<Path> jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            if (jars.isEmpty()) {
                throw new IllegalStateException(BUNDLES + " holds no bundles: build the launcher first");
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the launcher's bundle set " + BUNDLES, e);
        }
    }

    private static Path createHome(String name) {
        Path work = Path.of(System.getProperty("tcplab.itest.work", "target/itest-work"));
        Path home = work.resolve(name).toAbsolutePath().normalize();
        Path launcherEtc = BUNDLES.getParent().resolve("etc");
        try {
            deleteTree(home);
            Files.createDirectories(home.resolve("etc"));
            Files.createDirectories(home.resolve("deploy"));
            try (Stream<Path> files = Files.list(launcherEtc)) {
                for (Path f : files.toList()) {
                    Files.copy(f, home.resolve("etc").resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the test home " + home, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static boolean isFragment(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue("Fragment-Host") != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
