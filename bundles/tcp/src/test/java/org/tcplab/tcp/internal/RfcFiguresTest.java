package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.SocketOption;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.api.trace.TraceEvent;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.policy.rfc793.internal.Rfc793Policy;

/**
 * RFC 793 figures 7, 11, 12, 13 and 14 (figures 8, 9 and 10 are in SeedBehaviourTest) between two hosts with
 * the figures' own sequence numbers, under both policies: each segment line of the figure, in order, as the
 * hosts sent it. Figures from /work/shared/reference/rfc793-figures.txt.
 */
class RfcFiguresTest {

    static final Endpoint A = Endpoint.of("10.0.0.1", 1000);
    static final Endpoint B = Endpoint.of("10.0.0.2", 80);

    static Stream<RstPolicy> policies() {
        return Stream.of(new Rfc793Policy(), new LinuxPolicy());
    }

    MemoryNetwork net;
    MemoryNetwork.MemoryLink[] link;
    Host a;
    Host b;
    final List<String> ladder = new ArrayList<>();

    void hosts(RstPolicy policy) {
        net = new MemoryNetwork();
        link = net.link(Duration.ofMillis(1), 0, 1);
        TcpEngine engine = TcpEngine.of(policy);
        a = net.host(engine, HostConfig.builder("A").address(A.address()).link(link[0]).trace(this::record));
        b = net.host(engine, HostConfig.builder("B").address(B.address()).link(link[1]).trace(this::record));
    }

    void record(TraceEvent e) {
        if (e instanceof TraceEvent.SegmentOut out) {
            ladder.add(e.host().equals("A") ? "--> " + out.segment().text() : "<-- " + out.segment().text());
        }
    }

    List<String> ladder() {
        List<String> copy = List.copyOf(ladder);
        ladder.clear();
        return copy;
    }

    TcpSocket socket(Host h, Endpoint bind, long isn) {
        TcpSocket s = h.tcpSocket();
        assertEquals(Result.ok(), s.bind(bind));
        assertEquals(Result.ok(), s.setOption(SocketOption.TCPLAB_ISN, isn));
        return s;
    }

    void run() {
        net.run(Duration.ofMillis(20));
    }

    /** A (ISN 99) and B (ISN 299) ESTABLISHED: A sends from 100, B from 300, as figures 13 and 14 begin. */
    TcpSocket[] established() {
        TcpSocket l = socket(b, B, 299);
        l.listen(1);
        TcpSocket ca = socket(a, A, 99);
        ca.connect(B);
        run();
        ladder();
        return new TcpSocket[] {ca, l.accept().value()};
    }

    @ParameterizedTest
    @MethodSource("policies")
    void figure7BasicThreeWayHandshake(RstPolicy policy) {
        hosts(policy);
        TcpSocket l = socket(b, B, 300);
        l.listen(1);
        TcpSocket ca = socket(a, A, 100);
        ca.setOption(SocketOption.TCP_NODELAY, true);
        ca.connect(B);
        run();
        ca.send("data".getBytes(StandardCharsets.US_ASCII));
        // B's ACK of the data is a delayed ACK (RFC 9293 3.8.6.3, 40 ms here): it follows the figure's last line.
        net.run(Duration.ofMillis(50));
        assertEquals(List.of(
                "--> <SEQ=100><CTL=SYN>",
                "<-- <SEQ=300><ACK=101><CTL=SYN,ACK>",
                "--> <SEQ=101><ACK=301><CTL=ACK>",
                "--> <SEQ=101><ACK=301><DATA=4><CTL=PSH,ACK>",
                "<-- <SEQ=301><ACK=105><CTL=ACK>"), ladder());
    }

    @ParameterizedTest
    @MethodSource("policies")
    void figure11ActiveSideCausesHalfOpenConnectionDiscovery(RstPolicy policy) {
        hosts(policy);
        TcpSocket[] p = established();
        a.crash();
        p[1].send("0123456789".getBytes(StandardCharsets.US_ASCII));
        run();
        assertEquals(List.of(
                "<-- <SEQ=300><ACK=100><DATA=10><CTL=PSH,ACK>",
                "--> <SEQ=100><CTL=RST>"), ladder());
        assertEquals(TcpState.CLOSED, p[1].state());
        assertEquals(Errno.ECONNRESET, p[1].recv(1).errno());
    }

    @ParameterizedTest
    @MethodSource("policies")
    void figure12OldDuplicateSynInitiatesAResetOnTwoPassiveSockets(RstPolicy policy) {
        hosts(policy);
        TcpSocket la = socket(a, A, 0);
        la.listen(1);
        TcpSocket lb = socket(b, B, 5000);
        lb.listen(1);
        // 2. An old duplicate <SEQ=Z><CTL=SYN> from A's listening port reaches B.
        link[0].send(ByteBuffer.wrap(Probe.bytes(A, B, "<SEQ=700><CTL=SYN>")));
        run();
        assertEquals(List.of(
                "<-- <SEQ=5000><ACK=701><CTL=SYN,ACK>",
                "--> <SEQ=701><CTL=RST>"), ladder());
        assertEquals(TcpState.LISTEN, la.state());
        assertEquals(TcpState.LISTEN, lb.state());
        assertEquals(Errno.EAGAIN, lb.accept().errno(), "B is back in LISTEN with nothing to accept");
    }

    @ParameterizedTest
    @MethodSource("policies")
    void figure13NormalCloseSequence(RstPolicy policy) {
        hosts(policy);
        TcpSocket[] p = established();
        p[0].close();
        run();
        assertEquals(TcpState.FIN_WAIT_2, p[0].state());
        assertEquals(TcpState.CLOSE_WAIT, p[1].state());
        p[1].close();
        run();
        assertEquals(List.of(
                "--> <SEQ=100><ACK=300><CTL=FIN,ACK>",
                "<-- <SEQ=300><ACK=101><CTL=ACK>",
                "<-- <SEQ=300><ACK=101><CTL=FIN,ACK>",
                "--> <SEQ=101><ACK=301><CTL=ACK>"), ladder());
        assertEquals(TcpState.TIME_WAIT, p[0].state());
        assertEquals(TcpState.CLOSED, p[1].state());
        net.run(Duration.ofSeconds(60));
        assertEquals(TcpState.CLOSED, p[0].state(), "2 MSL later");
    }

    @ParameterizedTest
    @MethodSource("policies")
    void figure14SimultaneousCloseSequence(RstPolicy policy) {
        hosts(policy);
        TcpSocket[] p = established();
        p[0].close();
        p[1].close();
        run();
        assertEquals(List.of(
                "--> <SEQ=100><ACK=300><CTL=FIN,ACK>",
                "<-- <SEQ=300><ACK=100><CTL=FIN,ACK>",
                "<-- <SEQ=301><ACK=101><CTL=ACK>",
                "--> <SEQ=101><ACK=301><CTL=ACK>"), ladder());
        assertEquals(TcpState.TIME_WAIT, p[0].state());
        assertEquals(TcpState.TIME_WAIT, p[1].state());
    }
}
