package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tcplab.api.host.Counter;
import org.tcplab.api.host.DropReason;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.SocketOption;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.socket.UdpSocket;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.wire.Datagram;
import org.tcplab.wire.IcmpQuote;
import org.tcplab.wire.IcmpRepr;
import org.tcplab.wire.IpProtocol;
import org.tcplab.wire.Ipv4Repr;

/**
 * UDP to a closed port (ICMP port unreachable, rate-limited as Linux, or silence when filtered), what a
 * connected UDP sender then sees, ICMP errors matched to TCP connections (RFC 5927), and echo.
 */
class UdpIcmpTest {

    static final Endpoint A = Endpoint.of("10.0.0.1", 4000);
    static final Endpoint B = Endpoint.of("10.0.0.2", 53);

    MemoryNetwork net;
    MemoryNetwork.MemoryLink[] link;
    Host a;
    Host b;

    void hosts(boolean bFiltered) {
        net = new MemoryNetwork();
        link = net.link(Duration.ofMillis(1), 0, 5);
        TcpEngine engine = TcpEngine.of(new LinuxPolicy());
        a = net.host(engine, HostConfig.builder("a").address(A.address()).link(link[0]));
        b = net.host(engine, HostConfig.builder("b").address(B.address()).link(link[1]).udpFiltered(bFiltered));
    }

    static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void datagramReachesABoundSocketWithItsSource() {
        hosts(false);
        UdpSocket server = b.udpSocket();
        assertEquals(Result.ok(), server.bind(B));
        UdpSocket client = a.udpSocket();
        client.bind(A);
        assertEquals(Result.of(5), client.sendTo(text("hello"), B));
        net.run(Duration.ofMillis(10));
        UdpSocket.Datagram d = server.recv().value();
        assertEquals(A, d.source());
        assertEquals("hello", new String(d.payload(), StandardCharsets.US_ASCII));
        assertEquals(Errno.EAGAIN, server.recv().errno());
    }

    @Test
    void sendWithoutAPeerIsEdestaddrreqAndAnOversizedDatagramEmsgsize() {
        hosts(false);
        UdpSocket client = a.udpSocket();
        client.bind(A);
        assertEquals(Errno.EDESTADDRREQ, client.send(text("hello")).errno());
        assertEquals(Errno.EMSGSIZE, client.sendTo(ByteBuffer.allocate(65_535 - 20 - 8 + 1), B).errno());
        assertEquals(Result.of(65_535 - 20 - 8), client.sendTo(ByteBuffer.allocate(65_535 - 20 - 8), B));
    }

    @Test
    void closedPortAnswersPortUnreachableAndAConnectedSenderGetsEconnrefusedOnce() {
        hosts(false);
        UdpSocket client = a.udpSocket();
        client.connect(B);
        assertEquals(Result.of(5), client.send(text("hello")));
        net.run(Duration.ofMillis(10));
        assertEquals(1, b.counter(Counter.UDP_NO_PORTS));
        assertEquals(1, b.counter(Counter.ICMP_OUT_DEST_UNREACHS));
        assertEquals(Errno.ECONNREFUSED, client.send(text("again")).errno());
        assertEquals(Result.of(5), client.send(text("third")));
    }

    @Test
    void anUnconnectedSenderHearsNothingOfThePortUnreachable() {
        hosts(false);
        UdpSocket client = a.udpSocket();
        client.sendTo(text("hello"), B);
        net.run(Duration.ofMillis(10));
        assertEquals(1, b.counter(Counter.ICMP_OUT_DEST_UNREACHS));
        assertEquals(Errno.EAGAIN, client.recv().errno());
        assertEquals(1L, a.drops().get(DropReason.ICMP_UNMATCHED));
    }

    @Test
    void filteredHostStaysSilent() {
        hosts(true);
        UdpSocket client = a.udpSocket();
        client.connect(B);
        client.send(text("hello"));
        net.run(Duration.ofMillis(10));
        assertEquals(1, b.counter(Counter.UDP_NO_PORTS));
        assertEquals(0, b.counter(Counter.ICMP_OUT_MSGS));
        assertEquals(Result.of(5), client.send(text("again")));
    }

    @Test
    void portUnreachableIsRateLimitedPerPeerWithABurstOfSix() {
        hosts(false);
        UdpSocket client = a.udpSocket();
        client.bind(A);
        for (int i = 0; i < 20; i++) {
            client.sendTo(text("x"), B);
        }
        net.run(Duration.ofMillis(10));
        // Linux inet_peer_xrlim_allow: a burst of 6, then one per icmp_ratelimit (1 s).
        assertEquals(6, b.counter(Counter.ICMP_OUT_DEST_UNREACHS));
        assertEquals(14, b.counter(Counter.ICMP_OUT_RATE_LIMIT_HOST));
        net.run(Duration.ofMillis(1000));
        client.sendTo(text("x"), B);
        client.sendTo(text("x"), B);
        net.run(Duration.ofMillis(10));
        assertEquals(7, b.counter(Counter.ICMP_OUT_DEST_UNREACHS));
    }

