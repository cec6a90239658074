package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.SocketOption;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.api.trace.TraceEvent;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.policy.rfc793.internal.Rfc793Policy;

/** A host pinned to a policy by configuration or at run time: the next segment is judged by the pin. */
class HostPolicyPinTest {

    static final Endpoint HOST = Endpoint.of("10.0.0.1", 80);
    static final Endpoint PEER = Endpoint.of("10.0.0.2", 5000);
    static final Duration MS = Duration.ofMillis(1);

    MemoryNetwork net;
    Probe probe;
    Host host;
    final List<String> decisions = new ArrayList<>();

    /** A host (linux is the stack's default, rfc793 also installed) with one ESTABLISHED connection to the probe. */
    @BeforeEach
    void hostWithAConnection() {
        net = new MemoryNetwork();
        MemoryNetwork.MemoryLink[] link = net.link(MS, 0, 1);
        host = net.host(TcpEngine.of(new LinuxPolicy(), new Rfc793Policy()),
                HostConfig.builder("host").address(HOST.address()).link(link[0]).policy("rfc793")
                        .trace(e -> {
                            if (e instanceof TraceEvent.PolicyDecision d) {
                                decisions.add(d.policy() + "." + d.method() + "=" + d.verdict());
                            }
                        }));
        probe = new Probe(link[1]);
        TcpSocket listener = host.tcpSocket();
        assertEquals(Result.ok(), listener.bind(HOST));
        assertEquals(Result.ok(), listener.setOption(SocketOption.TCPLAB_ISN, 300L));
        assertEquals(Result.ok(), listener.listen(1));
        probe.send(PEER, HOST, "<SEQ=100><CTL=SYN>");
        net.run(Duration.ofMillis(10));
        probe.send(PEER, HOST, "<SEQ=101><ACK=301><CTL=ACK>");
        net.run(Duration.ofMillis(10));
        assertEquals(TcpState.ESTABLISHED, listener.accept().value().state());
        probe.segments();
    }

    /** An ACK of data never sent: both policies keep the connection, but each decides it its own way. */
    String ackOfUnsentData() {
        probe.send(PEER, HOST, "<SEQ=101><ACK=100000><CTL=ACK>");
        net.run(Duration.ofMillis(10));
        probe.segments();
        return decisions.remove(decisions.size() - 1);
    }

    @Test
    void aHostPinnedByConfigurationUsesItsPolicyNotTheDefault() {
        assertEquals("rfc793", host.pinnedPolicy());
        assertEquals("rfc793", host.policyName());
        assertEquals("rfc793.ackOutsideWindow=RFC793", ackOfUnsentData());
    }

    @Test
    void unpinningAtRunTimeMakesTheNextSegmentFollowTheDefault() {
        host.pinPolicy(null);
        assertNull(host.pinnedPolicy());
        assertEquals("linux", host.policyName());
        assertEquals("linux.ackOutsideWindow=DROP_AND_ACK", ackOfUnsentData());
    }

    @Test
    void repinningAtRunTimeSwitchesOnTheNextSegmentWithoutTouchingTheConnection() {
        host.pinPolicy("linux");
        assertEquals("linux.ackOutsideWindow=DROP_AND_ACK", ackOfUnsentData());
        host.pinPolicy("rfc793");
        assertEquals("rfc793.ackOutsideWindow=RFC793", ackOfUnsentData());
        assertEquals(1, host.counter(org.tcplab.api.host.Counter.TCP_CURR_ESTAB));
    }
}
