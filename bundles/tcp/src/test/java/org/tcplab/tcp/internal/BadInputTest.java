package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tcplab.api.host.DropReason;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.SocketOption;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.policy.linux.internal.LinuxPolicy;

/**
 * Malformed packets fed to a host that is serving a connection: each is dropped and counted with its reason,
 * nothing is sent in answer, and the connection goes on. The seeds are the wire codec's malformed fixtures, one
 * per parse error (copied from bundles/wire/src/test/resources), plus seeded random garbage and truncations.
 */
class BadInputTest {

    static final Endpoint SERVER = Endpoint.of("192.0.2.2", 80);

    final List<RstPolicy> policies = new java.util.concurrent.CopyOnWriteArrayList<>();
    MemoryNetwork net;
    Host host;
    Probe probe;
    Host peer;
    TcpSocket client;
    TcpSocket served;

    @BeforeEach
    void hostServingAConnection() {
        net = new MemoryNetwork();
        MemoryNetwork.MemoryLink[] link = net.link(Duration.ofMillis(1), 0, 3);
        policies.add(new LinuxPolicy());
        TcpEngine engine = new TcpEngine(() -> policies.get(0),
                n -> policies.stream().filter(p -> p.name().equals(n)).findFirst().orElse(null),
                () -> policies.stream().map(RstPolicy::name).toList());
        host = net.host(engine, HostConfig.builder("host").address("192.0.2.2").address("192.0.2.1").link(link[0]));
        peer = net.host(engine, HostConfig.builder("peer").address("192.0.2.9").link(link[1]));
        TcpSocket l = host.tcpSocket();
        l.bind(SERVER);
        l.listen(1);
        client = peer.tcpSocket();
        client.connect(SERVER);
        net.run(Duration.ofMillis(10));
        served = l.accept().value();
        link[0].record = true;
        probe = null;
        this.link = link;
    }

    MemoryNetwork.MemoryLink[] link;

    void feed(byte[] datagram) {
        link[0].inject(datagram);
        net.run(Duration.ofMillis(5));
    }

    void assertStillServing() {
        assertEquals(TcpState.ESTABLISHED, served.state());
        client.send("ping".getBytes(StandardCharsets.US_ASCII));
        net.run(Duration.ofMillis(10));
        assertEquals("ping", new String(served.recv(100).value(), StandardCharsets.US_ASCII));
    }

    static byte[] seed(String name) throws IOException {
        try (InputStream in = BadInputTest.class.getResourceAsStream("malformed/" + name + ".bin")) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    @Test
    void everyMalformedSeedIsDroppedWithItsReasonAndNeverAnswered() throws IOException {
        Map<String, DropReason> expected = Map.ofEntries(
                Map.entry("TRUNCATED", DropReason.PKT_TOO_SMALL),
                Map.entry("BAD_VERSION", DropReason.IP_INHDR),
                Map.entry("BAD_IHL", DropReason.IP_INHDR),
                Map.entry("BAD_TOTAL_LENGTH", DropReason.IP_INHDR),
                Map.entry("BAD_IP_CHECKSUM", DropReason.IP_INHDR),
                Map.entry("FRAGMENT", DropReason.IP_FRAGMENT),
                Map.entry("UNSUPPORTED_PROTOCOL", DropReason.UNHANDLED_PROTO),
                Map.entry("BAD_DATA_OFFSET", DropReason.PKT_TOO_SMALL),
                Map.entry("BAD_TCP_CHECKSUM", DropReason.TCP_CSUM),
                Map.entry("MALFORMED_OPTION", DropReason.PKT_TOO_SMALL),
                Map.entry("BAD_UDP_LENGTH", DropReason.PKT_TOO_SMALL),
                Map.entry("BAD_UDP_CHECKSUM", DropReason.UDP_CSUM),
                Map.entry("BAD_ICMP_CHECKSUM", DropReason.ICMP_CSUM));
        for (Map.Entry<String, DropReason> e : expected.entrySet()) {
            Map<DropReason, Long> before = host.drops();
            link[0].sent.clear();
            feed(seed(e.getKey()));
            Map<DropReason, Long> after = host.drops();
            assertEquals(before.getOrDefault(e.getValue(), 0L) + 1, after.getOrDefault(e.getValue(), 0L),
                    e.getKey());
            assertEquals(before.values().stream().mapToLong(Long::longValue).sum() + 1,
                    after.values().stream().mapToLong(Long::longValue).sum(), e.getKey() + " counted once");
            assertEquals(List.of(), link[0].sent, e.getKey() + " must not be answered");
        }
        assertStillServing();
    }

    @Test
    void seededGarbageAndEveryTruncationOfARealSegmentAreDroppedAndTheHostKeepsServing() {
        Random r = new Random(42);
        long fed = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[r.nextInt(80)];
            r.nextBytes(junk);
            if (junk.length > 0 && r.nextBoolean()) {
                junk[0] = 0x45; // looks like IPv4 to get further in
            }
            link[0].inject(junk);
            fed++;
        }
        byte[] real = Probe.bytes(Endpoint.of("192.0.2.9", 4000), SERVER, "<SEQ=1><DATA=20><CTL=SYN,FIN>");
        for (int n = 0; n < real.length; n++) {
            link[0].inject(java.util.Arrays.copyOf(real, n));
            fed++;
        }
        net.run(Duration.ofMillis(5));
        long dropped = host.drops().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(fed, dropped);
        assertEquals(0L, host.drops().getOrDefault(DropReason.INTERNAL_ERROR, 0L));
        assertStillServing();
    }

    @Test
    void aBugInOneConnectionIsContainedAndTheHostGoesOn() {
        // A third-party policy that throws, pinned to the served connection only.
        RstPolicy buggy = (RstPolicy) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RstPolicy.class}, (proxy, method, args) -> {
                    if (method.getName().equals("name")) {
                        return "buggy";
                    }
                    throw new IllegalStateException("bug in policy");
                });
        policies.add(buggy);
        assertEquals(Result.ok(), served.setOption(SocketOption.TCPLAB_POLICY, "buggy"));
        TcpSocket other = peer.tcpSocket();
        other.connect(SERVER);
        net.run(Duration.ofMillis(10));
        Connection victim = ((TcpHost) host).connections.values().stream()
                .filter(c -> "buggy".equals(c.policyPin)).findFirst().orElseThrow();
        // A RST in the window but not at RCV.NXT: the policy is asked, and throws.
        feed(Probe.bytes(victim.remote, victim.local, "<SEQ=" + Seq.add(victim.rcvNxt, 10) + "><CTL=RST>"));
        assertEquals(1L, host.drops().get(DropReason.INTERNAL_ERROR));
        assertEquals(TcpState.CLOSED, served.state());
        assertEquals(Errno.ECONNABORTED, served.recv(10).errno());
        assertEquals(TcpState.ESTABLISHED, other.state());
        assertEquals(Result.of(2), other.send("ok".getBytes(StandardCharsets.US_ASCII)));
        net.run(Duration.ofMillis(10));
        assertEquals(1, host.tcpSocket().bind(Endpoint.of("192.0.2.2", 81)).isOk() ? 1 : 0);
    }
}
