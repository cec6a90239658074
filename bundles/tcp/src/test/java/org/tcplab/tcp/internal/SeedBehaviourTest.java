package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
import org.tcplab.wire.Datagram;

/**
 * The behaviours the two seed documents describe, on whole hosts: the no-socket path of Linux's
 * tcp_v4_send_reset (seed 000), the listener's protection, simultaneous open and connect to self, and RFC 793
 * figures 8, 9 and 10 with the RFC's own sequence numbers (seed 001).
 */
class SeedBehaviourTest {

    static final Endpoint HOST = Endpoint.of("10.0.0.1", 80);
    static final Endpoint PEER = Endpoint.of("10.0.0.2", 5000);
    static final Duration MS = Duration.ofMillis(1);

    /** A host at 10.0.0.1 whose link leads to a {@link Probe}. */
    @Nested
    class NoSocketAndListener {

        MemoryNetwork net;
        Host host;
        Probe probe;

        @BeforeEach
        void hostAndProbe() {
            net = new MemoryNetwork();
            MemoryNetwork.MemoryLink[] link = net.link(MS, 0, 1);
            host = net.host(TcpEngine.of(new LinuxPolicy()),
                    HostConfig.builder("host").address(HOST.address()).link(link[0]));
            probe = new Probe(link[1]);
        }

        List<String> exchange(String rfc) {
            probe.send(PEER, HOST, rfc);
            net.run(Duration.ofMillis(10));
            return probe.segments();
        }

        @Test
        void segmentWithAckForNoSocketGetsRstAtSegAckFromTheAddressItWasSentTo() {
            assertEquals(List.of("10.0.0.1:80 > 10.0.0.2:5000 <SEQ=100><CTL=RST>"),
                    exchange("<SEQ=300><ACK=100><CTL=ACK>"));
            assertEquals(1, host.counter(Counter.TCP_OUT_RSTS));
            assertEquals(Map.of(RstReason.NO_SOCKET, 1L), host.rstsSent());
            assertEquals(1L, host.drops().get(DropReason.NO_SOCKET));
        }

        @Test
        void synForNoSocketGetsRstAckAtSegSeqPlusOne() {
            assertEquals(List.of("10.0.0.1:80 > 10.0.0.2:5000 <SEQ=0><ACK=401><CTL=RST,ACK>"),
                    exchange("<SEQ=400><CTL=SYN>"));
        }

        @Test
        void synFinAndPayloadAllCountInTheAckOfTheReset() {
            assertEquals(List.of("10.0.0.1:80 > 10.0.0.2:5000 <SEQ=0><ACK=1012><CTL=RST,ACK>"),
                    exchange("<SEQ=1000><DATA=10><CTL=SYN,FIN>"));
        }

        @Test
        void dataWithoutAckForNoSocketGetsRstAckAfterTheData() {
            assertEquals(List.of("10.0.0.1:80 > 10.0.0.2:5000 <SEQ=0><ACK=1010><CTL=RST,ACK>"),
                    exchange("<SEQ=1000><DATA=10><CTL=PSH>"));
        }

        @Test
        void rstForNoSocketIsNeverAnswered() {
            assertEquals(List.of(), exchange("<SEQ=300><CTL=RST>"));
            assertEquals(List.of(), exchange("<SEQ=300><ACK=100><CTL=RST,ACK>"));
            assertEquals(0, host.counter(Counter.TCP_OUT_RSTS));
            assertEquals(2, host.counter(Counter.TCP_IN_SEGS));
        }

        @Test
        void badChecksumIsDroppedAndCountedButNeverAnswered() {
            byte[] d = Probe.bytes(PEER, HOST, "<SEQ=300><ACK=100><CTL=ACK>");
            d[20 + 16] ^= 0x01; // the TCP checksum
            probe.sendRaw(d);
            net.run(Duration.ofMillis(10));
            assertEquals(List.of(), probe.segments());
            assertEquals(1, host.counter(Counter.TCP_IN_CSUM_ERRORS));
            assertEquals(1, host.counter(Counter.TCP_IN_ERRS));
            assertEquals(0, host.counter(Counter.TCP_IN_SEGS));
            assertEquals(Map.of(DropReason.TCP_CSUM, 1L), host.drops());
        }

