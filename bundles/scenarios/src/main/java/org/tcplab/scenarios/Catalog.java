package org.tcplab.scenarios;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.tcplab.api.host.Host;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.SocketOption;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.socket.UdpSocket;
import org.tcplab.link.sim.Match;
import org.tcplab.wire.TcpFlags;

/**
 * Every scenario tcplab ships: RFC 793 figures 7 to 14 with the RFC's sequence numbers, and the stories of the
 * two seed documents. Hosts are A = 10.0.0.1 and B = 10.0.0.2; the network delays 10 ms each way unless a
 * scenario says otherwise.
 */
public final class Catalog {

    /** A scenario made of a name, a line and a script. */
    record Simple(String name, String description, Consumer<Script> script) implements Scenario {
        @Override
        public void play(Script s) {
            script.accept(s);
        }
    }

    static final String A_ADDR = "10.0.0.1";
    static final String B_ADDR = "10.0.0.2";
    static final Endpoint B80 = Endpoint.of(B_ADDR, 80);
    static final Endpoint A1000 = Endpoint.of(A_ADDR, 1000);

    private static final List<Scenario> ALL = List.of(
            new Simple("fig7", "RFC 793 figure 7: basic three-way handshake, then data", Catalog::fig7),
            new Simple("fig8", "RFC 793 figure 8: simultaneous open (crossed SYNs, no listener)", Catalog::fig8),
            new Simple("fig9", "RFC 793 figure 9: recovery from an old duplicate SYN", Catalog::fig9),
            new Simple("fig10", "RFC 793 figure 10: half-open connection discovery (A crashed and reconnects)", Catalog::fig10),
            new Simple("fig11", "RFC 793 figure 11: the active side causes half-open connection discovery", Catalog::fig11),
            new Simple("fig12", "RFC 793 figure 12: an old duplicate SYN resets two passive sockets", Catalog::fig12),
            new Simple("fig13", "RFC 793 figure 13: normal close sequence", Catalog::fig13),
            new Simple("fig14", "RFC 793 figure 14: simultaneous close sequence", Catalog::fig14),
            new Simple("no-socket", "segments to a port with no socket: RST for a SYN (no ACK) and for an ACK", Catalog::noSocket),
            new Simple("vanished-peer", "writing to a peer whose socket vanished: ok, then ECONNRESET, then EPIPE", Catalog::vanishedPeer),
            new Simple("mobile-lost-fin", "the mobile app: the peer closes, its FIN is lost, the peer reboots; the app writes", Catalog::mobileLostFin),
            new Simple("listener", "a listener ignores a forged RST and answers a stray ACK with RST, then still accepts", Catalog::listener),
            new Simple("udp-closed-port", "UDP to a closed port: ICMP port unreachable; a connected sender sees ECONNREFUSED once", s -> udp(s, false)),
            new Simple("udp-filtered", "UDP to a closed port of a filtered host: silence; the sender never learns", s -> udp(s, true)),
            new Simple("rst-close-wait", "a RST in CLOSE-WAIT: the errno the application sees (RFC 793 ECONNRESET, Linux EPIPE)", Catalog::rstCloseWait),
            new Simple("timewait-assassination", "a RST in TIME-WAIT closes it early (RFC 1337's hazard; rfc1337 off)", s -> timeWait(s, false)),
            new Simple("timewait-rfc1337", "a RST in TIME-WAIT ignored with rfc1337 on: TIME-WAIT runs its 2 MSL", s -> timeWait(s, true)),
            new Simple("connect-to-self", "a socket connects to its own address and port: simultaneous open with itself", Catalog::connectToSelf),
            new Simple("ack-storm", "a forged segment desynchronizes a connection: RFC 793 answers ACK with ACK for ever, Linux's rate limit ends it", Catalog::ackStorm),
            new Simple("path-mtu", "a path with a smaller MTU: the router's ICMP fragmentation needed makes A's segments shrink (RFC 1191)", s -> pathMtu(s, false)),
            new Simple("pmtu-black-hole", "the same path with its ICMP filtered: A's full-sized segments vanish and A never learns why", s -> pathMtu(s, true)));

    private Catalog() {
    }

    /** Every scenario, figures first. */
    public static List<Scenario> all() {
        return ALL;
    }

    public static Optional<Scenario> byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Whether a scenario needs the {@code <policy>+rfc1337} variant of the run's policy. */
    public static boolean needsRfc1337(Scenario s) {
        return s.name().equals("timewait-rfc1337");
    }

