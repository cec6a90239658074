package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tcplab.api.host.Counter;
import org.tcplab.api.host.DropReason;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.sign.AoAlgorithm;
import org.tcplab.api.sign.AoKey;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.SocketOption;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.sign.ao.internal.AoSegmentSigner;
import org.tcplab.wire.Datagram;
import org.tcplab.wire.IcmpQuote;
import org.tcplab.wire.IcmpRepr;
import org.tcplab.wire.IpProtocol;
import org.tcplab.wire.Ipv4Repr;
import org.tcplab.wire.TcpRepr;

/**
 * TCP-AO (RFC 5925) through the same engine path as TCP-MD5: two hosts with their own AO signers, keys added to the
 * signers directly, as ConfigAdmin does (AoSocketOptionTest adds them through the socket). The MACs are checked by the receiving host; the signer's own
 * tests check them against RFC 9235 and the kernel's captures.
 */
class AoSignedTest {

    static final Endpoint A = Endpoint.of("10.0.0.1", 1000);
    static final Endpoint B = Endpoint.of("10.0.0.2", 80);
    static final byte[] SECRET = "ao master key".getBytes(StandardCharsets.US_ASCII);

    MemoryNetwork net;
    MemoryNetwork.MemoryLink[] link;
    AoSegmentSigner aoA = new AoSegmentSigner();
    AoSegmentSigner aoB = new AoSegmentSigner();
    Host a;
    Host b;

    @BeforeEach
    void twoHostsWithAoSigners() {
        net = new MemoryNetwork();
        link = net.link(Duration.ofMillis(1), 0, 1);
        link[0].record = true;
        link[1].record = true;
        TcpEngine engine = TcpEngine.of(new LinuxPolicy());
        a = net.host(engine, HostConfig.builder("A").address(A.address()).link(link[0]).signer(aoA));
        b = net.host(engine, HostConfig.builder("B").address(B.address()).link(link[1]).signer(aoB));
    }

    TcpSocket[] connect() {
        TcpSocket server = b.tcpSocket();
        assertEquals(Result.ok(), server.bind(B));
        assertEquals(Result.ok(), server.listen(5));
        TcpSocket c = a.tcpSocket();
        assertEquals(Result.ok(), c.bind(A));
        assertEquals(Errno.EINPROGRESS, c.connect(B).errno());
        net.run(Duration.ofMillis(20));
        return new TcpSocket[] {c, server};
    }

    @Test
    void handshakeDataBothWaysAndCloseAreAoSignedAndAccepted() {
        aoA.addKey(AoKey.forPeer(1, 2, AoAlgorithm.HMAC_SHA_1_96, B.address(), SECRET));
        aoB.addKey(AoKey.forPeer(2, 1, AoAlgorithm.HMAC_SHA_1_96, A.address(), SECRET));
        TcpSocket[] s = connect();
        TcpSocket accepted = s[1].accept().value();
        assertEquals(TcpState.ESTABLISHED, s[0].state());
        byte[] bulk = new byte[4000];
        assertEquals(4000, s[0].send(bulk).value());
        assertEquals(2, accepted.send(new byte[] {7, 8}).value());
        net.run(Duration.ofMillis(50));
        assertArrayEquals(bulk, accepted.recv(10000).value());
        assertArrayEquals(new byte[] {7, 8}, s[0].recv(10).value());
        s[0].close();
        net.run(Duration.ofMillis(50));
        accepted.close();
        net.run(Duration.ofMillis(50));
        assertEquals(TcpState.TIME_WAIT, s[0].state());
        assertEquals(TcpState.CLOSED, accepted.state());
        for (List<byte[]> side : List.of(link[0].sent, link[1].sent)) {
            for (byte[] d : side) {
                TcpRepr t = (TcpRepr) Datagram.parse(ByteBuffer.wrap(d)).value().payload();
                assertTrue(t.ao().isPresent(), "AO in " + t);
                assertTrue(d.length <= 1500);
            }
        }
        assertEquals(Map.of(), Md5SignedTest.signatureDrops(a));
        assertEquals(Map.of(), Md5SignedTest.signatureDrops(b));
    }

    @Test
    void aWrongMasterKeyIsDroppedAsTcpAoBadAndNeverAnswered() {
        aoA.addKey(AoKey.forPeer(1, 2, AoAlgorithm.HMAC_SHA_1_96, B.address(), SECRET));
        aoB.addKey(AoKey.forPeer(2, 1, AoAlgorithm.HMAC_SHA_1_96, A.address(), "other".getBytes()));
        TcpSocket[] s = connect();
        assertEquals(TcpState.SYN_SENT, s[0].state());
        assertEquals(List.of(), link[1].sent);
        assertEquals(1, b.counter(Counter.TCP_EXT_AO_BAD));
        assertEquals(Map.of(DropReason.TCP_AOFAILURE, 1L), b.drops());
    }

    @Test
    void anUnsignedSynToAListenerWithAnAoKeyForThePeerIsDroppedAsAoRequired() {
        aoB.addKey(AoKey.forPeer(2, 1, AoAlgorithm.HMAC_SHA_1_96, A.address(), SECRET));
        new Probe(link[0]).send(A, B, "<SEQ=100><CTL=SYN>");
        TcpSocket server = b.tcpSocket();
        server.bind(B);
        server.listen(5);
        net.run(Duration.ofMillis(10));
        assertEquals(List.of(), link[1].sent);
        assertEquals(1, b.counter(Counter.TCP_EXT_AO_REQUIRED));
    }

    @Test
    void anAoConnectionIgnoresAPortUnreachableAndCountsTcpAoDroppedIcmps() {
        aoA.addKey(AoKey.forPeer(1, 2, AoAlgorithm.HMAC_SHA_1_96, B.address(), SECRET));
        aoB.addKey(AoKey.forPeer(2, 1, AoAlgorithm.HMAC_SHA_1_96, A.address(), SECRET));
        TcpSocket[] s = connect();
        link[0].filter = x -> false; // the data stays in flight
        s[0].send(new byte[] {1});
        byte[] inFlight = link[0].sent.get(link[0].sent.size() - 1);
        IcmpRepr.DestUnreachable u = new IcmpRepr.DestUnreachable(IcmpRepr.CODE_PORT_UNREACHABLE, 0, 0,
                new IcmpQuote(ByteBuffer.wrap(inFlight, 0, 28)));
        link[1].send(new Datagram(Ipv4Repr.of(B.address(), A.address(), IpProtocol.ICMP, 64, u.emittedLength()), u)
                .toBuffer());
        net.run(Duration.ofMillis(10));
        assertEquals(1, a.counter(Counter.TCP_EXT_AO_DROPPED_ICMPS));
        Connection c = ((TcpHost) a).connections.values().iterator().next();
        assertEquals(null, c.softError, "the error never reached the connection");
    }
}
