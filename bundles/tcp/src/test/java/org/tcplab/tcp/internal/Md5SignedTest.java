package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.tcplab.api.host.Counter;
import org.tcplab.api.host.DropReason;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.host.RstReason;
import org.tcplab.api.sign.Flow;
import org.tcplab.api.sign.Md5Key;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.SocketOption;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.sign.md5.internal.Md5SegmentSigner;
import org.tcplab.wire.Datagram;
import org.tcplab.wire.IpProtocol;
import org.tcplab.wire.Ipv4Repr;
import org.tcplab.wire.ParseResult;
import org.tcplab.wire.TcpFlags;
import org.tcplab.wire.TcpOption;
import org.tcplab.wire.TcpPacket;
import org.tcplab.wire.TcpRepr;

/**
 * TCP-MD5 (RFC 2385) end to end: two hosts on the memory network, each with its own MD5 signer (its own key
 * table), keys set through TCP_MD5SIG. Every datagram on the wire is parsed with the codec and its digest
 * recomputed here from RFC 2385 §2.0, independently of the signer.
 */
class Md5SignedTest {

    static final Endpoint A = Endpoint.of("10.0.0.1", 1000);
    static final Endpoint B = Endpoint.of("10.0.0.2", 80);
    static final byte[] SECRET = "the shared secret".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER = "another secret".getBytes(StandardCharsets.US_ASCII);
    static final Duration MS = Duration.ofMillis(1);

    MemoryNetwork net;
    MemoryNetwork.MemoryLink[] link;
    Host a;
    Host b;

    @BeforeEach
    void twoHostsWithMd5Signers() {
        net = new MemoryNetwork();
        link = net.link(MS, 0, 1);
        link[0].record = true;
        link[1].record = true;
        TcpEngine engine = TcpEngine.of(new LinuxPolicy());
        a = net.host(engine, HostConfig.builder("A").address(A.address()).link(link[0])
                .signer(new Md5SegmentSigner()));
        b = net.host(engine, HostConfig.builder("B").address(B.address()).link(link[1])
                .signer(new Md5SegmentSigner()));
    }

    TcpSocket listener(Host h, Endpoint at, byte[] secretForPeer, int peer) {
        TcpSocket l = h.tcpSocket();
        assertEquals(Result.ok(), l.bind(at));
        if (secretForPeer != null) {
            assertEquals(Result.ok(), l.setOption(SocketOption.TCP_MD5SIG, Md5Key.forPeer(peer, secretForPeer)));
        }
        assertEquals(Result.ok(), l.listen(5));
        return l;
    }

    TcpSocket client(Host h, Endpoint at, byte[] secretForPeer, int peer) {
        TcpSocket s = h.tcpSocket();
        assertEquals(Result.ok(), s.bind(at));
        if (secretForPeer != null) {
            assertEquals(Result.ok(), s.setOption(SocketOption.TCP_MD5SIG, Md5Key.forPeer(peer, secretForPeer)));
        }
        return s;
    }

    /** A signed connection A:1000 -> B:80, established; returns {client, accepted}. */
    TcpSocket[] established() {
        TcpSocket server = listener(b, B, SECRET, A.address());
        TcpSocket c = client(a, A, SECRET, B.address());
        assertEquals(Errno.EINPROGRESS, c.connect(B).errno());
        net.run(Duration.ofMillis(20));
        TcpSocket accepted = server.accept().value();
        assertEquals(TcpState.ESTABLISHED, c.state());
        assertEquals(TcpState.ESTABLISHED, accepted.state());
        return new TcpSocket[] {c, accepted};
    }

    @Nested
    class SignedConnection {