    @Test
    void portUnreachableIsRateLimitedHostWide() {
        net = new MemoryNetwork();
        link = net.link(Duration.ofMillis(1), 0, 5);
        TcpEngine engine = TcpEngine.of(new LinuxPolicy());
        a = net.host(engine, HostConfig.builder("a").address(A.address()).link(link[0]));
        b = net.host(engine, HostConfig.builder("b").address(B.address()).link(link[1]).icmpMsgsBurst(3)
                .icmpRateLimit(Duration.ZERO));
        UdpSocket client = a.udpSocket();
        for (int i = 0; i < 10; i++) {
            client.sendTo(text("x"), B);
        }
        net.run(Duration.ofMillis(10));
        assertEquals(3, b.counter(Counter.ICMP_OUT_DEST_UNREACHS));
        assertEquals(7, b.counter(Counter.ICMP_OUT_RATE_LIMIT_GLOBAL));
    }

    /** An ICMP destination unreachable from 10.0.0.2 quoting a segment A sent. */
    void icmpToA(int code, byte[] quotedDatagram) {
        IcmpRepr.DestUnreachable u = new IcmpRepr.DestUnreachable(code, 0, 0,
                new IcmpQuote(ByteBuffer.wrap(quotedDatagram, 0, Math.min(quotedDatagram.length, 28))));
        Datagram d = new Datagram(Ipv4Repr.of(B.address(), A.address(), IpProtocol.ICMP, 64, u.emittedLength()), u);
        link[1].send(d.toBuffer());
        net.run(Duration.ofMillis(10));
    }

    @Test
    void hardIcmpErrorAbortsSynSent() {
        hosts(false);
        link[0].record = true;
        link[0].filter = x -> false; // B never sees the SYN
        TcpSocket s = a.tcpSocket();
        s.bind(A);
        s.connect(Endpoint.of("10.0.0.2", 80));
        icmpToA(IcmpRepr.CODE_HOST_UNREACHABLE, link[0].sent.get(0));
        assertEquals(TcpState.CLOSED, s.state());
        assertEquals(Errno.EHOSTUNREACH, s.getOption(SocketOption.SO_ERROR).value());
    }

    @Test
    void portUnreachableForASynGivesEconnrefused() {
        hosts(false);
        link[0].record = true;
        link[0].filter = x -> false;
        TcpSocket s = a.tcpSocket();
        var f = s.connect(Endpoint.of("10.0.0.2", 80), Duration.ofSeconds(10));
        icmpToA(IcmpRepr.CODE_PORT_UNREACHABLE, link[0].sent.get(0));
        assertEquals(Errno.ECONNREFUSED, f.toCompletableFuture().getNow(null).errno());
    }

    @Test
    void icmpErrorQuotingASequenceNumberNotInFlightIsIgnored() {
        hosts(false);
        link[0].record = true;
        link[0].filter = x -> false;
        TcpSocket s = a.tcpSocket();
        s.bind(A);
        s.connect(Endpoint.of("10.0.0.2", 80));
        byte[] syn = link[0].sent.get(0).clone();
        syn[24] ^= 0x40; // another sequence number: RFC 5927 §4.1 says ignore it
        icmpToA(IcmpRepr.CODE_HOST_UNREACHABLE, syn);
        assertEquals(TcpState.SYN_SENT, s.state());
        assertEquals(1L, a.drops().get(DropReason.ICMP_UNMATCHED));
    }

    @Test
    void icmpErrorInEstablishedIsSoft() {
        hosts(false);
        TcpSocket l = b.tcpSocket();
        l.bind(Endpoint.of("10.0.0.2", 80));
        l.listen(1);
        TcpSocket s = a.tcpSocket();
        s.connect(Endpoint.of("10.0.0.2", 80));
        net.run(Duration.ofMillis(10));
        link[0].record = true;
        link[0].filter = x -> false;
        s.send(text("data").array());
        icmpToA(IcmpRepr.CODE_HOST_UNREACHABLE, link[0].sent.get(link[0].sent.size() - 1));
        assertEquals(TcpState.ESTABLISHED, s.state());
        assertEquals(null, s.getOption(SocketOption.SO_ERROR).value());
    }

    @Test
    void echoRequestIsAnswered() {
        hosts(false);
        List<Datagram> got = new java.util.ArrayList<>();
        link[1].attach(buf -> {
            byte[] c = new byte[buf.remaining()];
            buf.get(c);
            got.add(Datagram.parse(ByteBuffer.wrap(c)).value());
        });
        IcmpRepr.EchoRequest ping = new IcmpRepr.EchoRequest(7, 1, text("ping"));
        link[1].send(new Datagram(Ipv4Repr.of(B.address(), A.address(), IpProtocol.ICMP, 64, ping.emittedLength()),
                ping).toBuffer());
        net.run(Duration.ofMillis(10));
        assertEquals(1, got.size());
        assertTrue(got.get(0).payload() instanceof IcmpRepr.EchoReply r && r.id() == 7 && r.seq() == 1);
        assertEquals(1, a.counter(Counter.ICMP_OUT_ECHO_REPS));
    }
}