    // ------------------------------------------------------------------------------------------------------
    // RFC 793 figures
    // ------------------------------------------------------------------------------------------------------

    /** A and B with B listening on 80 (ISN {@code bIsn}); nothing sent yet. */
    private static TcpSocket[] hostsWithListener(Script s, long bIsn) {
        Host a = s.host("A", A_ADDR);
        Host b = s.host("B", B_ADDR);
        TcpSocket l = s.listen(b, 80, bIsn);
        return new TcpSocket[] {null, l};
    }

    /**
     * A connected to B:80 with ISNs 99 and 299, so that A sends from 100 and B from 300 as the figures say;
     * returns {A's socket, B's accepted socket}. The setup is not part of the ladder.
     */
    private static TcpSocket[] established(Script s) {
        TcpSocket l = hostsWithListener(s, 299)[1];
        TcpSocket ca = s.connect(s.a(), 1000, B80, 99);
        s.runMillis(100);
        TcpSocket cb = l.accept().value();
        return new TcpSocket[] {ca, cb};
    }

    static void fig7(Script s) {
        hostsWithListener(s, 300);
        s.begin();
        s.states();
        TcpSocket ca = s.connect(s.a(), 1000, B80, 100);
        s.runMillis(30);
        s.send(s.a(), ca, 10);
        s.runMillis(300);
    }

    static void fig8(Script s) {
        Host a = s.host("A", A_ADDR);
        Host b = s.host("B", B_ADDR);
        // A's SYN takes longer than B's, so B's SYN reaches A first, as in the figure.
        s.net().path("A", "B").delay(Duration.ofMillis(30));
        s.net().path("B", "A").delay(Duration.ofMillis(10));
        s.begin();
        s.states();
        s.connect(a, 1000, Endpoint.of(B_ADDR, 2000), 100);
        s.runMillis(5);
        s.connect(b, 2000, A1000, 300);
        s.runMillis(300);
    }

    static void fig9(Script s) {
        TcpSocket l = hostsWithListener(s, 300)[1];
        // A's SYN stays in the network while an old duplicate from an earlier incarnation arrives first.
        s.net().path("A", "B").hold(Match.tcpFlags(TcpFlags.SYN), 1, Duration.ofMillis(40), "A's SYN is delayed");
        s.begin();
        s.states();
        s.connect(s.a(), 1000, B80, 100);
        s.runMillis(1);
        s.inject("(duplicate)", A1000, B80, Script.segment(90, 0, TcpFlags.SYN), Duration.ofMillis(10));
        s.runMillis(39); // t = 40 ms: B has gone back to LISTEN
        l.setOption(SocketOption.TCPLAB_ISN, 400L); // B's next incarnation starts at 400, as in the figure
        s.runMillis(300);
    }

    static void fig10(Script s) {
        established(s);
        s.begin();
        s.crash(s.a());
        s.states("(CRASH)", "(send 300,receive 100)");
        s.states();
        s.connect(s.a(), 1000, B80, 400);
        s.runMillis(1500); // past A's first SYN retransmission (RTO 1 s)
    }

    static void fig11(Script s) {
        TcpSocket[] c = established(s);
        s.begin();
        s.crash(s.a());
        s.states("(CRASH)", "(send 300,receive 100)");
        s.send(s.b(), c[1], 10);
        s.runMillis(100);
        s.call(s.b(), "recv()", () -> c[1].recv(100));
    }

    static void fig12(Script s) {
        Host a = s.host("A", A_ADDR);
        Host b = s.host("B", B_ADDR);
        s.listen(a, 1000, 100);
        s.listen(b, 80, 300);
        s.begin();
        s.states();
        // Z = 100 (the old duplicate), X = 300 (B's ISN).
        s.inject("", A1000, B80, Script.segment(100, 0, TcpFlags.SYN), Duration.ofMillis(10));
        s.runMillis(100);
        s.states();
    }

    static void fig13(Script s) {
        TcpSocket[] c = established(s);
        s.begin();
        s.states();
        s.note("(Close)", "");
        s.close(s.a(), c[0]);
        s.runMillis(100);
        s.note("", "(Close)");
        s.close(s.b(), c[1]);
        s.runMillis(100);
        s.runFor(Duration.ofSeconds(60)); // 2 MSL, MSL = 30 s
        s.note("(2 MSL)", "");
        s.state(true);
    }

