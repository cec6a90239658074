package org.tcplab.scenarios;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tcplab.api.host.Counter;
import org.tcplab.api.host.DropReason;
import org.tcplab.api.host.Host;
import org.tcplab.api.sign.AoAddKey;
import org.tcplab.api.sign.AoAlgorithm;
import org.tcplab.api.sign.AoDelKey;
import org.tcplab.api.sign.AoInfo;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.SocketOption;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.link.sim.SimNetwork;
import org.tcplab.link.sim.SimPath;
import org.tcplab.sign.ao.internal.AoSegmentSigner;

/**
 * TCP-AO through the engine on the simulated network, keys set through the socket API: key rollover with KeyID and
 * RNextKeyID (RFC 5925 §7.5.2), and the sequence number extension across 2^32 (RFC 5925 §6.2), with reordering
 * and duplicates around the wrap. Every AO segment on the wire is recomputed here ({@link AoWire}) with the SNE its
 * sequence number has counted from the sender's ISN.
 */
class AoSimTest {

    static final Endpoint A = Endpoint.of("10.0.0.1", 40000);
    static final Endpoint B = Endpoint.of("10.0.0.2", 179);
    static final byte[] KEY_1 = "first master key".getBytes(StandardCharsets.US_ASCII);
    static final byte[] KEY_2 = "second master key".getBytes(StandardCharsets.US_ASCII);
    static final AoAlgorithm SHA1 = AoAlgorithm.HMAC_SHA_1_96;

    SimNetwork net;
    Host a;
    Host b;
    AoWire wire = new AoWire();

    @BeforeEach
    void twoHostsWithTheirOwnAoSigners() {
        net = new SimNetwork(8);
        a = net.host(Stacks.STACK, "A", "10.0.0.1", x -> x.policy("linux").signer(new AoSegmentSigner())
                .sendBuffer(256 << 10).receiveBuffer(256 << 10));
        b = net.host(Stacks.STACK, "B", "10.0.0.2", x -> x.policy("linux").signer(new AoSegmentSigner())
                .sendBuffer(256 << 10).receiveBuffer(256 << 10));
        net.addListener(wire);
    }

    /** {client, accepted}: B listens on 179 with {@code bKeys}, A connects from 40000 with {@code aKeys}. */
    TcpSocket[] connect(Long isnA, Long isnB, List<AoAddKey> aKeys, List<AoAddKey> bKeys) {
        TcpSocket l = b.tcpSocket();
        assertEquals(Result.ok(), l.bind(B));
        bKeys.forEach(k -> assertEquals(Result.ok(), l.setOption(SocketOption.TCP_AO_ADD_KEY, k)));
        assertEquals(Result.ok(), l.setOption(SocketOption.TCPLAB_ISN, isnB));
        assertEquals(Result.ok(), l.listen(1));
        TcpSocket c = a.tcpSocket();
        assertEquals(Result.ok(), c.bind(A));
        aKeys.forEach(k -> assertEquals(Result.ok(), c.setOption(SocketOption.TCP_AO_ADD_KEY, k)));
        assertEquals(Result.ok(), c.setOption(SocketOption.TCPLAB_ISN, isnA));
        c.connect(B);
        assertTrue(net.runUntil(() -> c.state() == TcpState.ESTABLISHED, Duration.ofSeconds(5)));
        Result<TcpSocket>[] accepted = new Result[1];
        assertTrue(net.runUntil(() -> (accepted[0] = l.accept()).isOk(), Duration.ofSeconds(5)));
        return new TcpSocket[] {c, accepted[0].value()};
    }

    /** Data in flight one way: what is left to send, and what arrived. */
    static final class Stream {
        final TcpSocket from;
        final TcpSocket to;
        final byte[] data;
        int sent;
        final ByteArrayOutputStream got = new ByteArrayOutputStream();

        Stream(TcpSocket from, TcpSocket to, int length, long seed) {
            this.from = from;
            this.to = to;
            this.data = new byte[length];
            new Random(seed).nextBytes(data);
        }

        boolean done() {
            return got.size() == data.length;
        }

        void pump() {
            if (sent < data.length) {
                Result<Integer> r = from.send(java.util.Arrays.copyOfRange(data, sent, Math.min(data.length,
                        sent + 65536)));
                if (r.isOk()) {
                    sent += r.value();
                }
            }
            Result<byte[]> r;
            while ((r = to.recv(1 << 20)).isOk() && r.value().length > 0) {
                got.writeBytes(r.value());
            }
        }
    }

    /** Moves the streams' data until {@code until} holds (checked between network steps) or all are done. */
    void pump(List<Stream> streams, BooleanSupplier until) {
        long limit = net.now() + Duration.ofSeconds(60).toNanos();
        while (net.now() < limit) {
            streams.forEach(Stream::pump);
            if (until.getAsBoolean() || streams.stream().allMatch(Stream::done)) {
                return;
            }
            if (!net.step()) {
                net.runFor(Duration.ofMillis(1));
            }
        }
        throw new AssertionError("the transfer did not finish in 60 s of virtual time");
    }

