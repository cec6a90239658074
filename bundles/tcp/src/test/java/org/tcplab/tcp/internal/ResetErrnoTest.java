package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.Shutdown;
import org.tcplab.api.socket.SocketOption;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.api.trace.TraceEvent;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.policy.rfc793.internal.Rfc793Policy;

/**
 * What an application sees after a RST, call by call, as Linux's tcp_reset and the socket layer make it.
 *
 * <p>How the expected sequences were observed: {@code kernel/observe-errno.py} (in the test resources) run with
 * python3 on loopback inside a fresh network namespace ({@code ip netns add tcplab-errno-obs; ip netns exec
 * tcplab-errno-obs python3 observe-errno.py}) on Linux 6.18; its output is {@code kernel/observed-linux-6.18.txt}.
 * The peer's RST comes from SO_LINGER 0 + close (ESTABLISHED), from an orphaned peer receiving data
 * (CLOSE-WAIT) or from no socket at all (SYN-SENT). Each test below is one block of that output, letter for
 * letter; under the RFC 793 policy only CLOSE-WAIT's errno differs (ECONNRESET instead of EPIPE).
 */
class ResetErrnoTest {

    static final Endpoint SERVER = Endpoint.of("10.0.0.2", 5000);
    static final Endpoint NOBODY = Endpoint.of("10.0.0.2", 9);

    MemoryNetwork net;
    Host client;
    Host server;
    final List<String> seen = new ArrayList<>();
    final List<Errno> traced = new ArrayList<>();

    void hosts(RstPolicy policy) {
        net = new MemoryNetwork();
        MemoryNetwork.MemoryLink[] link = net.link(Duration.ofMillis(1), 0, 7);
        TcpEngine engine = TcpEngine.of(policy);
        client = net.host(engine, HostConfig.builder("client").address("10.0.0.1").link(link[0]).trace(e -> {
            if (e instanceof TraceEvent.ErrnoDelivered d) {
                traced.add(d.errno());
            }
        }));
        server = net.host(engine, HostConfig.builder("server").address("10.0.0.2").link(link[1]));
    }

    void settle() {
        net.run(Duration.ofMillis(50));
    }

    /** One call, written down as the observation script prints it: {@code recv -> ECONNRESET}. */
    void call(String label, Supplier<Result<?>> call) {
        Result<?> r = call.get();
        String shown;
        if (!r.isOk()) {
            shown = r.errno().name();
        } else if (r.value() instanceof byte[] b) {
            shown = b.length == 0 ? "0 (end of stream)" : "data " + new String(b, StandardCharsets.US_ASCII);
        } else if (r.value() == null) {
            shown = label.startsWith("SO_ERROR") ? "0" : "None";
        } else {
            shown = String.valueOf(r.value());
        }
        seen.add(label + " -> " + shown);
    }

    void expect(String... lines) {
        assertEquals(List.of(lines), seen);
        seen.clear();
    }

    Result<Integer> sendX(TcpSocket s) {
        return s.send("x".getBytes(StandardCharsets.US_ASCII));
    }

    /** A connected pair; the listener is closed as the script does. */
    TcpSocket[] pair() {
        TcpSocket l = server.tcpSocket();
        l.setOption(SocketOption.SO_REUSEADDR, true);
        l.bind(SERVER);
        l.listen(4);
        TcpSocket c = client.tcpSocket();
        CompletionStage<Result<Void>> connected = c.connect(SERVER, Duration.ofSeconds(5));
        settle();
        assertEquals(Result.ok(), connected.toCompletableFuture().getNow(null));
        TcpSocket s = l.accept().value();
        l.close();
        return new TcpSocket[] {c, s};
    }

    void resetByPeer(TcpSocket s) {
        s.setOption(SocketOption.SO_LINGER, Duration.ZERO);
        s.close();
        settle();
    }

    @Test
    void a_blockingConnectRefusedThenTheSocketIsNew() {
        hosts(new LinuxPolicy());
        TcpSocket c = client.tcpSocket();
        CompletionStage<Result<Void>> f = c.connect(NOBODY, Duration.ofSeconds(5));
        settle();
        call("connect", () -> f.toCompletableFuture().getNow(null));
        call("SO_ERROR", () -> c.getOption(SocketOption.SO_ERROR));
        call("send(b'x')", () -> sendX(c));
        call("recv", () -> c.recv(10));
        expect("connect -> ECONNREFUSED", "SO_ERROR -> 0", "send(b'x') -> EPIPE", "recv -> ENOTCONN");
    }

