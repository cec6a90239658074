package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tcplab.api.host.Counter;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.Shutdown;
import org.tcplab.api.socket.SocketOption;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.policy.linux.internal.LinuxPolicy;

/** The socket calls' own rules: binding, listening, options, ISNs, keepalive and user timeout on a host. */
class SocketApiTest {

    static final Endpoint SERVER = Endpoint.of("10.0.0.2", 80);

    MemoryNetwork net;
    MemoryNetwork.MemoryLink[] link;
    Host a;
    Host b;

    @BeforeEach
    void hosts() {
        net = new MemoryNetwork();
        link = net.link(Duration.ofMillis(1), 0, 1);
        TcpEngine engine = TcpEngine.of(new LinuxPolicy());
        a = net.host(engine, HostConfig.builder("a").address("10.0.0.1").link(link[0]).seed(1));
        b = net.host(engine, HostConfig.builder("b").address("10.0.0.2").link(link[1]).seed(2));
    }

    /** A's socket connected to B:80, B's accepted one, and B's listener. */
    private TcpSocket[] connected() {
        TcpSocket l = b.tcpSocket();
        l.bind(SERVER);
        l.listen(1);
        TcpSocket c = a.tcpSocket();
        c.connect(SERVER);
        net.run(Duration.ofMillis(10));
        return new TcpSocket[] {c, l.accept().value(), l};
    }

    @Test
    void aSecondSmallWriteAtTheStartIsNotHeldBackByADelayedAck() {
        // Nagle holds "b" until "a" is acknowledged. Delayed ACKs alone would hold that ACK 40 ms; Linux's
        // quick-ACK mode acknowledges a connection's first data at once, so "b" follows a round trip (2 ms) later.
        TcpSocket[] pair = connected();
        TcpSocket c = pair[0];
        TcpSocket s = pair[1];
        assertEquals(Result.of(1), c.send(new byte[] {'a'}));
        assertEquals(Result.of(1), c.send(new byte[] {'b'}));
        net.run(Duration.ofMillis(5));
        assertEquals("ab", new String(s.recv(10).value(), StandardCharsets.US_ASCII));
    }

    @Test
    void bindRefusesAForeignAddressAndASecondBind() {
        TcpSocket s = a.tcpSocket();
        assertEquals(Errno.EADDRNOTAVAIL, s.bind(Endpoint.of("10.9.9.9", 1)).errno());
        assertEquals(Result.ok(), s.bind(Endpoint.of("0.0.0.0", 0)));
        int port = s.localEndpoint().port();
        assertTrue(port >= 32768 && port <= 60999, "ephemeral " + port);
        assertEquals(Errno.EINVAL, s.bind(Endpoint.of("10.0.0.1", 2)).errno());
    }

    @Test
    void wildcardAndSpecificBindsOfOnePortConflict() {
        TcpSocket any = a.tcpSocket();
        assertEquals(Result.ok(), any.bind(Endpoint.of("0.0.0.0", 7)));
        assertEquals(Errno.EADDRINUSE, a.tcpSocket().bind(Endpoint.of("10.0.0.1", 7)).errno());
    }

    @Test
    void aConnectionOutlivingItsBoundSocketKeepsThePortAndGivesItUpWhenGone() {
        TcpSocket l = b.tcpSocket();
        l.bind(SERVER);
        l.listen(1);
        TcpSocket c = a.tcpSocket();
        assertEquals(Result.ok(), c.bind(Endpoint.of("10.0.0.1", 5000)));
        c.connect(SERVER);
        net.run(Duration.ofMillis(10));
        l.accept().value().close();
        c.close(); // both close: A's side ends in TIME-WAIT or closes, B's may linger
        net.run(Duration.ofMillis(10));
        assertEquals(Errno.EADDRINUSE, a.tcpSocket().bind(Endpoint.of("10.0.0.1", 5000)).errno());
        assertEquals(Errno.EADDRINUSE, a.tcpSocket().bind(Endpoint.of("0.0.0.0", 5000)).errno());
        net.run(Duration.ofSeconds(61)); // 2 MSL
        assertEquals(Result.ok(), a.tcpSocket().bind(Endpoint.of("10.0.0.1", 5000)));
    }

    @Test
    void acceptedConnectionsKeepTheListenersPortAfterItCloses() {
        TcpSocket l = b.tcpSocket();
        l.bind(SERVER);
        l.listen(1);
        a.tcpSocket().connect(SERVER);
        net.run(Duration.ofMillis(10));
        TcpSocket served = l.accept().value();
        l.close();
        assertEquals(TcpState.ESTABLISHED, served.state());
        assertEquals(Errno.EADDRINUSE, b.tcpSocket().bind(SERVER).errno());
        served.setOption(SocketOption.SO_LINGER, Duration.ZERO);
        served.close();
        assertEquals(Result.ok(), b.tcpSocket().bind(SERVER));
    }

