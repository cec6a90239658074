package org.tcplab.link.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.tcplab.api.host.Counter;
import org.tcplab.api.host.Host;
import org.tcplab.api.link.LinkListener;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.wire.Datagram;
import org.tcplab.wire.IcmpRepr;
import org.tcplab.wire.IpProtocol;
import org.tcplab.wire.TcpFlags;
import org.tcplab.wire.TcpRepr;

class SimNetworkTest {

    static final int A = Endpoint.parseAddress("10.0.0.1");
    static final int B = Endpoint.parseAddress("10.0.0.2");

    /** A TCP segment from A:1000 to B:80 with {@code seq}, {@code flags} and {@code payload} bytes of data. */
    static ByteBuffer segment(long seq, int flags, int payload) {
        TcpRepr t = TcpRepr.builder().ports(1000, 80).seq(seq).flags(flags).window(1000)
                .payload(new byte[payload]).build();
        ByteBuffer b = ByteBuffer.allocate(1600);
        int n = Datagram.emitTcp(b, 0, A, B, 64, t);
        return b.limit(n);
    }

    /** Raw ports A and B with no hosts; what B's link receives, with the time. */
    SimNetwork net;
    SimPort a;
    SimPort b;
    List<long[]> arrivals;
    List<byte[]> arrived;

    @BeforeEach
    void ports() {
        net = new SimNetwork(7);
        a = net.port("A", "10.0.0.1");
        b = net.port("B", "10.0.0.2");
        arrivals = new ArrayList<>();
        arrived = new ArrayList<>();
        b.attach(d -> {
            byte[] copy = new byte[d.remaining()];
            d.duplicate().get(copy);
            arrived.add(copy);
            arrivals.add(new long[] {net.now(), ByteBuffer.wrap(copy).getInt(24)});
        });
    }

    /** Sends {@code n} segments A -> B, one per millisecond, SEQ = 0..n-1, and runs until all is done. */
    void sendMany(int n) {
        for (int i = 0; i < n; i++) {
            long seq = i;
            net.at(i * 1_000_000L, () -> a.send(segment(seq, TcpFlags.ACK, 10)));
        }
        net.runFor(Duration.ofSeconds(n / 1000 + 10));
    }

    @Test
    void aDatagramIsHandedOverForGoodWhileTheSenderReusesItsBufferAndACorruptionIsACopy() {
        List<byte[]> kept = new ArrayList<>();
        b.attach(new LinkListener() {
            @Override
            public void received(ByteBuffer datagram) {
                throw new AssertionError("the simulated link hands its datagrams over");
            }

            @Override
            public void receivedImmutable(byte[] datagram) {
                kept.add(datagram);
            }
        });
        List<WireEvent.Sent> sent = new ArrayList<>();
        net.addListener(e -> {
            if (e instanceof WireEvent.Sent s) {
                sent.add(s);
            }
        });
        ByteBuffer out = segment(1, TcpFlags.ACK, 10);
        byte[] original = new byte[out.remaining()];
        out.duplicate().get(original);
        a.send(out);
        out.put(40, (byte) 0x5A); // the sender's buffer is its own again once send returns
        net.runFor(Duration.ofSeconds(1));
        net.path("A", "B").corrupt(1.0);
        a.send(segment(2, TcpFlags.ACK, 10));
        net.runFor(Duration.ofSeconds(1));
        assertEquals(2, kept.size());
        assertArrayEquals(original, kept.get(0));
        assertNotEquals(Arrays.toString(sent.get(1).bytes()), Arrays.toString(kept.get(1)), "corrupted on the way");
        assertArrayEquals(segment(2, TcpFlags.ACK, 10).array(), Arrays.copyOf(sent.get(1).bytes(), 1600),
                "what was sent stays as it was sent");
    }

    @Test
    void aListenerWrittenForTheLendingContractGetsAReadOnlyView() {
        List<Boolean> readOnly = new ArrayList<>();
        b.attach(d -> readOnly.add(d.isReadOnly()));
        a.send(segment(1, TcpFlags.ACK, 10));
        net.runFor(Duration.ofSeconds(1));
        assertEquals(List.of(true), readOnly);
    }

    @Test
    void theClockJumpsToTheNextEventAndNothingWaits() {
        net.path("A", "B").delay(Duration.ofSeconds(3600));
        a.send(segment(1, TcpFlags.SYN, 0));
        long wall = System.nanoTime();
        assertTrue(net.step());
        assertEquals(Duration.ofSeconds(3600).toNanos(), net.now());
        assertEquals(1, arrived.size());
        assertFalse(net.step(), "nothing left to do");
        assertTrue(System.nanoTime() - wall < Duration.ofSeconds(5).toNanos());
    }