    @Test
    void b_nonBlockingConnectRefused() {
        hosts(new LinuxPolicy());
        TcpSocket c = client.tcpSocket();
        call("connect", () -> c.connect(NOBODY));
        settle();
        call("SO_ERROR", () -> c.getOption(SocketOption.SO_ERROR));
        call("SO_ERROR", () -> c.getOption(SocketOption.SO_ERROR));
        call("send(b'x')", () -> sendX(c));
        call("recv", () -> c.recv(10));
        call("connect again", () -> c.connect(NOBODY));
        expect("connect -> EINPROGRESS", "SO_ERROR -> ECONNREFUSED", "SO_ERROR -> 0", "send(b'x') -> EPIPE",
                "recv -> 0 (end of stream)", "connect again -> ECONNABORTED");
    }

    @Test
    void c_rstInEstablishedRecvFirst() {
        hosts(new LinuxPolicy());
        TcpSocket[] p = pair();
        TcpSocket c = p[0];
        resetByPeer(p[1]);
        call("recv", () -> c.recv(10));
        call("recv", () -> c.recv(10));
        call("send(b'x')", () -> sendX(c));
        call("send(b'x')", () -> sendX(c));
        call("SO_ERROR", () -> c.getOption(SocketOption.SO_ERROR));
        expect("recv -> ECONNRESET", "recv -> 0 (end of stream)", "send(b'x') -> EPIPE", "send(b'x') -> EPIPE",
                "SO_ERROR -> 0");
        assertEquals(List.of(Errno.ECONNRESET, Errno.EPIPE, Errno.EPIPE), traced);
    }

    @Test
    void d_rstInEstablishedSendFirst() {
        hosts(new LinuxPolicy());
        TcpSocket[] p = pair();
        TcpSocket c = p[0];
        resetByPeer(p[1]);
        call("send(b'x')", () -> sendX(c));
        call("send(b'x')", () -> sendX(c));
        call("recv", () -> c.recv(10));
        expect("send(b'x') -> ECONNRESET", "send(b'x') -> EPIPE", "recv -> 0 (end of stream)");
    }

    @Test
    void e_rstInEstablishedSoErrorFirst() {
        hosts(new LinuxPolicy());
        TcpSocket[] p = pair();
        TcpSocket c = p[0];
        resetByPeer(p[1]);
        call("SO_ERROR", () -> c.getOption(SocketOption.SO_ERROR));
        call("SO_ERROR", () -> c.getOption(SocketOption.SO_ERROR));
        call("recv", () -> c.recv(10));
        call("send(b'x')", () -> sendX(c));
        expect("SO_ERROR -> ECONNRESET", "SO_ERROR -> 0", "recv -> 0 (end of stream)", "send(b'x') -> EPIPE");
    }

    @Test
    void f_dataReceivedBeforeTheRstIsReadFirst() {
        hosts(new LinuxPolicy());
        TcpSocket[] p = pair();
        TcpSocket c = p[0];
        p[1].send("hello".getBytes(StandardCharsets.US_ASCII));
        settle();
        resetByPeer(p[1]);
        call("recv", () -> c.recv(3));
        call("recv", () -> c.recv(10));
        call("recv", () -> c.recv(10));
        call("recv", () -> c.recv(10));
        call("send(b'x')", () -> sendX(c));
        expect("recv -> data hel", "recv -> data lo", "recv -> ECONNRESET", "recv -> 0 (end of stream)",
                "send(b'x') -> EPIPE");
    }

    /** The peer closes normally; we (in CLOSE-WAIT) write; the orphaned peer answers the data with a RST. */
    TcpSocket closeWaitThenReset(RstPolicy policy) {
        hosts(policy);
        TcpSocket[] p = pair();
        TcpSocket c = p[0];
        p[1].close();
        settle();
        assertEquals(TcpState.CLOSE_WAIT, c.state());
        call("send(b'x') in CLOSE-WAIT", () -> sendX(c));
        settle();
        assertEquals(TcpState.CLOSED, c.state());
        return c;
    }

    @Test
    void g_rstInCloseWaitRecvFirstSeesOnlyEndOfStream() {
        TcpSocket c = closeWaitThenReset(new LinuxPolicy());
        call("recv", () -> c.recv(10));
        call("recv", () -> c.recv(10));
        call("send(b'x')", () -> sendX(c));
        call("send(b'x')", () -> sendX(c));
        expect("send(b'x') in CLOSE-WAIT -> 1", "recv -> 0 (end of stream)", "recv -> 0 (end of stream)",
                "send(b'x') -> EPIPE", "send(b'x') -> EPIPE");
    }

    @Test
    void h_rstInCloseWaitSendFirst() {
        TcpSocket c = closeWaitThenReset(new LinuxPolicy());
        call("send(b'x')", () -> sendX(c));
        call("send(b'x')", () -> sendX(c));
        call("recv", () -> c.recv(10));
        expect("send(b'x') in CLOSE-WAIT -> 1", "send(b'x') -> EPIPE", "send(b'x') -> EPIPE",
                "recv -> 0 (end of stream)");
        assertEquals(List.of(Errno.EPIPE, Errno.EPIPE), traced);
    }