    @Test
    void twoReuseAddrSocketsMayBindOnePortButNotBothListen() {
        TcpSocket one = a.tcpSocket();
        TcpSocket two = a.tcpSocket();
        one.setOption(SocketOption.SO_REUSEADDR, true);
        two.setOption(SocketOption.SO_REUSEADDR, true);
        assertEquals(Result.ok(), one.bind(Endpoint.of("10.0.0.1", 7)));
        assertEquals(Result.ok(), two.bind(Endpoint.of("10.0.0.1", 7)));
        assertEquals(Result.ok(), one.listen(1));
        assertEquals(Errno.EADDRINUSE, two.listen(1).errno());
    }

    @Test
    void acceptOnANonListeningSocketIsEinvalAndListenOnAConnectedOneToo() {
        TcpSocket l = b.tcpSocket();
        l.bind(SERVER);
        assertEquals(Errno.EINVAL, l.accept().errno());
        l.listen(1);
        TcpSocket c = a.tcpSocket();
        c.connect(SERVER);
        net.run(Duration.ofMillis(10));
        assertEquals(Errno.EINVAL, c.listen(1).errno());
        assertEquals(Errno.EISCONN, l.connect(Endpoint.of("10.0.0.1", 5)).errno());
    }

    @Test
    void theSocketTableListsListenersAndConnections() {
        TcpSocket l = b.tcpSocket();
        l.bind(SERVER);
        l.listen(3);
        TcpSocket c = a.tcpSocket();
        c.bind(Endpoint.of("10.0.0.1", 5555));
        c.connect(SERVER);
        net.run(Duration.ofMillis(10));
        c.send(new byte[] {1, 2, 3});
        net.run(Duration.ofMillis(10));
        assertEquals(List.of("LISTEN            3      1 10.0.0.2:80           *:*",
                "ESTABLISHED       3      0 10.0.0.2:80           10.0.0.1:5555"),
                b.sockets().stream().map(Object::toString).toList());
    }

    @Test
    void closedSocketAnswersEbadf() {
        TcpSocket s = a.tcpSocket();
        s.close();
        assertEquals(Errno.EBADF, s.bind(Endpoint.of("10.0.0.1", 9)).errno());
        assertEquals(Errno.EBADF, s.close().errno());
    }

    @Test
    void unknownOptionValuesAreRefused() {
        TcpSocket s = a.tcpSocket();
        assertEquals(Errno.EINVAL, s.setOption(SocketOption.TCP_KEEPCNT, 0).errno());
        assertEquals(Errno.EINVAL, s.setOption(SocketOption.TCP_MAXSEG, 10).errno());
        assertEquals(Errno.EINVAL, s.setOption(SocketOption.TCPLAB_ISN, -1L).errno());
        assertEquals(Errno.ENOPROTOOPT, s.setOption(SocketOption.SO_ERROR, null).errno());
        assertEquals(Errno.ENOPROTOOPT, a.udpSocket().setOption(SocketOption.TCP_NODELAY, true).errno());
    }

    @Test
    void isnsFollowRfc6528DifferingPerConnectionAndGrowingWithTime() {
        TcpHost h = (TcpHost) a;
        Endpoint local = Endpoint.of("10.0.0.1", 40000);
        long isn1 = h.isn(local, SERVER, 0);
        long isn2 = h.isn(local, Endpoint.of("10.0.0.2", 81), 0);
        assertNotEquals(isn1, isn2);
        assertEquals(Seq.add(isn1, 250_000), h.isn(local, SERVER, 1_000_000_000L), "M ticks every 4 µs");
        Host sameSeed = TcpEngine.of().newHost(HostConfig.builder("c").address("10.0.0.1").link(link[0])
                .clock(net.clock).seed(1).build());
        assertEquals(isn1, ((TcpHost) sameSeed).isn(local, SERVER, 0), "the secret comes from the seed");
    }

    @Test
    void mssIsTheLinksMtuLessFortyAndTcpMaxsegLowersIt() {
        TcpSocket l = b.tcpSocket();
        l.bind(SERVER);
        l.listen(1);
        TcpSocket c = a.tcpSocket();
        c.setOption(SocketOption.TCP_MAXSEG, 1000);
        c.connect(SERVER);
        net.run(Duration.ofMillis(10));
        assertEquals(1000, c.getOption(SocketOption.TCP_MAXSEG).value());
        assertEquals(1000, l.accept().value().getOption(SocketOption.TCP_MAXSEG).value());
    }

    @Test
    void keepaliveFindsAVanishedPeerAndReportsEtimedout() {
        TcpSocket l = b.tcpSocket();
        l.bind(SERVER);
        l.listen(1);
        TcpSocket c = a.tcpSocket();
        c.setOption(SocketOption.SO_KEEPALIVE, true);
        c.setOption(SocketOption.TCP_KEEPIDLE, Duration.ofSeconds(10));
        c.setOption(SocketOption.TCP_KEEPINTVL, Duration.ofSeconds(2));
        c.setOption(SocketOption.TCP_KEEPCNT, 3);
        c.connect(SERVER);
        net.run(Duration.ofMillis(10));
        link[1].filter = x -> false; // B goes silent
        net.run(Duration.ofSeconds(15));
        assertEquals(TcpState.ESTABLISHED, c.state());
        net.run(Duration.ofSeconds(2));
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(Errno.ETIMEDOUT, c.recv(1).errno());
        assertEquals(3, a.counter(Counter.TCP_EXT_KEEPALIVE));
    }

