package org.tcplab.scenarios.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Measures the kernel's loopback TCP for the benchmark, as issue 6 asks: with the loopback's offloads off. As root
 * with {@code ip} and {@code ethtool} on the PATH it makes a network namespace of its own, brings its loopback up,
 * turns TSO, GSO and GRO off there (the machine's own loopback is never touched) and runs {@link KernelLoopback} as
 * a JVM inside it: once at the loopback's own MTU (65536) and once more at MTU 1500, the simulated link's. Otherwise
 * it measures in this JVM on the machine's loopback with its offloads as they are, and says so.
 */
final class KernelSide {

    /**
     * Rounds of each measure, in the order taken; {@code bulkMtu1500} is empty when it could not be measured.
     *
     * @param where how the kernel was measured, one line for the report
     */
    record Figures(String where, double[] bulkGbps, double[] bulkMtu1500Gbps, double[] connectsPerSecond) {
    }

    private static final String CLASS = KernelLoopback.class.getName();

    private KernelSide() {
    }

    static Figures measure(long bulkBytes, int connects, int rounds) throws IOException, InterruptedException {
        String why = whyNoNamespace();
        if (why != null) {
            double[] bulk = new double[rounds];
            double[] cps = new double[rounds];
            KernelLoopback.bulk(bulkBytes); // one whole round first, not reported, as for tcplab's side
            KernelLoopback.connects(connects);
            for (int i = 0; i < rounds; i++) {
                bulk[i] = KernelLoopback.bulk(bulkBytes);
                cps[i] = KernelLoopback.connects(connects);
            }
            return new Figures("this JVM on the machine's 127.0.0.1, its offloads as they are, NOT off (" + why + ")",
                    bulk, new double[0], cps);
        }
        return inNamespace(bulkBytes, connects, rounds);
    }

    /** Null when a namespace with its own loopback can be made here, else the reason it cannot. */
    static String whyNoNamespace() {
        if (!isRoot()) {
            return "not root: a network namespace needs root";
        }
        for (String tool : List.of("ip", "ethtool")) {
            if (onPath(tool) == null) {
                return tool + " is not on the PATH";
            }
        }
        return null;
    }

    private static Figures inNamespace(long bulkBytes, int connects, int rounds)
            throws IOException, InterruptedException {
        String ns = "tcplab-bench-" + ProcessHandle.current().pid();
        Path classes = Files.createTempDirectory("tcplab-bench");
        try {
            copyClass(classes);
            run("ip", "netns", "add", ns);
            try {
                run("ip", "-n", ns, "link", "set", "lo", "up");
                run("ip", "netns", "exec", ns, "ethtool", "-K", "lo", "tso", "off", "gso", "off", "gro", "off");
                String features = run("ip", "netns", "exec", ns, "ethtool", "-k", "lo");
                for (String f : List.of("tcp-segmentation-offload", "generic-segmentation-offload",
                        "generic-receive-offload")) {
                    if (!features.contains(f + ": off")) {
                        throw new IOException("ethtool left " + f + " on in namespace " + ns);
                    }
                }
                double[] bulk = child(ns, classes, "bulk", bulkBytes, rounds);
                double[] cps = child(ns, classes, "connects", connects, rounds);
                run("ip", "-n", ns, "link", "set", "lo", "mtu", "1500");
                double[] bulk1500 = child(ns, classes, "bulk", bulkBytes, rounds);
                return new Figures("a JVM of its own in network namespace " + ns
                        + ", 127.0.0.1 with TSO, GSO and GRO off (ethtool -K lo), MTU 65536 unless marked",
                        bulk, bulk1500, cps);
            } finally {
                run("ip", "netns", "del", ns);
            }
        } finally {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void copyClass(Path dir) throws IOException {
        String resource = "/" + CLASS.replace('.', '/') + ".class";
        Path target = dir.resolve(resource.substring(1));
        Files.createDirectories(target.getParent());
        try (InputStream in = KernelSide.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("cannot read " + resource + " from the scenarios bundle");
            }
            Files.copy(in, target);
        }
    }

    private static double[] child(String ns, Path classes, String measure, long size, int rounds)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String out = run("ip", "netns", "exec", ns, java, "-Xmx1g", "-cp", classes.toString(), CLASS, measure,
                Long.toString(size), Integer.toString(rounds));
        String[] words = out.trim().split("\\s+");
        if (words.length != rounds + 1) {
            throw new IOException("the kernel measure printed " + out.trim() + ", expected " + rounds + " figures");
        }
        return Arrays.stream(words, 1, words.length).mapToDouble(Double::parseDouble).toArray();
    }

    /** Runs a command, returns its standard output; a non-zero exit is an IOException with its error output. */
    private static String run(String... command) throws IOException, InterruptedException {
        String[] resolved = command.clone();
        Path tool = onPath(command[0]);
        if (tool != null) {
            resolved[0] = tool.toString();
        }
        Process p = new ProcessBuilder(resolved).start();
        // The outputs are small; read the error stream on a thread so that neither pipe can fill and block.
        List<String> err = new ArrayList<>(1);
        Thread errReader = new Thread(() -> {
            try {
                err.add(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.add(e.toString());
            }
        }, "bench-stderr");
        errReader.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": no exit after 10 minutes");
        }
        errReader.join();
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": exit " + p.exitValue() + ": "
                    + String.join("", err).trim());
        }
        return out;
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // the effective uid
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static Path onPath(String tool) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/sbin:/usr/bin:/sbin:/bin" : path + ":/usr/sbin:/sbin").split(":")) {
            Path p = Path.of(dir, tool);
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
