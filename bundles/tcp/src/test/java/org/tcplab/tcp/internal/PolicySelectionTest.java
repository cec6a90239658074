package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tcplab.api.host.Counter;
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
 * Which policy judges a segment: the stack's default read once per segment (so a swap takes effect on the next
 * one and touches no connection), a host pin, or a connection pin, side by side in one host. Also the TIME-WAIT
 * reopening by a new SYN and the host-wide challenge ACK limit.
 */
class PolicySelectionTest {

    static final Endpoint SERVER = Endpoint.of("10.0.0.2", 80);

    final LinuxPolicy linux = new LinuxPolicy();
    final RstPolicy rfc793 = new Rfc793Policy();
    final AtomicReference<RstPolicy> best = new AtomicReference<>(linux);
    final List<String> decisions = new ArrayList<>();
    MemoryNetwork net;
    MemoryNetwork.MemoryLink[] link;
    Host a;
    Host b;
    TcpSocket listener;

    @BeforeEach
    void twoHosts() {
        hosts();
    }

    void hosts() {
        net = new MemoryNetwork();
        link = net.link(Duration.ofMillis(1), 0, 11);
        List<RstPolicy> all = List.of(linux, rfc793);
        TcpEngine engine = new TcpEngine(best::get,
                n -> all.stream().filter(p -> p.name().equals(n)).findFirst().orElse(null),
                () -> all.stream().map(RstPolicy::name).toList());
        a = net.host(engine, HostConfig.builder("a").address("10.0.0.1").link(link[0]));
        b = net.host(engine, HostConfig.builder("b").address("10.0.0.2").link(link[1])
                .trace(e -> {
                    if (e instanceof TraceEvent.PolicyDecision d) {
                        decisions.add(d.policy() + "." + d.method() + "=" + d.verdict());
                    }
                }));
        listener = b.tcpSocket();
        listener.bind(SERVER);
        listener.listen(8);
    }

    /** A client connection and its accepted server side. */
    TcpSocket[] connect() {
        TcpSocket c = a.tcpSocket();
        c.connect(SERVER);
        net.run(Duration.ofMillis(10));
        return new TcpSocket[] {c, listener.accept().value()};
    }

    /** A RST from the client's address into B, inside B's window but not at RCV.NXT. */
    void rstInWindowNotExact(TcpSocket serverSide) {
        Connection c = ((TcpHost) b).connections.get(
                TcpHost.FourTuple.of(serverSide.localEndpoint(), serverSide.remoteEndpoint()));
        link[0].send(java.nio.ByteBuffer.wrap(
                Probe.bytes(c.remote, c.local, "<SEQ=" + Seq.add(c.rcvNxt, 100) + "><CTL=RST>")));
        net.run(Duration.ofMillis(10));
    }

    @Test
    void swappingTheDefaultPolicyChangesTheNextSegmentsAnswerAndNothingElse() {
        TcpSocket[] p = connect();
        rstInWindowNotExact(p[1]);
        assertEquals(TcpState.ESTABLISHED, p[1].state());
        assertEquals(List.of("linux.rstInWindowNotExact=CHALLENGE_ACK"), decisions);
        best.set(rfc793);
        assertEquals(TcpState.ESTABLISHED, p[1].state(), "a swap alone touches no connection");
        assertEquals("rfc793", b.policyName());
        net.run(Duration.ofSeconds(1));
        rstInWindowNotExact(p[1]);
        assertEquals(List.of("linux.rstInWindowNotExact=CHALLENGE_ACK", "rfc793.rstInWindowNotExact=RESET"),
                decisions);
        assertEquals(TcpState.CLOSED, p[1].state());
    }

    @Test
    void twoPoliciesRunSideBySideOnOneHost() {
        TcpSocket[] strict = connect();
        TcpSocket[] linuxStyle = connect();
        assertEquals(Result.ok(), strict[1].setOption(SocketOption.TCPLAB_POLICY, "rfc793"));
        rstInWindowNotExact(strict[1]);
        rstInWindowNotExact(linuxStyle[1]);
        assertEquals(TcpState.CLOSED, strict[1].state());
        assertEquals(TcpState.ESTABLISHED, linuxStyle[1].state());
        assertEquals(List.of("rfc793.rstInWindowNotExact=RESET", "linux.rstInWindowNotExact=CHALLENGE_ACK"),
                decisions);
    }

    @Test
    void aListenerPinPassesToTheConnectionsItAccepts() {
        assertEquals(Result.ok(), listener.setOption(SocketOption.TCPLAB_POLICY, "rfc793"));
        TcpSocket[] p = connect();
        assertEquals("rfc793", p[1].getOption(SocketOption.TCPLAB_POLICY).value());
        rstInWindowNotExact(p[1]);
        assertEquals(TcpState.CLOSED, p[1].state());
    }