    static void fig14(Script s) {
        TcpSocket[] c = established(s);
        s.begin();
        s.states();
        s.note("(Close)", "(Close)");
        s.close(s.a(), c[0]);
        s.close(s.b(), c[1]);
        s.runMillis(100);
        s.states();
        s.runFor(Duration.ofSeconds(60));
        s.note("(2 MSL)", "(2 MSL)");
        s.states();
    }

    // ------------------------------------------------------------------------------------------------------
    // The first seed: what a sender sees when the target socket does not exist
    // ------------------------------------------------------------------------------------------------------

    static void noSocket(Script s) {
        Host a = s.host("A", A_ADDR);
        s.host("B", B_ADDR);
        s.begin();
        s.states();
        // No ACK bit: <SEQ=0><ACK=SEG.SEQ+SYN+FIN+LEN><CTL=RST,ACK>.
        TcpSocket c = s.connect(a, 1000, Endpoint.of(B_ADDR, 81), 100);
        s.runMillis(50);
        s.call(a, "getsockopt(SO_ERROR)", () -> c.getOption(SocketOption.SO_ERROR));
        // ACK bit set: <SEQ=SEG.ACK><CTL=RST>.
        s.inject("(stray)", Endpoint.of(A_ADDR, 1001), Endpoint.of(B_ADDR, 81),
                Script.segment(5000, 7000, TcpFlags.ACK), Duration.ofMillis(10));
        s.runMillis(50);
        // SYN+FIN with 5 bytes: the RST acknowledges SEQ + 1 + 1 + 5.
        s.inject("(stray)", Endpoint.of(A_ADDR, 1002), Endpoint.of(B_ADDR, 81),
                Script.segment(9000, 0, TcpFlags.SYN | TcpFlags.FIN).withPayload(new byte[5]), Duration.ofMillis(10));
        s.runMillis(50);
        // A RST is never answered.
        s.inject("(stray)", Endpoint.of(A_ADDR, 1003), Endpoint.of(B_ADDR, 81),
                Script.segment(1, 0, TcpFlags.RST), Duration.ofMillis(10));
        s.runMillis(50);
    }

    static void vanishedPeer(Script s) {
        TcpSocket[] c = established(s);
        s.begin();
        s.states();
        s.crash(s.b());
        s.note("", "(process gone)");
        s.send(s.a(), c[0], 5);
        s.runMillis(100);
        s.send(s.a(), c[0], 5);
        s.send(s.a(), c[0], 5);
        s.recv(s.a(), c[0]);
    }

    static void mobileLostFin(Script s) {
        TcpSocket[] c = established(s);
        s.net().path("B", "A").drop(Match.tcpFlags(TcpFlags.FIN), -1, "A is in the background: B's FINs never reach it");
        s.begin();
        s.states();
        s.note("(background)", "(Close)");
        s.close(s.b(), c[1]);
        s.runMillis(500);
        s.crash(s.b());
        s.note("", "(reboot)");
        s.net().path("B", "A").clearFilters();
        s.runFor(Duration.ofSeconds(10));
        s.note("(foreground)", "");
        s.send(s.a(), c[0], 5);
        s.runMillis(100);
        s.send(s.a(), c[0], 5);
        s.send(s.a(), c[0], 5);
    }

    static void listener(Script s) {
        TcpSocket l = hostsWithListener(s, 300)[1];
        s.begin();
        s.states();
        s.inject("(forged)", Endpoint.of(A_ADDR, 4000), B80, Script.segment(12345, 0, TcpFlags.RST), Duration.ofMillis(10));
        s.runMillis(50);
        s.inject("(stray)", Endpoint.of(A_ADDR, 4001), B80, Script.segment(500, 777, TcpFlags.ACK), Duration.ofMillis(10));
        s.runMillis(50);
        s.states();
        s.connect(s.a(), 1000, B80, 100);
        s.runMillis(100);
        s.accept(s.b(), l);
    }