        @Test
        void segmentForAnAddressThatIsNotOursIsNotAnswered() {
            probe.send(PEER, Endpoint.of("10.0.0.99", 80), "<SEQ=300><CTL=SYN>");
            net.run(Duration.ofMillis(10));
            assertEquals(List.of(), probe.segments());
            assertEquals(Map.of(DropReason.IP_INADDRERRORS, 1L), host.drops());
        }

        TcpSocket listener(int backlog) {
            TcpSocket l = host.tcpSocket();
            assertEquals(Result.ok(), l.bind(HOST));
            assertEquals(Result.ok(), l.setOption(SocketOption.TCPLAB_ISN, 300L));
            assertEquals(Result.ok(), l.listen(backlog));
            return l;
        }

        @Test
        void listenerIgnoresAForgedRst() {
            TcpSocket l = listener(5);
            assertEquals(List.of(), exchange("<SEQ=300><CTL=RST>"));
            assertEquals(List.of(), exchange("<SEQ=300><ACK=77><CTL=RST,ACK>"));
            assertEquals(TcpState.LISTEN, l.state());
            assertEquals(List.of("10.0.0.1:80 > 10.0.0.2:5000 <SEQ=300><ACK=101><CTL=SYN,ACK>"),
                    exchange("<SEQ=100><CTL=SYN>"));
        }

        @Test
        void listenerAnswersAStrayAckWithRstAtSegAck() {
            TcpSocket l = listener(5);
            assertEquals(List.of("10.0.0.1:80 > 10.0.0.2:5000 <SEQ=77><CTL=RST>"),
                    exchange("<SEQ=300><ACK=77><CTL=ACK>"));
            assertEquals(TcpState.LISTEN, l.state());
            assertEquals(Map.of(RstReason.TCP_FLAGS, 1L), host.rstsSent());
        }

        @Test
        void listenerQueuesSynsWithinItsBacklogAndDropsTheRest() {
            TcpSocket l = listener(1);
            for (int port = 5001; port <= 5003; port++) {
                probe.send(Endpoint.of("10.0.0.2", port), HOST, "<SEQ=100><CTL=SYN>");
            }
            net.run(Duration.ofMillis(10));
            // Linux sk_acceptq_is_full: backlog 1 holds two.
            assertEquals(2, probe.segments().size());
            assertEquals(1, host.counter(Counter.TCP_EXT_LISTEN_OVERFLOWS));
            probe.send(Endpoint.of("10.0.0.2", 5001), HOST, "<SEQ=101><ACK=301><CTL=ACK>");
            net.run(Duration.ofMillis(10));
            TcpSocket accepted = l.accept().value();
            assertEquals(TcpState.ESTABLISHED, accepted.state());
            assertEquals(Endpoint.of("10.0.0.2", 5001), accepted.remoteEndpoint());
            assertEquals(Errno.EAGAIN, l.accept().errno());
        }

        @Test
        void closedListenerLeavesNoSocket() {
            TcpSocket l = listener(1);
            assertEquals(Result.ok(), l.close());
            assertEquals(List.of("10.0.0.1:80 > 10.0.0.2:5000 <SEQ=0><ACK=101><CTL=RST,ACK>"),
                    exchange("<SEQ=100><CTL=SYN>"));
        }
    }

    /** Two tcplab hosts, A at 10.0.0.1 and B at 10.0.0.2, on one link. */
    abstract static class TwoHosts {
        static final Endpoint A = Endpoint.of("10.0.0.1", 1000);
        static final Endpoint B = Endpoint.of("10.0.0.2", 80);

        MemoryNetwork net;
        MemoryNetwork.MemoryLink[] link;
        Host a;
        Host b;
        final List<String> ladder = new ArrayList<>();

        void hosts(RstPolicy policy) {
            net = new MemoryNetwork();
            link = net.link(MS, 0, 1);
            TcpEngine engine = TcpEngine.of(policy);
            a = net.host(engine, HostConfig.builder("A").address(A.address()).link(link[0]).trace(this::record));
            b = net.host(engine, HostConfig.builder("B").address(B.address()).link(link[1]).trace(this::record));
        }