    static AoAddKey key(int sendId, int recvId, Endpoint peer, byte[] secret) {
        return AoAddKey.forPeer(sendId, recvId, SHA1, peer.address(), secret);
    }

    /** TCP-AO drops of one host, by reason. */
    static Map<DropReason, Long> aoDrops(Host h) {
        Map<DropReason, Long> m = new java.util.EnumMap<>(DropReason.class);
        h.drops().forEach((r, n) -> {
            if (r.name().startsWith("TCP_AO") || r.name().startsWith("TCP_MD5")) {
                m.put(r, n);
            }
        });
        return m;
    }

    /** Runs until both streams have taken {@code more} bytes more than they had (so both sides send after a change). */
    void pumpMore(List<Stream> both, Stream ab, Stream ba, int more) {
        int a = ab.got.size();
        int b = ba.got.size();
        pump(both, () -> ab.got.size() > a + more && ba.got.size() > b + more);
    }

    /** The (KeyID, RNextKeyID) pairs one side sent, in order, each run of equal pairs once. */
    List<String> keyIdRuns(Endpoint from) {
        List<String> runs = new ArrayList<>();
        for (AoWire.Segment s : wire.sent) {
            if (s.src() == from.address()) {
                String pair = s.keyId() + "/" + s.rnextKeyId();
                if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(pair)) {
                    runs.add(pair);
                }
            }
        }
        return runs;
    }

    /**
     * RFC 5925 §7.5.2: "RNextKeyID ... indicates the key the sender is prepared to receive next"; the receiver of a
     * segment switches its current key to the one whose SendID is that RNextKeyID. A asks for key 2 (its receive id
     * 21) in the middle of a transfer both ways: B starts sending with key 2 at its next segment. Then B asks for
     * key 2 (its receive id 11): A follows. Segments signed with key 1 still in flight verify, nothing is dropped,
     * and key 1 can then be deleted on both sides.
     */
    @Test
    void rolloverFromKey1ToKey2FollowsTheRnextKeyIdOfEachSide() {
        // 5 ms each way, give or take 4: segments of a burst arrive (and are acknowledged) apart, so a sender
        // sends more often than once per round trip and its pipe holds segments when it switches keys (checked
        // at the end).
        for (SimPath p : net.both("A", "B")) {
            p.delay(Duration.ofMillis(5)).jitter(Duration.ofMillis(4));
        }
        TcpSocket[] s = connect(null, null,
                List.of(key(10, 20, B, KEY_1), key(11, 21, B, KEY_2)),
                List.of(key(20, 10, A, KEY_1), key(21, 11, A, KEY_2)));
        Stream ab = new Stream(s[0], s[1], 1_000_000, 1);
        Stream ba = new Stream(s[1], s[0], 1_000_000, 2);
        List<Stream> both = List.of(ab, ba);
        pumpMore(both, ab, ba, 100_000);
        assertEquals(List.of("10/20"), keyIdRuns(A));
        assertEquals(List.of("20/10"), keyIdRuns(B));

        assertEquals(Result.ok(), s[0].setOption(SocketOption.TCP_AO_INFO, AoInfo.DEFAULTS.rnext(21)));
        pumpMore(both, ab, ba, 150_000);
        assertEquals(List.of("10/20", "10/21"), keyIdRuns(A));
        assertEquals(List.of("20/10", "21/10"), keyIdRuns(B), "B follows A's RNextKeyID");
        assertEquals(21, s[1].getOption(SocketOption.TCP_AO_INFO).value().currentKey());

        assertEquals(Result.ok(), s[1].setOption(SocketOption.TCP_AO_INFO, AoInfo.DEFAULTS.rnext(11)));
        pumpMore(both, ab, ba, 150_000);
        assertEquals(List.of("10/20", "10/21", "11/21"), keyIdRuns(A), "A follows B's RNextKeyID");
        assertEquals(List.of("20/10", "21/10", "21/11"), keyIdRuns(B));

        // key 1 is neither current nor RNext on either side now: it can go (RFC 5925 §3.1 kept it until here)
        assertEquals(Result.ok(), s[0].setOption(SocketOption.TCP_AO_DEL_KEY, AoDelKey.forPeer(10, 20, B.address())));
        pump(both, () -> false);
        assertArrayEquals(ab.data, ab.got.toByteArray());
        assertArrayEquals(ba.data, ba.got.toByteArray());

        AoInfo infoA = s[0].getOption(SocketOption.TCP_AO_INFO).value();
        assertEquals(11, infoA.currentKey());
        assertEquals(21, infoA.rnext());
        assertEquals(0, infoA.pktBad() + infoA.pktKeyNotFound() + infoA.pktAoRequired());
        assertTrue(infoA.pktGood() > 100, "A verified " + infoA.pktGood());
        assertEquals(Map.of(), aoDrops(a));
        assertEquals(Map.of(), aoDrops(b));
        assertEquals(b.counter(Counter.TCP_EXT_AO_GOOD), wire.delivered.stream()
                .filter(x -> x.dst() == B.address()).count(), "every segment B got verified");
        assertEquals(0, wire.unsigned);
        // B's key 1 segments still reached A after B had switched: the switch did not wait for the pipe to drain.
        assertTrue(lastDeliveredWith(B, 20) > firstSentWith(B, 21), "old-key segments in flight across the switch");
    }

    long firstSentWith(Endpoint from, int keyId) {
        return wire.sent.stream().filter(x -> x.src() == from.address() && x.keyId() == keyId)
                .mapToLong(x -> x.event().nanos()).min().orElseThrow();
    }

    long lastDeliveredWith(Endpoint from, int keyId) {
        return wire.delivered.stream().filter(x -> x.src() == from.address() && x.keyId() == keyId)
                .mapToLong(x -> x.event().nanos()).max().orElseThrow();
    }

    /**
     * RFC 5925 §6.2: the SNE counts the wraps of each direction's sequence space; it is 0 from the ISN and becomes 1
     * exactly at the segment whose sequence number is past 2^32. A starts 20,000 bytes below the wrap, B's SYN-ACK is
     * the last number before it (0xFFFFFFFF), so B's first ACK is already SNE 1. 300 KB each way over a path that
     * reorders and duplicates: every segment verifies, and each is signed with the SNE its own number has, not
     * the receiver's RCV.NXT (RFC 9187's point: a reordered segment from beyond the wrap gets the next SNE, a late
     * duplicate from before it the previous one).
     */
    @Test
    void theSneIncrementsExactlyAtTheWrapForSenderAndReceiverThroughReorderingAndDuplicates() {
        long isnA = (1L << 32) - 20_000;
        long isnB = 0xFFFF_FFFFL;
        for (SimPath p : net.both("A", "B")) {
            p.reorder(0.15, Duration.ofMillis(3)).duplicate(0.03);
        }
        TcpSocket[] s = connect(isnA, isnB, List.of(key(1, 2, B, KEY_1)), List.of(key(2, 1, A, KEY_1)));
        Stream ab = new Stream(s[0], s[1], 300_000, 3);
        Stream ba = new Stream(s[1], s[0], 300_000, 4);
        pump(List.of(ab, ba), () -> false);
        assertArrayEquals(ab.data, ab.got.toByteArray());
        assertArrayEquals(ba.data, ba.got.toByteArray());
        assertEquals(Map.of(), aoDrops(a));
        assertEquals(Map.of(), aoDrops(b));
        assertTrue(net.stats().duplicated() > 0);

        byte[] abKey = AoWire.trafficKey(KEY_1, A.address(), B.address(), A.port(), B.port(), isnA, isnB);
        byte[] baKey = AoWire.trafficKey(KEY_1, B.address(), A.address(), B.port(), A.port(), isnB, isnA);
        int[][] bySne = new int[2][2];
        for (AoWire.Segment seg : wire.sent) {
            boolean fromA = seg.src() == A.address();
            long isn = fromA ? isnA : isnB;
            int sne = (int) ((isn + ((seg.seq() - isn) & 0xFFFF_FFFFL)) >>> 32);
            byte[] traffic = seg.isSyn() && !seg.hasAck()
                    ? AoWire.trafficKey(KEY_1, seg.src(), seg.dst(), seg.srcPort(), seg.dstPort(), seg.seq(), 0)
                    : fromA ? abKey : baKey;
            assertTrue(AoWire.macMatches(seg, traffic, sne), "SNE " + sne + " for " + seg.seq() + " from "
                    + (fromA ? "A" : "B"));
            assertFalse(AoWire.macMatches(seg, traffic, sne ^ 1), "the SNE is in the MAC");
            bySne[fromA ? 0 : 1][sne]++;
        }
        assertTrue(bySne[0][0] > 5 && bySne[0][1] > 100, "A before and after its wrap: " + bySne[0][0] + "/"
                + bySne[0][1]);
        assertTrue(bySne[1][0] >= 1 && bySne[1][1] > 100, "B: " + bySne[1][0] + "/" + bySne[1][1]);
        assertTrue(wire.sent.stream().filter(x -> x.src() == B.address() && x.seq() == isnB).allMatch(x -> x.isSyn()),
                "B's only numbers before its wrap are its SYN-ACK's");
        assertTrue(reorderedAcrossTheWrap(A), "a segment from past A's wrap reached B before one from before it");
    }

    /** Whether B received a data segment of SNE 1 before a data segment of SNE 0 (A's direction). */
    boolean reorderedAcrossTheWrap(Endpoint from) {
        boolean seenAfter = false;
        for (AoWire.Segment seg : wire.delivered) {
            if (seg.src() != from.address() || seg.dataLength() == 0) {
                continue;
            }
            boolean after = seg.seq() < (1L << 31);
            if (after) {
                seenAfter = true;
            } else if (seenAfter) {
                return true;
            }
        }
        return false;
    }
}