    @Test
    void aHostPinOverridesTheDefaultFromTheNextSegmentOn() {
        TcpSocket[] p = connect();
        b.pinPolicy("rfc793");
        assertEquals("rfc793", b.policyName());
        rstInWindowNotExact(p[1]);
        assertEquals(TcpState.CLOSED, p[1].state());
        b.pinPolicy(null);
        assertEquals("linux", b.policyName());
    }

    @Test
    void aPinToAnAbsentPolicyFallsBackToTheDefault() {
        b.pinPolicy("no-such-policy");
        assertEquals("linux", b.policyName());
    }

    @Test
    void theHostWideChallengeAckLimitOfThePolicyIsSharedByAllConnections() {
        // challengeAckLimit 1: each second's budget is drawn in [1/2, 1/2 + 1 - 1], i.e. exactly 1.
        assertEquals(List.of(), linux.apply(Map.of("challengeAckLimit", 1)));
        TcpSocket[] one = connect();
        TcpSocket[] two = connect();
        rstInWindowNotExact(one[1]);
        rstInWindowNotExact(two[1]);
        assertEquals(1, b.counter(Counter.TCP_EXT_CHALLENGE_ACK));
        // Linux counts nothing for the second: the per-socket limit did not stop it, and the host-wide one is silent.
        assertEquals(0, b.counter(Counter.TCP_EXT_ACK_SKIPPED_CHALLENGE));
    }

    @Test
    void aNewSynBeyondRcvNxtReopensAServerSideTimeWait() {
        TcpSocket client = a.tcpSocket();
        Endpoint clientEnd = Endpoint.of("10.0.0.1", 40000);
        client.bind(clientEnd);
        client.setOption(SocketOption.TCPLAB_ISN, 1000L);
        client.connect(SERVER);
        net.run(Duration.ofMillis(10));
        TcpSocket served = listener.accept().value();
        served.close(); // the server closes first and ends in TIME-WAIT
        net.run(Duration.ofMillis(10));
        client.close();
        net.run(Duration.ofMillis(10));
        assertEquals(TcpState.TIME_WAIT, served.state());
        TcpSocket again = a.tcpSocket();
        again.bind(clientEnd);
        again.setOption(SocketOption.TCPLAB_ISN, 900_000L);
        again.connect(SERVER);
        net.run(Duration.ofMillis(10));
        assertEquals(TcpState.ESTABLISHED, again.state());
        assertEquals(1, b.counter(Counter.TCP_EXT_TW_RECYCLED));
        assertEquals(TcpState.ESTABLISHED, listener.accept().value().state());
    }

    @Test
    void anOldSynInTimeWaitDrawsAChallengeAckWhoseRstAssassinatesTheTimeWait() {
        TcpSocket client = a.tcpSocket();
        Endpoint clientEnd = Endpoint.of("10.0.0.1", 40001);
        client.bind(clientEnd);
        client.setOption(SocketOption.TCPLAB_ISN, 1000L);
        client.connect(SERVER);
        net.run(Duration.ofMillis(10));
        TcpSocket served = listener.accept().value();
        served.close();
        net.run(Duration.ofMillis(10));
        client.close();
        net.run(Duration.ofMillis(10));
        link[0].send(java.nio.ByteBuffer.wrap(Probe.bytes(clientEnd, SERVER, "<SEQ=500><CTL=SYN>")));
        net.run(Duration.ofMillis(10));
        // The ACK goes to a port with no socket any more; the RST it draws is exact and, with rfc1337 off,
        // closes the TIME-WAIT (RFC 1337's hazard 1).
        assertEquals(List.of("linux.synInSynchronizedState=CHALLENGE_ACK", "linux.rstInTimeWait=CLOSE"), decisions);
        assertEquals(TcpState.CLOSED, served.state());
    }

    @Test
    void closingAListenerResetsTheConnectionsNobodyAccepted() {
        TcpSocket c = a.tcpSocket();
        c.connect(SERVER);
        net.run(Duration.ofMillis(10));
        assertEquals(TcpState.ESTABLISHED, c.state());
        listener.close();
        net.run(Duration.ofMillis(10));
        assertEquals(Errno.ECONNRESET, c.recv(10).errno());
        assertTrue(b.rstsSent().containsKey(org.tcplab.api.host.RstReason.TCP_ABORT_ON_CLOSE));
    }

    @Test
    void errnoDeliveredToTheApplicationIsTraced() {
        List<TraceEvent.ErrnoDelivered> errnos = new ArrayList<>();
        a.addTraceListener(e -> {
            if (e instanceof TraceEvent.ErrnoDelivered d) {
                errnos.add(d);
            }
        });
        TcpSocket c = a.tcpSocket();
        c.connect(Endpoint.of("10.0.0.2", 81));
        net.run(Duration.ofMillis(10));
        c.getOption(SocketOption.SO_ERROR);
        c.send("x".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of("connect EINPROGRESS", "SO_ERROR ECONNREFUSED", "send EPIPE"),
                errnos.stream().map(d -> d.call() + " " + d.errno()).toList());
    }
}