        @Test
        void handshakeDataBothWaysAndCloseCarryAValidDigestInEverySegment() {
            TcpSocket[] s = established();
            byte[] bulk = new byte[5000];
            for (int i = 0; i < bulk.length; i++) {
                bulk[i] = (byte) i;
            }
            assertEquals(5000, s[0].send(bulk).value());
            assertEquals(4, s[1].send("pong".getBytes(StandardCharsets.US_ASCII)).value());
            net.run(Duration.ofMillis(50));
            assertArrayEquals(bulk, s[1].recv(10000).value());
            assertEquals("pong", new String(s[0].recv(100).value(), StandardCharsets.US_ASCII));
            assertEquals(Result.ok(), s[0].close());
            net.run(Duration.ofMillis(50));
            assertEquals(Result.ok(), s[1].close());
            net.run(Duration.ofMillis(50));

            List<TcpRepr> fromA = verifiedSegments(link[0].sent, SECRET);
            List<TcpRepr> fromB = verifiedSegments(link[1].sent, SECRET);
            assertTrue(fromA.get(0).has(TcpFlags.SYN) && !fromA.get(0).has(TcpFlags.ACK));
            assertTrue(fromB.get(0).has(TcpFlags.SYN) && fromB.get(0).has(TcpFlags.ACK));
            assertTrue(fromA.stream().anyMatch(t -> t.has(TcpFlags.FIN)));
            assertTrue(fromB.stream().anyMatch(t -> t.has(TcpFlags.FIN)));
            // The MSS announced is the path's; every data segment leaves room for the 20 option bytes.
            assertEquals(1460, fromA.get(0).mss().getAsInt());
            assertEquals(1460, fromB.get(0).mss().getAsInt());
            int largest = fromA.stream().mapToInt(TcpRepr::payloadLength).max().getAsInt();
            assertEquals(1440, largest);
            for (byte[] d : link[0].sent) {
                assertTrue(d.length <= 1500, "a signed datagram of " + d.length + " bytes exceeds the MTU");
            }
            assertEquals(Map.of(), signatureDrops(a));
            assertEquals(Map.of(), signatureDrops(b));
            assertEquals(TcpState.TIME_WAIT, s[0].state());
            assertEquals(TcpState.CLOSED, s[1].state());
        }

        @Test
        void aWrongKeyMeansTheHandshakeNeverCompletesAndNothingIsAnswered() {
            TcpSocket server = listener(b, B, SECRET, A.address());
            TcpSocket c = client(a, A, OTHER, B.address());
            c.connect(B);
            net.run(Duration.ofSeconds(4)); // the SYN at 0 s, then retransmitted at 1 s and 3 s
            assertEquals(TcpState.SYN_SENT, c.state());
            assertEquals(Errno.EAGAIN, server.accept().errno());
            assertEquals(3, verifiedSegments(link[0].sent, OTHER).size());
            assertEquals(List.of(), link[1].sent, "B answers nothing");
            assertEquals(3, b.counter(Counter.TCP_EXT_MD5_FAILURE));
            assertEquals(Map.of(DropReason.TCP_MD5FAILURE, 3L), b.drops());
        }

        @Test
        void anUnsignedRstInTheWindowIsIgnoredAndCountedMd5NotFound() {
            TcpSocket[] s = established();
            long rcvNxt = b.sockets().stream().filter(i -> i.remote() != null).findFirst().orElseThrow().rcvNxt();
            link[0].send(ByteBuffer.wrap(Probe.bytes(A, B, "<SEQ=" + rcvNxt + "><CTL=RST>")));
            net.run(Duration.ofMillis(10));
            assertEquals(TcpState.ESTABLISHED, s[1].state());
            assertEquals(1, b.counter(Counter.TCP_EXT_MD5_NOT_FOUND));
            assertEquals(Map.of(DropReason.TCP_MD5NOTFOUND, 1L), b.drops());
            assertEquals(2, s[0].send(new byte[] {1, 2}).value());
            net.run(Duration.ofMillis(10));
            assertArrayEquals(new byte[] {1, 2}, s[1].recv(10).value(), "the connection goes on");
        }

        @Test
        void abortiveCloseSendsASignedRstThePeerAccepts() {
            TcpSocket[] s = established();
            assertEquals(Result.ok(), s[0].setOption(SocketOption.SO_LINGER, Duration.ZERO));
            assertEquals(Result.ok(), s[0].close());
            net.run(Duration.ofMillis(10));
            List<TcpRepr> fromA = verifiedSegments(link[0].sent, SECRET);
            TcpRepr last = fromA.get(fromA.size() - 1);
            assertTrue(last.has(TcpFlags.RST));
            assertEquals(Map.of(RstReason.TCP_ABORT_ON_LINGER, 1L), a.rstsSent());
            assertEquals(Errno.ECONNRESET, s[1].recv(10).errno());
            assertEquals(TcpState.CLOSED, s[1].state());
        }

        @Test
        void keysSetThroughASocketLeaveTheHostWhenItCloses() {
            TcpSocket server = listener(b, B, SECRET, A.address());
            Md5SegmentSigner md5 = (Md5SegmentSigner) ((TcpHost) b).md5Signer();
            assertEquals(1, md5.keys().size());
            assertEquals(Result.ok(), server.close());
            assertEquals(List.of(), md5.keys());
        }

        @Test
        void aHostWithoutAnMd5SignerRefusesTcpMd5sig() {
            MemoryNetwork.MemoryLink[] other = net.link(MS, 0, 2);
            Host plain = net.host(TcpEngine.of(), HostConfig.builder("C").address("10.0.0.3").link(other[0]));
            assertEquals(Errno.ENOPROTOOPT, plain.tcpSocket()
                    .setOption(SocketOption.TCP_MD5SIG, Md5Key.forPeer(A.address(), SECRET)).errno());
        }
    }

