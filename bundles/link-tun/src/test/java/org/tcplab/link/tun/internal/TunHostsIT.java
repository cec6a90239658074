package org.tcplab.link.tun.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tcplab.link.pcap.PcapCapture;
import org.tcplab.link.pcap.PcapReader;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.tcp.internal.TcpEngine;

/** What the configuration and the shell drive: a host up on TUN with a pcap tap and the page; curl fetches it. */
@ExtendWith(RootOnlyHere.class)
class TunHostsIT {

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue() + "\n" + out;
    }

    @Test
    void curlFetchesThePageOverTunAndThePcapTapRecordsEveryDatagramTheHostSawOrSent(@TempDir Path dir) throws Exception {
        String ns = "tcplab-test-" + HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
            (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
        String name = "tlh" + ns.substring(ns.length() - 6);
        run("ip", "netns", "add", ns);
        TunHosts hosts = new TunHosts(TcpEngine.of(new LinuxPolicy()));
        try {
            Path pcap = dir.resolve("tun.pcap");
            Map<String, String> values = new LinkedHashMap<>(Map.of("name", name, "kernel", "198.51.100.1/24",
                "address", "198.51.100.2", "netns", ns, "pcap", pcap.toString(), "http", "80"));
            TunHosts.Entry e = hosts.up("test", TunOptions.parse(values));

            String curl = run("ip", "netns", "exec", ns, "curl", "-sS", "--max-time", "10", "http://198.51.100.2/dark/corners");
            assertTrue(curl.startsWith("0\nHello from tcplab host tun-" + name + " over TUN.\nYou asked: GET /dark/corners HTTP/1.1\n"), curl);

            IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> hosts.up("again", TunOptions.parse(values)));
            assertEquals("tun " + name + " is already up (from test)", twice.getMessage());

            assertTrue(hosts.down(name));
            long seen = e.link().received() + e.link().sent(); // final once the link is closed
            assertNotEquals(0, Integer.parseInt(run("ip", "-n", ns, "link", "show", "dev", name).split("\n")[0]),
                "the interface is gone");

            PcapCapture capture = PcapReader.readAll(pcap);
            assertTrue(capture.error().isEmpty(), capture.toString());
            assertEquals(seen, capture.records().size(), "one record per datagram in or out");
            String tshark = run("tshark", "-r", pcap.toString(), "-Y", "http.request", "-T", "fields", "-e", "http.request.uri");
            assertEquals("0\n/dark/corners\n", tshark.replaceAll("(?m)^Running as user.*\n", ""));
        } finally {
            hosts.deactivate();
            run("ip", "netns", "del", ns);
        }
    }

    @Test
    void aCaptureFileThatCannotBeWrittenStopsTheBringUpBeforeAnyInterfaceIsMade(@TempDir Path dir) throws Exception {
        TunHosts hosts = new TunHosts(TcpEngine.of(new LinuxPolicy()));
        Path notADir = Files.createFile(dir.resolve("file"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hosts.up("test",
            TunOptions.parse(Map.of("name", "tlhbad0", "kernel", "198.51.100.1/24", "address", "198.51.100.2",
                "pcap", notADir.resolve("x.pcap").toString()))));
        assertTrue(e.getMessage().startsWith("cannot write the capture: "), e.getMessage());
        assertNotEquals(0, Integer.parseInt(run("ip", "link", "show", "dev", "tlhbad0").split("\n")[0]));
        assertTrue(hosts.list().isEmpty());
    }
}