        void record(TraceEvent e) {
            if (e instanceof TraceEvent.SegmentOut out) {
                ladder.add(e.host() + " --> " + out.segment().text());
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
    }

    @Nested
    class SimultaneousOpen extends TwoHosts {

        @Test
        void crossedSynsEstablishBothSidesAsRfc9293Figure7() {
            // RFC 793 figure 8, with RFC 9293's correction of line 7.
            hosts(new LinuxPolicy());
            TcpSocket sa = socket(a, A, 100);
            TcpSocket sb = socket(b, B, 300);
            assertEquals(Errno.EINPROGRESS, sa.connect(B).errno());
            assertEquals(Errno.EINPROGRESS, sb.connect(A).errno());
            net.run(Duration.ofMillis(100));
            assertEquals(List.of(
                    "A --> <SEQ=100><CTL=SYN>",
                    "B --> <SEQ=300><CTL=SYN>",
                    // lines 3-5: each SYN arrives in SYN-SENT; both SYN,ACKs leave at the same instant and cross
                    "B --> <SEQ=300><ACK=101><CTL=SYN,ACK>",
                    "A --> <SEQ=100><ACK=301><CTL=SYN,ACK>"), ladder());
            assertEquals(TcpState.ESTABLISHED, sa.state());
            assertEquals(TcpState.ESTABLISHED, sb.state());
            assertEquals(Result.ok(), sa.connect(B));
            assertEquals(Errno.EISCONN, sa.connect(B).errno());
            sa.send("ping".getBytes(StandardCharsets.US_ASCII));
            net.run(Duration.ofMillis(100));
            assertEquals("ping", new String(sb.recv(10).value(), StandardCharsets.US_ASCII));
        }

        @Test
        void connectToSelfEstablishesWithoutListen() {
            hosts(new LinuxPolicy());
            Endpoint self = Endpoint.of("10.0.0.1", 5000);
            TcpSocket s = socket(a, self, 100);
            assertEquals(Errno.EINPROGRESS, s.connect(self).errno());
            net.run(Duration.ofMillis(10));
            assertEquals(List.of("A --> <SEQ=100><CTL=SYN>", "A --> <SEQ=100><ACK=101><CTL=SYN,ACK>"), ladder());
            assertEquals(TcpState.ESTABLISHED, s.state());
            assertEquals(self, s.remoteEndpoint());
            assertEquals(Result.of(5), s.send("hello".getBytes(StandardCharsets.US_ASCII)));
            net.run(Duration.ofMillis(10));
            assertEquals("hello", new String(s.recv(10).value(), StandardCharsets.US_ASCII));
            assertEquals(0, link[0].sent.size(), "loopback never touches the link");
        }
    }

    @Nested
    class Figure9RecoveryFromOldDuplicateSyn extends TwoHosts {

        @Test
        void oldDuplicateSynIsResetAndTheConnectionRecovers() {
            hosts(new LinuxPolicy());
            TcpSocket server = socket(b, B, 300);
            assertEquals(Result.ok(), server.listen(5));
            // 2. A's SYN is delayed in the network ("..."): hold it.
            List<ByteBuffer> held = new ArrayList<>();
            link[0].filter = d -> {
                if (held.isEmpty()) {
                    held.add(d);
                    return false;
                }
                return true;
            };
            TcpSocket client = socket(a, A, 100);
            assertEquals(Errno.EINPROGRESS, client.connect(B).errno());
            // 3. An old duplicate <SEQ=90><CTL=SYN> from A reaches B first.
            link[0].send(ByteBuffer.wrap(Probe.bytes(A, B, "<SEQ=90><CTL=SYN>")));
            net.run(Duration.ofMillis(20));
            assertEquals(TcpState.SYN_SENT, client.state());
            // 6. B's listener answers the next SYN with ISN 400, as in the figure.
            assertEquals(Result.ok(), server.setOption(SocketOption.TCPLAB_ISN, 400L));
            byte[] delayedSyn = new byte[held.get(0).remaining()];
            held.get(0).get(delayedSyn);
            link[0].send(ByteBuffer.wrap(delayedSyn));
            net.run(Duration.ofMillis(20));
            assertEquals(List.of(
                    "A --> <SEQ=100><CTL=SYN>",
                    "B --> <SEQ=300><ACK=91><CTL=SYN,ACK>",
                    "A --> <SEQ=91><CTL=RST>",
                    "B --> <SEQ=400><ACK=101><CTL=SYN,ACK>",
                    "A --> <SEQ=101><ACK=401><CTL=ACK>"), ladder());
            assertEquals(TcpState.ESTABLISHED, client.state());
            TcpSocket accepted = server.accept().value();
            assertEquals(TcpState.ESTABLISHED, accepted.state());
            assertEquals(Errno.EAGAIN, server.accept().errno(), "the SYN-RECEIVED of line 3 went back to LISTEN");
            assertEquals(Map.of(RstReason.TCP_INVALID_ACK_SEQUENCE, 1L), a.rstsSent());
        }
    }

    @Nested
    class Figure10HalfOpenConnectionDiscovery extends TwoHosts {

        TcpSocket server;
        TcpSocket serverSide;

        /** 1-2. A and B established with "send 300, receive 100" at B; then A crashes. */
        void establishedThenCrash(RstPolicy policy) {
            hosts(policy);
            server = socket(b, B, 299);
            assertEquals(Result.ok(), server.listen(5));
            TcpSocket client = socket(a, A, 99);
            client.connect(B);
            net.run(Duration.ofMillis(20));
            serverSide = server.accept().value();
            assertEquals(TcpState.ESTABLISHED, serverSide.state());
            ladder();
            a.crash();
        }

        @Test
        void underLinuxTheChallengeAckRevealsTheHalfOpenConnection() {
            establishedThenCrash(new LinuxPolicy());
            TcpSocket again = socket(a, A, 400);
            assertEquals(Errno.EINPROGRESS, again.connect(B).errno());
            net.run(Duration.ofMillis(20));
            assertEquals(List.of(
                    "A --> <SEQ=400><CTL=SYN>",
                    "B --> <SEQ=300><ACK=100><CTL=ACK>",
                    "A --> <SEQ=100><CTL=RST>"), ladder());
            assertEquals(TcpState.CLOSED, serverSide.state());
            assertEquals(Errno.ECONNRESET, serverSide.recv(10).errno());
            assertEquals(TcpState.SYN_SENT, again.state());
            // 7. A's SYN again, after its retransmission timeout; B's listener takes it this time.
            net.run(Duration.ofMillis(1100));
            assertEquals("A --> <SEQ=400><CTL=SYN>", ladder().get(0));
            assertEquals(TcpState.ESTABLISHED, again.state());
        }

        @Test
        void underRfc793TheSynInTheWindowResetsBAndRefusesA() {
            // The figure assumes A's new ISN falls outside B's window. With B's window open over 400 the RFC 793
            // rule for a SYN in the window applies instead: B resets and A's connect is refused.
            establishedThenCrash(new Rfc793Policy());
            TcpSocket again = socket(a, A, 400);
            again.connect(B);
            net.run(Duration.ofMillis(20));
            assertEquals(List.of("A --> <SEQ=400><CTL=SYN>", "B --> <SEQ=0><ACK=401><CTL=RST,ACK>"), ladder());
            assertEquals(TcpState.CLOSED, serverSide.state());
            assertEquals(TcpState.CLOSED, again.state());
            assertEquals(Errno.ECONNREFUSED, again.getOption(SocketOption.SO_ERROR).value());
        }
    }

    @Test
    void malformedHostSentDatagramsNeverHappen() {
        // Every datagram a host emits parses with verified checksums (the Probe would throw otherwise).
        MemoryNetwork net = new MemoryNetwork();
        MemoryNetwork.MemoryLink[] link = net.link(MS, 0, 1);
        Host host = net.host(TcpEngine.of(), HostConfig.builder("h").address(HOST.address()).link(link[0]));
        Probe probe = new Probe(link[1]);
        probe.send(PEER, HOST, "<SEQ=1><CTL=SYN>");
        net.run(Duration.ofMillis(10));
        Datagram d = probe.received.get(0);
        assertEquals(HOST.address(), d.ip().src());
        assertTrue(host.policyName() == null, "no policy installed: the builtin one is used and named nowhere else");
    }
}