    @Test
    void aDelayDelaysEveryDatagramByExactlyThatMuch() {
        net.path("A", "B").delay(Duration.ofMillis(25));
        sendMany(10);
        for (int i = 0; i < 10; i++) {
            assertEquals(i * 1_000_000L + 25_000_000L, arrivals.get(i)[0]);
        }
    }

    @Test
    void jitterAddsUpToItsBoundAndTheSameSeedGivesTheSameTimes() {
        net.path("A", "B").delay(Duration.ofMillis(10)).jitter(Duration.ofMillis(4));
        sendMany(200);
        long[] times = arrivals.stream().mapToLong(x -> x[0] - x[1] * 1_000_000L).sorted().toArray();
        assertEquals(200, times.length);
        assertTrue(times[0] >= 10_000_000L && times[199] <= 14_000_000L, Arrays.toString(times));
        assertTrue(times[199] - times[0] > 2_000_000L, "the delays really vary");
        List<long[]> first = List.copyOf(arrivals);
        ports();
        net.path("A", "B").delay(Duration.ofMillis(10)).jitter(Duration.ofMillis(4));
        sendMany(200);
        for (int i = 0; i < 200; i++) {
            assertArrayEquals(first.get(i), arrivals.get(i));
        }
    }

    @Test
    void lossLosesAboutThatShareAndCountsIt() {
        net.path("A", "B").loss(0.3);
        sendMany(5000);
        int got = arrived.size();
        assertTrue(got > 3300 && got < 3700, "delivered " + got + " of 5000 at 30% loss");
        assertEquals(5000 - got, net.stats().dropped().get(WireDrop.LOSS));
    }

    @Test
    void duplicationDeliversASecondIdenticalCopy() {
        net.path("A", "B").duplicate(1.0);
        sendMany(50);
        assertEquals(100, arrived.size());
        assertEquals(50, net.stats().duplicated());
        for (int seq = 0; seq < 50; seq++) {
            int s = seq;
            assertEquals(2, arrivals.stream().filter(x -> x[1] == s).count());
        }
    }

    @Test
    void reorderingLetsLaterDatagramsOvertakeAndLosesNothing() {
        net.path("A", "B").reorder(0.2, Duration.ofMillis(5));
        sendMany(500);
        assertEquals(500, arrived.size());
        int inversions = 0;
        for (int i = 1; i < arrivals.size(); i++) {
            if (arrivals.get(i)[1] < arrivals.get(i - 1)[1]) {
                inversions++;
            }
        }
        assertTrue(inversions > 50, "inversions: " + inversions);
    }

    @Test
    void corruptionFlipsOneByteAfterTheIpHeaderSoTheChecksumFails() {
        net.path("A", "B").corrupt(1.0);
        List<byte[]> sent = new ArrayList<>();
        net.addListener(e -> {
            if (e instanceof WireEvent.Sent s) {
                sent.add(s.bytes());
            }
        });
        sendMany(100);
        assertEquals(100, arrived.size());
        for (int i = 0; i < 100; i++) {
            byte[] got = arrived.get(i);
            byte[] orig = sent.get(i);
            int differing = 0;
            for (int k = 0; k < got.length; k++) {
                if (got[k] != orig[k]) {
                    differing++;
                    assertTrue(k >= 20, "only bytes after the IPv4 header are flipped");
                }
            }
            assertEquals(1, differing);
            assertFalse(Datagram.parse(ByteBuffer.wrap(got)).isOk(), "the checksum no longer verifies");
        }
        assertEquals(100, net.stats().corrupted());
    }

    @Test
    void aDatagramOverThePathMtuIsDroppedAndCounted() {
        net.path("A", "B").mtu(576);
        a.send(segment(1, TcpFlags.ACK, 536)); // 576 bytes: fits
        a.send(segment(2, TcpFlags.ACK, 537)); // 577 bytes: does not
        net.runFor(Duration.ofSeconds(1));
        assertEquals(1, arrived.size());
        assertEquals(1L, net.stats().dropped().get(WireDrop.MTU));
        assertThrows(IllegalArgumentException.class, () -> net.path("A", "B").mtu(20));
    }

