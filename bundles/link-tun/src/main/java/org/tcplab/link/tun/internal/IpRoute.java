package org.tcplab.link.tun.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.tcplab.link.tun.TunException;
import org.tcplab.link.tun.TunException.Reason;

/**
 * Configures an interface with iproute2, the way an administrator would ({@code ip link set}, {@code ip addr
 * add}), in tcplab's namespace or, with {@code ip -n NS}, in a named one. A failing command becomes one
 * TunException quoting the command and ip's own answer.
 */
public final class IpRoute {

    private static final long TIMEOUT_SECONDS = 10;

    private final String netns;

    /** @param netns the namespace to configure in, or null for tcplab's own */
    public IpRoute(String netns) {
        this.netns = netns;
    }

    /** Whether {@code ip netns add NAME} made this namespace. */
    public static boolean netnsExists(String name) {
        return Files.exists(Path.of("/run/netns", name));
    }

    /** {@code ip link set dev NAME netns NS}: the device moves, our descriptor keeps working. Run in tcplab's namespace. */
    public static void moveToNetns(String device, String netns) throws TunException {
        run(null, "link", "set", "dev", device, "netns", netns);
    }

    /** Sets the MTU and the length of the kernel's transmit queue (for TUN: datagrams waiting for our reader). */
    public void setMtuAndTxQueue(String device, int mtu, int txQueueLength) throws TunException {
        run(netns, "link", "set", "dev", device, "mtu", Integer.toString(mtu), "txqueuelen", Integer.toString(txQueueLength));
    }

    public void addAddress(String device, String cidr) throws TunException {
        run(netns, "addr", "add", cidr, "dev", device);
    }

    public void up(String device) throws TunException {
        run(netns, "link", "set", "dev", device, "up");
    }

    /** Whether the device exists (in this namespace). */
    public boolean exists(String device) {
        try {
            run(netns, "link", "show", "dev", device);
            return true;
        } catch (TunException e) {
            return false;
        }
    }

    private static String run(String netns, String... args) throws TunException {
        List<String> command = new ArrayList<>();
        command.add("ip");
        if (netns != null) {
            command.add("-n");
            command.add(netns);
        }
        command.addAll(List.of(args));
        String shown = String.join(" ", command);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new TunException(Reason.CONFIGURE_FAILED, "cannot run '" + shown + "': " + e.getMessage()
                + " (is iproute2 installed?)");
        }
        try (InputStream out = p.getInputStream()) {
            p.getOutputStream().close();
            String answer = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new TunException(Reason.CONFIGURE_FAILED, "'" + shown + "' did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new TunException(Reason.CONFIGURE_FAILED, "'" + shown + "' failed: "
                    + (answer.isEmpty() ? "exit status " + p.exitValue() : answer.replace('\n', ' ')));
            }
            return answer;
        } catch (IOException e) {
            throw new TunException(Reason.CONFIGURE_FAILED, "'" + shown + "': " + e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TunException(Reason.CONFIGURE_FAILED, "'" + shown + "' interrupted");
        }
    }
}
