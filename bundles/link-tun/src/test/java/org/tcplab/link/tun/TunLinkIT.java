package org.tcplab.link.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tcplab.link.tun.internal.TunDevice;

/** The device layer against the real kernel: make, configure, probe, remove; and the clear errors. */
@ExtendWith(RootOnly.class)
class TunLinkIT {

    static String freshName() {
        return "tlt" + HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
            (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
    }

    static TunSettings settings(String name, Netns ns) {
        return TunSettings.of(name, "192.0.2.1/24", "192.0.2.2").withNetns(ns.name);
    }

    @Test
    void openMakesAConfiguredInterfaceInTheNamespaceAndCloseRemovesIt() throws Exception {
        try (Netns ns = Netns.create()) {
            String name = freshName();
            TunLink link = TunLink.open(settings(name, ns).withMtu(1400));
            try {
                String shown = ns.exec("ip", "-o", "addr", "show", "dev", name).output();
                assertTrue(shown.contains("inet 192.0.2.1/24"), shown);
                String linkShown = ns.exec("ip", "-o", "link", "show", "dev", name).output();
                assertTrue(linkShown.contains("mtu 1400") && linkShown.contains(",UP,"), linkShown);
                assertTrue(linkShown.contains("qlen 1000"), "a TUN device's default queue of 500 was raised: " + linkShown);
                assertNotEquals(0, Netns.Run.of("ip", "link", "show", "dev", name).status(),
                    "the interface must have left tcplab's namespace");
                assertTrue(link.probesSent() >= 1);
                System.out.println("[tun] " + name + " ready after " + link.readiness().toNanos() / 1000 + " us, "
                    + link.probesSent() + " probe(s)");
            } finally {
                link.close();
            }
            assertNotEquals(0, ns.exec("ip", "link", "show", "dev", name).status(), "the interface must be gone");
            assertFalse(link.isOpen());
        }
    }

    @Test
    void anInterfaceNameInUseIsOneClearErrorAndTakesNothingOver() throws Exception {
        try (Netns ns = Netns.create()) {
            String name = freshName();
            TunDevice other = TunDevice.create(name, 2000);
            try {
                TunException e = assertThrows(TunException.class, () -> TunLink.open(settings(name, ns)));
                assertEquals(TunException.Reason.NAME_TAKEN, e.reason());
                assertEquals("cannot create TUN interface " + name + ": EBUSY (an interface of that name already exists)",
                    e.getMessage());
                assertEquals(0, e.getStackTrace().length);
            } finally {
                other.release();
            }
            assertNotEquals(0, Netns.Run.of("ip", "link", "show", "dev", name).status());
        }
    }

    @Test
    void aMissingNamespaceIsOneClearErrorAndNoInterfaceIsMade() {
        String name = freshName();
        TunException e = assertThrows(TunException.class, () -> TunLink.open(
            TunSettings.of(name, "192.0.2.1/24", "192.0.2.2").withNetns("tcplab-test-does-not-exist")));
        assertEquals(TunException.Reason.NO_NETNS, e.reason());
        assertEquals("network namespace tcplab-test-does-not-exist does not exist (make it with: ip netns add "
            + "tcplab-test-does-not-exist)", e.getMessage());
        assertNotEquals(0, Netns.Run.of("ip", "link", "show", "dev", name).status());
    }

    @Test
    void aFailingConfigurationStepRemovesTheInterface() throws Exception {
        try (Netns ns = Netns.create()) {
            String name = freshName();
            // An interface of the same name already in the namespace: the move fails after the device exists.
            Netns.Run.check("ip", "-n", ns.name, "link", "add", name, "type", "veth", "peer", "name", name + "p");
            TunException e = assertThrows(TunException.class, () -> TunLink.open(settings(name, ns).withReadyTimeout(
                java.time.Duration.ZERO)));
            assertEquals(TunException.Reason.CONFIGURE_FAILED, e.reason());
            assertTrue(e.getMessage().startsWith("'ip link set dev " + name + " netns " + ns.name + "' failed: "),
                e.getMessage());
            assertNotEquals(0, Netns.Run.of("ip", "link", "show", "dev", name).status(),
                "the TUN interface must be gone from tcplab's namespace");
            assertTrue(ns.exec("ip", "-d", "link", "show", "dev", name).output().contains("veth"));
        }
    }

    /** Runs OpenOnce in a JVM started through {@code prefix} (a command that changes its world). */
    private static Netns.Run openOnceVia(String... prefix) {
        java.util.List<String> c = new java.util.ArrayList<>(java.util.List.of(prefix));
        c.addAll(java.util.List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), OpenOnce.class.getName(), freshName()));
        return Netns.Run.of(c.toArray(String[]::new));
    }

    @Test
    void withoutCapNetAdminTheErrorIsOneLineNamingEperm() {
        Netns.Run r = openOnceVia("setpriv", "--bounding-set", "-net_admin", "--inh-caps", "-net_admin");
        assertEquals(3, r.status(), r.output());
        assertTrue(r.output().matches("NO_PRIVILEGE: cannot create TUN interface tlt[0-9a-f]{6}: EPERM "
            + "\\(needs CAP_NET_ADMIN: run as root\\)\n"), r.output());
    }

    @Test
    void withoutDevNetTunTheErrorIsOneLineNamingEnoent() {
        Netns.Run r = openOnceVia("unshare", "--mount", "--propagation", "private", "sh", "-c",
            "mount -t tmpfs tmpfs /dev/net && exec \"$0\" \"$@\"");
        assertEquals(3, r.status(), r.output());
        assertEquals("NO_DEVICE: cannot open /dev/net/tun: ENOENT (no TUN support here: modprobe tun, or give the "
            + "container /dev/net/tun)\n", r.output());
    }

    @Test
    void theKernelPingsAHostOnTheLink() throws Exception {
        try (Netns ns = Netns.create(); KernelPeer peer = KernelPeer.open(ns)) {
            Netns.Run ping = ns.exec("ping", "-c", "3", "-i", "0.2", "-W", "2", "192.0.2.2");
            assertEquals(0, ping.status(), ping.output());
            assertTrue(ping.output().contains("3 received"), ping.output());
        }
    }
}