    @Test
    void aFilterDropsExactlyTheNextCountOfMatchingDatagrams() {
        net.path("A", "B").drop(Match.tcpFlags(TcpFlags.FIN), 1, "lose the next FIN from A");
        a.send(segment(1, TcpFlags.ACK, 0));
        a.send(segment(2, TcpFlags.FIN | TcpFlags.ACK, 0));
        a.send(segment(3, TcpFlags.FIN | TcpFlags.ACK, 0));
        List<WireEvent.Dropped> drops = new ArrayList<>();
        net.addListener(e -> {
            if (e instanceof WireEvent.Dropped d) {
                drops.add(d);
            }
        });
        a.send(segment(4, TcpFlags.FIN | TcpFlags.ACK, 0));
        net.runFor(Duration.ofSeconds(1));
        assertEquals(List.of(1L, 3L, 4L), arrivals.stream().map(x -> x[1]).toList());
        assertTrue(drops.isEmpty(), "the rule was spent on seq 2");
        assertEquals(1L, net.stats().dropped().get(WireDrop.FILTER));
    }

    @Test
    void aHoldingFilterDeliversTheMatchingDatagramLaterSoOthersOvertakeIt() {
        net.path("A", "B").delay(Duration.ofMillis(10))
                .hold(Match.tcpFlags(TcpFlags.SYN), 1, Duration.ofMillis(40), "an old SYN still in the network");
        a.send(segment(100, TcpFlags.SYN, 0));
        a.send(segment(200, TcpFlags.ACK, 0));
        net.runFor(Duration.ofSeconds(1));
        assertEquals(List.of(200L, 100L), arrivals.stream().map(x -> x[1]).toList());
        assertEquals(10_000_000L, arrivals.get(0)[0]);
        assertEquals(50_000_000L, arrivals.get(1)[0]);
    }

    @Test
    void aRejectingFilterAnswersWithIcmpAdministrativelyProhibited() {
        List<byte[]> atA = atA();
        net.path("A", "B").reject(Match.tcpFlags(TcpFlags.SYN), -1, "no SYN to B");
        a.send(segment(1, TcpFlags.SYN, 0));
        net.runFor(Duration.ofSeconds(1));
        IcmpRepr.DestUnreachable u = theOneUnreachableAtA(atA);
        assertEquals(13, u.code());
        assertEquals(1L, u.quote().tcpSeq());
    }

    /** What A's link receives. */
    private List<byte[]> atA() {
        List<byte[]> atA = new ArrayList<>();
        a.attach(d -> {
            byte[] copy = new byte[d.remaining()];
            d.duplicate().get(copy);
            atA.add(copy);
        });
        return atA;
    }

    /** Nothing reached B, and A got exactly one datagram: ICMP destination unreachable from B's address. */
    private IcmpRepr.DestUnreachable theOneUnreachableAtA(List<byte[]> atA) {
        assertEquals(0, arrived.size());
        assertEquals(1, atA.size());
        Datagram d = Datagram.parse(ByteBuffer.wrap(atA.get(0))).value();
        assertEquals(IpProtocol.ICMP, d.ip().protocol());
        assertEquals(B, d.ip().src());
        return (IcmpRepr.DestUnreachable) d.payload();
    }

    @Test
    void aDatagramOverThePathMtuWithDfIsAnsweredWithFragmentationNeededUnlessThePathIsABlackHole() {
        List<byte[]> atA = atA();
        net.path("A", "B").mtu(576);
        a.send(segment(7, TcpFlags.ACK, 537)); // 577 bytes, DF set (as the engine sends everything)
        net.runFor(Duration.ofSeconds(1));
        IcmpRepr.DestUnreachable u = theOneUnreachableAtA(atA);
        assertEquals(IcmpRepr.CODE_FRAGMENTATION_NEEDED, u.code());
        assertEquals(576, u.nextHopMtu());
        assertEquals(7L, u.quote().tcpSeq());

        net.path("A", "B").blackHole(true);
        a.send(segment(8, TcpFlags.ACK, 537));
        net.runFor(Duration.ofSeconds(1));
        assertEquals(0, arrived.size());
        assertEquals(1, atA.size(), "a black hole answers nothing");
        assertEquals(2L, net.stats().dropped().get(WireDrop.MTU));
    }

    @Test
    void aPartitionCutsBothWaysUntilHealed() {
        net.partition(List.of("A"));
        a.send(segment(1, TcpFlags.ACK, 0));
        net.runFor(Duration.ofSeconds(1));
        net.heal();
        a.send(segment(2, TcpFlags.ACK, 0));
        net.runFor(Duration.ofSeconds(1));
        assertEquals(List.of(2L), arrivals.stream().map(x -> x[1]).toList());
        assertEquals(1L, net.stats().dropped().get(WireDrop.PARTITION));
        assertTrue(net.path("B", "A").toString().equals("B->A") && !net.path("B", "A").cut);
    }