    /** B's listener (or nothing) on one side, hand-made segments from A's address on the other. */
    @Nested
    class SegmentsWithoutAConnection {

        Probe probe;

        @BeforeEach
        void probeInsteadOfA() {
            probe = new Probe(link[0]);
        }

        @Test
        void anUnsignedSynToAKeyedListenerIsDroppedMd5NotFound() {
            listener(b, B, SECRET, A.address());
            probe.send(A, B, "<SEQ=100><CTL=SYN>");
            net.run(Duration.ofMillis(10));
            assertEquals(List.of(), probe.segments());
            assertEquals(1, b.counter(Counter.TCP_EXT_MD5_NOT_FOUND));
            assertEquals(Map.of(DropReason.TCP_MD5NOTFOUND, 1L), b.drops());
        }

        @Test
        void aSignedSynWhereNoKeyExistsIsDroppedMd5Unexpected() {
            listener(b, B, null, 0);
            probe.sendRaw(signed(A, B, "<SEQ=100><CTL=SYN>", SECRET));
            net.run(Duration.ofMillis(10));
            assertEquals(List.of(), probe.segments());
            assertEquals(1, b.counter(Counter.TCP_EXT_MD5_UNEXPECTED));
            assertEquals(Map.of(DropReason.TCP_MD5UNEXPECTED, 1L), b.drops());
        }

        @Test
        void aSignedSynToAKeyedListenerIsAnsweredWithASignedSynAck() {
            listener(b, B, SECRET, A.address());
            probe.sendRaw(signed(A, B, "<SEQ=100><CTL=SYN>", SECRET));
            net.run(Duration.ofMillis(10));
            assertEquals(1, probe.received.size());
            List<TcpRepr> answer = verifiedSegments(List.of(probe.received.get(0).toBuffer().array()), SECRET);
            assertTrue(answer.get(0).has(TcpFlags.SYN) && answer.get(0).ack() == 101);
        }

        @Test
        void aSignedAckAtAKeyedListenerGetsASignedRst() {
            listener(b, B, SECRET, A.address());
            probe.sendRaw(signed(A, B, "<SEQ=100><ACK=500><CTL=ACK>", SECRET));
            net.run(Duration.ofMillis(10));
            List<TcpRepr> answer = verifiedSegments(List.of(probe.received.get(0).toBuffer().array()), SECRET);
            assertEquals(List.of("10.0.0.2:80 > 10.0.0.1:1000 <SEQ=500><CTL=RST>"), probe.segments());
            assertTrue(answer.get(0).md5().isPresent());
        }

        /**
         * Seed 000: "active side is lost. Try to find listening socket through source port, and then find md5 key
         * through listening socket". B forgot the connection B:1000 <-> A:80 but listens on B:80, the segment's
         * source port, with a key for A: the RST goes out signed with that key.
         */
        @Test
        void aHostThatForgotTheConnectionSignsItsRstWithTheKeyOfTheListenerOnTheSourcePort() {
            listener(b, B, SECRET, A.address());
            Endpoint fromA = Endpoint.of("10.0.0.1", 80);
            Endpoint toLostB = Endpoint.of("10.0.0.2", 1000);
            probe.sendRaw(signed(fromA, toLostB, "<SEQ=300><ACK=100><DATA=5><CTL=ACK,PSH>", SECRET));
            net.run(Duration.ofMillis(10));
            assertEquals(1, probe.received.size());
            List<TcpRepr> answer = verifiedSegments(List.of(probe.received.get(0).toBuffer().array()), SECRET);
            assertTrue(answer.get(0).md5().isPresent());
            assertEquals(List.of("10.0.0.2:1000 > 10.0.0.1:80 <SEQ=100><CTL=RST>"), probe.segments());
            assertEquals(Map.of(RstReason.NO_SOCKET, 1L), b.rstsSent());
        }

        @Test
        void noRstWhenTheForgottenConnectionsSegmentDoesNotVerifyWithTheListenersKey() {
            listener(b, B, SECRET, A.address());
            probe.sendRaw(signed(Endpoint.of("10.0.0.1", 80), Endpoint.of("10.0.0.2", 1000),
                    "<SEQ=300><ACK=100><CTL=ACK>", OTHER));
            net.run(Duration.ofMillis(10));
            assertEquals(List.of(), probe.segments());
            assertEquals(Map.of(DropReason.NO_SOCKET, 1L), b.drops());
        }

