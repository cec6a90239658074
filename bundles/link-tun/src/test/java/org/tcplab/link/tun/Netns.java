package org.tcplab.link.tun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace made for one test ({@code tcplab-test-<random>}) with its loopback up, and the way to
 * run the kernel's programs in it. Closing deletes it (and so every interface moved into it).
 */
final class Netns implements AutoCloseable {

    final String name;
    private final List<Process> started = new ArrayList<>();

    private Netns(String name) {
        this.name = name;
    }

    static Netns create() {
        byte[] r = new byte[4];
        ThreadLocalRandom.current().nextBytes(r);
        Netns ns = new Netns("tcplab-test-" + HexFormat.of().formatHex(r));
        Run.check("ip", "netns", "add", ns.name);
        Run.check("ip", "-n", ns.name, "link", "set", "lo", "up");
        return ns;
    }

    /** Runs {@code command} in the namespace and waits for it. */
    Run exec(String... command) {
        return Run.of(inside(command));
    }

    /** Starts {@code command} in the namespace; it is killed when the namespace is closed. */
    Process start(String... command) {
        try {
            Process p = new ProcessBuilder(inside(command)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            started.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code python3 kpeer.py args...} in the namespace. */
    Run kpeer(String... args) {
        return exec(kpeerCommand(args));
    }

    String[] kpeerCommand(String... args) {
        List<String> c = new ArrayList<>(List.of("python3", kpeerPath()));
        c.addAll(List.of(args));
        return c.toArray(String[]::new);
    }

    static String kpeerPath() {
        try {
            return Path.of(Netns.class.getResource("kpeer.py").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private String[] inside(String... command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", name));
        c.addAll(List.of(command));
        return c.toArray(String[]::new);
    }

    @Override
    public void close() {
        for (Process p : started) {
            p.destroyForcibly();
        }
        Run.of("ip", "netns", "del", name);
    }

    /** A finished command: its exit status and its stdout and stderr together. */
    record Run(int status, String output) {

        static Run of(String... command) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("timed out: " + String.join(" ", command));
                }
                return new Run(p.exitValue(), out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        static Run check(String... command) {
            Run r = of(command);
            if (r.status != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + r.output);
            }
            return r;
        }

        /** The last line of the output (kpeer.py's JSON result). */
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1];
        }
    }
}