    @Test
    void anInjectedDatagramIsRoutedByItsDestinationAndSeen() {
        List<WireEvent> seen = new ArrayList<>();
        net.addListener(seen::add);
        net.inject(segment(90, TcpFlags.SYN, 0), Duration.ofMillis(2));
        net.runFor(Duration.ofSeconds(1));
        assertEquals(1, arrived.size());
        assertEquals(2_000_000L, arrivals.get(0)[0]);
        assertEquals(SimNetwork.INJECTED, seen.get(0).from());
        assertTrue(seen.get(1) instanceof WireEvent.Delivered);
    }

    @Test
    void aDatagramForNoAddressIsDroppedAsNoRoute() {
        TcpRepr t = TcpRepr.builder().ports(1, 2).seq(1).flags(TcpFlags.SYN).build();
        ByteBuffer buf = ByteBuffer.allocate(100);
        int n = Datagram.emitTcp(buf, 0, A, Endpoint.parseAddress("10.9.9.9"), 64, t);
        a.send(buf.limit(n));
        net.runFor(Duration.ofSeconds(1));
        assertEquals(1L, net.stats().dropped().get(WireDrop.NO_ROUTE));
        assertThrows(IllegalArgumentException.class, () -> net.port("C", "10.0.0.1"), "an address has one owner");
    }

    @Nested
    class WithHosts {

        SimNetwork net;
        Host a;
        Host b;

        @BeforeEach
        void hosts() {
            net = new SimNetwork(3);
            a = net.host(Transfer.STACK, "A", "10.0.0.1", x -> x);
            b = net.host(Transfer.STACK, "B", "10.0.0.2", x -> x);
        }

        @Test
        void aCorruptedSegmentIsCountedAsAChecksumErrorByTheHostAndNeverAnswered() {
            net.path("A", "B").corrupt(1.0);
            TcpSocket s = a.tcpSocket();
            s.connect(Endpoint.of("10.0.0.2", 80));
            net.runFor(Duration.ofMillis(500));
            assertEquals(1, b.counter(Counter.TCP_IN_CSUM_ERRORS) + b.counter(Counter.UDP_IN_CSUM_ERRORS)
                    + b.counter(Counter.IP_IN_HDR_ERRORS));
            assertEquals(0, b.counter(Counter.TCP_OUT_RSTS));
        }

        @Test
        void aCrashedHostForgetsItsConnectionsAndLosesWhatArrivesUntilRevived() {
            TcpSocket server = b.tcpSocket();
            server.bind(Endpoint.of("10.0.0.2", 80));
            server.listen(1);
            TcpSocket client = a.tcpSocket();
            client.connect(Endpoint.of("10.0.0.2", 80));
            net.runFor(Duration.ofMillis(100));
            assertEquals(TcpState.ESTABLISHED, client.state());
            net.crash(b);
            client.send("hello".getBytes());
            net.runFor(Duration.ofMillis(100));
            assertTrue(net.stats().dropped().get(WireDrop.HOST_DOWN) >= 1);
            net.revive(b);
            net.runFor(Duration.ofSeconds(2)); // the retransmission reaches a host that knows nothing of it
            assertEquals(TcpState.CLOSED, client.state(), "reset by the revived host");
            assertTrue(b.counter(Counter.TCP_OUT_RSTS) >= 1);
        }

        @Test
        void theSameSeedGivesTheSameDatagramsAtTheSameNanosecondsAndAnotherSeedDoesNot() {
            List<String> one = new ArrayList<>();
            List<String> two = new ArrayList<>();
            List<String> other = new ArrayList<>();
            Transfer.run(11, 30_000, n -> SeededTransferTest.impair(n, 11), e -> one.add(describe(e)));
            Transfer.run(11, 30_000, n -> SeededTransferTest.impair(n, 11), e -> two.add(describe(e)));
            Transfer.run(12, 30_000, n -> SeededTransferTest.impair(n, 11), e -> other.add(describe(e)));
            assertTrue(one.size() > 30);
            assertEquals(one, two);
            assertNotEquals(one, other);
        }

        private static String describe(WireEvent e) {
            return e.getClass().getSimpleName() + " " + e.nanos() + " " + e.packet() + " " + e.from() + " " + e.to()
                    + " " + Arrays.hashCode(e.bytes());
        }
    }
}