    @Test
    void h_rstInCloseWaitSendFirstUnderRfc793GivesEconnreset() {
        TcpSocket c = closeWaitThenReset(new Rfc793Policy());
        call("send(b'x')", () -> sendX(c));
        call("send(b'x')", () -> sendX(c));
        expect("send(b'x') in CLOSE-WAIT -> 1", "send(b'x') -> ECONNRESET", "send(b'x') -> EPIPE");
    }

    @Test
    void i_rstInCloseWaitSoErrorFirst() {
        TcpSocket c = closeWaitThenReset(new LinuxPolicy());
        call("SO_ERROR", () -> c.getOption(SocketOption.SO_ERROR));
        call("SO_ERROR", () -> c.getOption(SocketOption.SO_ERROR));
        call("send(b'x')", () -> sendX(c));
        call("recv", () -> c.recv(10));
        expect("send(b'x') in CLOSE-WAIT -> 1", "SO_ERROR -> EPIPE", "SO_ERROR -> 0", "send(b'x') -> EPIPE",
                "recv -> 0 (end of stream)");
    }

    @Test
    void j_errnoOfCallsInTheWrongState() {
        hosts(new LinuxPolicy());
        TcpSocket c = client.tcpSocket();
        call("send unconnected", () -> sendX(c));
        call("recv unconnected", () -> c.recv(1));
        call("shutdown unconnected", () -> c.shutdown(Shutdown.RDWR));
        c.close();
        TcpSocket[] p = pair();
        call("connect connected", () -> p[0].connect(SERVER));
        call("shutdown WR", () -> p[0].shutdown(Shutdown.WR));
        call("send after SHUT_WR", () -> sendX(p[0]));
        p[0].close();
        p[1].close();
        TcpSocket l = server.tcpSocket();
        l.bind(Endpoint.of("10.0.0.2", 5009));
        l.listen(1);
        TcpSocket other = server.tcpSocket();
        call("bind in use", () -> other.bind(Endpoint.of("10.0.0.2", 5009)));
        expect("send unconnected -> EPIPE", "recv unconnected -> ENOTCONN", "shutdown unconnected -> ENOTCONN",
                "connect connected -> EISCONN", "shutdown WR -> None", "send after SHUT_WR -> EPIPE",
                "bind in use -> EADDRINUSE");
    }

    @Test
    void connectWhileConnectingGivesEalready() {
        hosts(new LinuxPolicy());
        TcpSocket c = client.tcpSocket();
        assertEquals(Errno.EINPROGRESS, c.connect(Endpoint.of("10.0.0.3", 80)).errno());
        assertEquals(Errno.EALREADY, c.connect(Endpoint.of("10.0.0.3", 80)).errno());
    }

    @Test
    void blockingConnectToANonAnsweringHostTimesOutAfterTheSynRetries() {
        hosts(new LinuxPolicy());
        TcpSocket c = client.tcpSocket();
        CompletionStage<Result<Void>> f = c.connect(Endpoint.of("10.0.0.3", 80), Duration.ofSeconds(600));
        net.run(Duration.ofSeconds(126));
        assertEquals(null, f.toCompletableFuture().getNow(null));
        net.run(Duration.ofSeconds(2));
        assertEquals(Errno.ETIMEDOUT, f.toCompletableFuture().getNow(null).errno());
    }

    @Test
    void blockingConnectWithAShortTimeoutGivesEinprogressAndGoesOn() {
        hosts(new LinuxPolicy());
        TcpSocket c = client.tcpSocket();
        CompletionStage<Result<Void>> f = c.connect(Endpoint.of("10.0.0.3", 80), Duration.ofMillis(500));
        net.run(Duration.ofSeconds(1));
        assertEquals(Errno.EINPROGRESS, f.toCompletableFuture().getNow(null).errno());
        assertEquals(TcpState.SYN_SENT, c.state());
    }

    @Test
    void sendAfterReceivingAResetGivesEpipeForEverAfterTheFirstError() {
        hosts(new LinuxPolicy());
        TcpSocket[] p = pair();
        resetByPeer(p[1]);
        assertEquals(Errno.ECONNRESET, sendX(p[0]).errno());
        for (int i = 0; i < 3; i++) {
            assertEquals(Errno.EPIPE, sendX(p[0]).errno());
        }
    }

    @Test
    void bindAfterCloseIsRefusedWhileTimeWaitHoldsThePortUnlessBothReuse() {
        hosts(new LinuxPolicy());
        TcpSocket[] p = pair();
        p[1].close(); // the server closes first: its side goes to TIME-WAIT
        settle();
        p[0].close();
        settle();
        assertEquals(TcpState.TIME_WAIT, p[1].state());
        TcpSocket plain = server.tcpSocket();
        assertEquals(Errno.EADDRINUSE, plain.bind(SERVER).errno());
        TcpSocket reuse = server.tcpSocket();
        reuse.setOption(SocketOption.SO_REUSEADDR, true);
        assertEquals(Result.ok(), reuse.bind(SERVER));
    }
}