        @Test
        void noRstToASignedSegmentWhenNoListenerIsOnItsSourcePort() {
            listener(b, B, SECRET, A.address());
            probe.sendRaw(signed(Endpoint.of("10.0.0.1", 81), Endpoint.of("10.0.0.2", 1000),
                    "<SEQ=300><ACK=100><CTL=ACK>", SECRET));
            net.run(Duration.ofMillis(10));
            assertEquals(List.of(), probe.segments());
        }

        @Test
        void noRstToASignedSegmentWhenTheListenerHasNoKeyForThePeer() {
            listener(b, B, null, 0);
            probe.sendRaw(signed(Endpoint.of("10.0.0.1", 80), Endpoint.of("10.0.0.2", 1000),
                    "<SEQ=300><ACK=100><CTL=ACK>", SECRET));
            net.run(Duration.ofMillis(10));
            assertEquals(List.of(), probe.segments());
        }

        @Test
        void anUnsignedSegmentForNoSocketStillGetsAnUnsignedRst() {
            listener(b, B, SECRET, A.address());
            probe.send(Endpoint.of("10.0.0.1", 80), Endpoint.of("10.0.0.2", 1000), "<SEQ=300><ACK=100><CTL=ACK>");
            net.run(Duration.ofMillis(10));
            TcpRepr rst = (TcpRepr) probe.received.get(0).payload();
            assertFalse(rst.md5().isPresent());
            assertEquals(List.of("10.0.0.2:1000 > 10.0.0.1:80 <SEQ=100><CTL=RST>"), probe.segments());
        }
    }

    // ------------------------------------------------------------------------------------------------------

    /** The signature counters and drop reasons a host has. */
    static Map<DropReason, Long> signatureDrops(Host h) {
        Map<DropReason, Long> m = new java.util.EnumMap<>(DropReason.class);
        h.drops().forEach((r, n) -> {
            if (r.name().startsWith("TCP_MD5") || r.name().startsWith("TCP_AO") || r == DropReason.TCP_AUTH_HDR) {
                m.put(r, n);
            }
        });
        return m;
    }

    /** A segment in RFC notation from {@code from} to {@code to}, signed with {@code secret} (by a signer here). */
    static byte[] signed(Endpoint from, Endpoint to, String rfc, byte[] secret) {
        Segment s = Rfc.seg(from.port(), to.port(), rfc);
        TcpRepr repr = TcpHost.toRepr(s, TcpOption.KIND_MD5, 18);
        ByteBuffer buf = ByteBuffer.allocate(2000);
        int tcpLength = repr.emittedLength();
        int at = Ipv4Repr.of(from.address(), to.address(), IpProtocol.TCP, 64, tcpLength).emit(buf, 0);
        repr.emitWithoutChecksum(buf, at);
        Md5SegmentSigner signer = new Md5SegmentSigner();
        signer.addKey(Md5Key.forPeer(to.address(), secret));
        signer.open(new Flow(from.address(), from.port(), to.address(), to.port()), 0).orElseThrow()
                .sign(buf, at, tcpLength, 0);
        TcpPacket.fillChecksum(buf, at, tcpLength, from.address(), to.address());
        byte[] out = new byte[at + tcpLength];
        buf.get(0, out);
        return out;
    }

    /**
     * Parses every datagram with the codec and checks its MD5 option against a digest recomputed from RFC 2385
     * §2.0: "the TCP pseudo-header ..., the TCP header, excluding options, and assuming a checksum of zero, the TCP
     * segment data (if any), an independently-specified key or password".
     */
    static List<TcpRepr> verifiedSegments(List<byte[]> datagrams, byte[] secret) {
        List<TcpRepr> out = new ArrayList<>();
        for (byte[] d : datagrams) {
            ParseResult<Datagram> parsed = Datagram.parse(ByteBuffer.wrap(d));
            assertTrue(parsed.isOk(), "parses: " + (parsed.isOk() ? "" : parsed.error()));
            TcpRepr t = (TcpRepr) parsed.value().payload();
            byte[] onWire = t.md5().orElseThrow(() -> new AssertionError("no MD5 option in " + t)).digest();
            int ihl = (d[0] & 0xF) * 4;
            int tcpLength = d.length - ihl;
            int hlen = ((d[ihl + 12] & 0xFF) >>> 4) * 4;
            try {
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                md5.update(d, 12, 8); // source and destination address
                md5.update(new byte[] {0, 6, (byte) (tcpLength >>> 8), (byte) tcpLength});
                byte[] header = java.util.Arrays.copyOfRange(d, ihl, ihl + 20);
                header[16] = 0;
                header[17] = 0;
                md5.update(header);
                md5.update(d, ihl + hlen, tcpLength - hlen);
                md5.update(secret);
                assertArrayEquals(md5.digest(), onWire, "digest of " + t);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
            out.add(t);
        }
        return out;
    }
}