    static void udp(Script s, boolean filtered) {
        Host a = s.host("A", A_ADDR);
        Host b = s.host("B", B_ADDR, x -> x.udpFiltered(filtered));
        s.begin();
        UdpSocket u = a.udpSocket();
        u.bind(Endpoint.of(A_ADDR, 40000));
        s.call(a, "connect(" + B_ADDR + ":9999)", () -> u.connect(Endpoint.of(B_ADDR, 9999)));
        s.call(a, "send(5 bytes)", () -> u.send(java.nio.ByteBuffer.wrap(new byte[5])));
        s.runMillis(50);
        s.call(a, "send(5 bytes)", () -> u.send(java.nio.ByteBuffer.wrap(new byte[5])));
        s.runMillis(50);
        s.call(a, "send(5 bytes)", () -> u.send(java.nio.ByteBuffer.wrap(new byte[5])));
        s.runMillis(50);
        s.call(a, "recv()", u::recv);
    }

    static void rstCloseWait(Script s) {
        TcpSocket[] c = established(s);
        s.begin();
        s.states();
        s.note("", "(Close)");
        s.close(s.b(), c[1]);
        s.runMillis(100);
        s.crash(s.b());
        s.note("", "(process gone)");
        s.send(s.a(), c[0], 5);
        s.runMillis(100);
        s.send(s.a(), c[0], 5);
        s.send(s.a(), c[0], 5);
    }

    static void timeWait(Script s, boolean rfc1337) {
        Host a = s.host("A", A_ADDR, x -> rfc1337 ? x.policy(s.policy() + Rfc1337.SUFFIX) : x);
        Host b = s.host("B", B_ADDR);
        TcpSocket l = s.listen(b, 80, 299);
        TcpSocket ca = s.connect(a, 1000, B80, 99);
        s.runMillis(100);
        TcpSocket cb = l.accept().value();
        s.close(a, ca);
        s.runMillis(50);
        s.close(b, cb);
        s.runMillis(100);
        s.begin();
        s.states();
        // An old RST from B's side, exactly at RCV.NXT: in TIME-WAIT it is acceptable.
        s.inject("", B80, A1000, Script.segment(301, 0, TcpFlags.RST), Duration.ofMillis(10));
        s.runMillis(100);
        s.states();
        s.runFor(Duration.ofSeconds(60));
        s.note("(2 MSL)", "");
        s.state(true);
    }

    static void connectToSelf(Script s) {
        Host a = s.host("A", A_ADDR);
        s.begin();
        s.states();
        TcpSocket c = s.connect(a, 1000, A1000, 100);
        s.runMillis(100);
        s.send(a, c, 5);
        s.runMillis(100);
        s.recv(a, c);
    }

    /**
     * Off-path injection (RFC 5961 §1, the "ACK storm" of TCP hijacking): 10 bytes forged as A's, at the right
     * numbers, are taken by B. B's ACK now acknowledges data A never sent; A's answer carries a sequence number B
     * has already passed. Under RFC 793 each side answers the other's ACK with one of its own (§3.9: an ACK of
     * something not yet sent gets an ACK; an unacceptable segment gets an ACK), one pair per round trip, for as
     * long as the connection lives. Linux answers the ACK of unsent data with a challenge ACK (RFC 5961 §5.2)
     * limited to one per 500 ms per socket, which ends the storm. A's own data are old at B from now on, either way.
     */
    static void ackStorm(Script s) {
        TcpSocket[] c = established(s);
        s.begin();
        s.states();
        s.inject("(forged)", A1000, B80, Script.segment(100, 300, TcpFlags.ACK | TcpFlags.PSH).withPayload(new byte[10]),
                Duration.ofMillis(10));
        s.runMillis(100);
        s.send(s.a(), c[0], 5);
        s.runMillis(50);
        s.states();
    }

    /**
     * RFC 1191 path MTU discovery: the path from A to B carries at most 1000 bytes. A writes 2000 bytes; its first
     * segment (1460 bytes of data, a 1500-byte datagram, DF set as always) is answered by the router before the
     * smaller link (here: from B's address) with ICMP "fragmentation needed", next-hop MTU 1000, and A sends
     * everything in flight again at once in segments of 960. With the ICMP filtered (a black hole, RFC 2923 §2.1)
     * the big segment and its retransmissions vanish; only the small tail gets through, and A waits for ever.
     */
    static void pathMtu(Script s, boolean blackHole) {
        TcpSocket[] c = established(s);
        s.net().path("A", "B").mtu(1000).blackHole(blackHole);
        s.begin();
        s.states();
        s.send(s.a(), c[0], 2000);
        s.runMillis(blackHole ? 1500 : 100);
        s.recv(s.b(), c[1]);
    }
}