    @Test
    void userTimeoutEndsAConnectionWhoseDataIsNeverAcknowledged() {
        TcpSocket l = b.tcpSocket();
        l.bind(SERVER);
        l.listen(1);
        TcpSocket c = a.tcpSocket();
        c.setOption(SocketOption.TCP_USER_TIMEOUT, Duration.ofSeconds(5));
        c.connect(SERVER);
        net.run(Duration.ofMillis(10));
        link[1].filter = x -> false;
        c.send(new byte[100]);
        net.run(Duration.ofMillis(4990));
        assertEquals(TcpState.ESTABLISHED, c.state());
        net.run(Duration.ofMillis(20));
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(Errno.ETIMEDOUT, c.send(new byte[1]).errno());
    }

    @Test
    void shutdownReadGivesEndOfStreamAndShutdownInSynSentAbandonsTheConnect() {
        TcpSocket c = a.tcpSocket();
        c.connect(Endpoint.of("10.0.0.3", 80));
        assertEquals(Result.ok(), c.shutdown(Shutdown.RDWR));
        assertEquals(TcpState.CLOSED, c.state());
        TcpSocket l = b.tcpSocket();
        l.bind(SERVER);
        l.listen(1);
        TcpSocket d = a.tcpSocket();
        d.connect(SERVER);
        net.run(Duration.ofMillis(10));
        assertEquals(Result.ok(), d.shutdown(Shutdown.RD));
        assertEquals(0, d.recv(10).value().length);
    }

    @Test
    void recvIntoABufferFillsItFromItsPositionAndGivesZeroAtEndOfStream() {
        TcpSocket[] pair = connected();
        TcpSocket c = pair[0];
        TcpSocket s = pair[1];
        ByteBuffer dst = ByteBuffer.allocate(8);
        assertEquals(Errno.EAGAIN, s.recv(dst).errno());
        c.send("0123456789abcdefg".getBytes(StandardCharsets.US_ASCII));
        net.run(Duration.ofMillis(10));
        dst.position(2);
        assertEquals(Result.of(6), s.recv(dst));
        assertEquals(8, dst.position());
        assertEquals("012345", new String(dst.array(), 2, 6, StandardCharsets.US_ASCII));
        ByteBuffer rest = ByteBuffer.allocateDirect(32);
        assertEquals(Result.of(11), s.recv(rest));
        rest.flip();
        assertEquals("6789abcdefg", StandardCharsets.US_ASCII.decode(rest).toString());
        assertEquals(Errno.EAGAIN, s.recv(ByteBuffer.allocate(4)).errno());
        c.close();
        net.run(Duration.ofMillis(10));
        assertEquals(Result.of(0), s.recv(ByteBuffer.allocate(4)));
        assertEquals(Errno.ENOTCONN, pair[2].recv(ByteBuffer.allocate(4)).errno());
        assertThrows(IllegalArgumentException.class, () -> s.recv(ByteBuffer.allocate(4).asReadOnlyBuffer()));
    }

    @Test
    void windowScalingLetsABigBufferFillALongFatPipe() {
        net = new MemoryNetwork();
        link = net.link(Duration.ofMillis(50), 0, 1);
        TcpEngine engine = TcpEngine.of(new LinuxPolicy());
        a = net.host(engine, HostConfig.builder("a").address("10.0.0.1").link(link[0]).sendBuffer(1 << 20));
        b = net.host(engine, HostConfig.builder("b").address("10.0.0.2").link(link[1]).receiveBuffer(1 << 20));
        TcpSocket l = b.tcpSocket();
        l.bind(SERVER);
        l.listen(1);
        TcpSocket c = a.tcpSocket();
        c.connect(SERVER);
        net.run(Duration.ofMillis(200));
        TcpSocket s = l.accept().value();
        assertEquals(Result.of(1 << 20), c.send(new byte[1 << 20]));
        // The first round trip carries the initial window, 10 segments (RFC 6928); slow start doubles it per round.
        net.run(Duration.ofMillis(110));
        assertEquals(10 * 1460, s.available());
        long before = s.available();
        long bestRound = 0;
        for (int round = 0; round < 8; round++) {
            net.run(Duration.ofMillis(100));
            bestRound = Math.max(bestRound, s.available() - before);
            before = s.available();
        }
        // Without scaling at most 65535 bytes could be in flight per round trip.
        assertTrue(bestRound > 2 * 65535, "the most received in one round trip: " + bestRound);
        // The receive buffer (1 MiB) is nearly full now: the last bytes wait until the application reads.
        assertTrue(s.available() > (1 << 20) - 1460, "received: " + s.available());
    }
}
