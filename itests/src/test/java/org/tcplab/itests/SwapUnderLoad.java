package org.tcplab.itests;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.tcplab.api.host.Counter;
import org.tcplab.api.host.Host;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.Shutdown;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpStack;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.api.trace.TraceEvent;
import org.tcplab.api.trace.TraceSegment;
import org.tcplab.link.sim.SimNetwork;
import org.tcplab.wire.Datagram;
import org.tcplab.wire.IpProtocol;
import org.tcplab.wire.Ipv4Repr;
import org.tcplab.wire.TcpFlags;
import org.tcplab.wire.TcpRepr;

/**
 * Many live connections between two hosts on a {@link SimNetwork}, each carrying a seeded byte stream both
 * ways, while the policy is swapped from outside between stretches of virtual time. After each swap one probe
 * segment makes the server consult its policy on one connection, and the decision the trace shows is recorded.
 *
 * <p>The probe is an ACK for data the server never sent (SEG.ACK = SND.MAX + 2^30) with a SEG.SEQ inside the
 * server's receive window, so the first check passes and the fifth check asks {@code ackOutsideWindow}
 * (RFC 5961 §5.2). Both answers drop the segment and send an ACK (RFC 793: "If the ACK acks something not yet
 * sent ... send an ACK, drop the segment, and return"; RFC 5961: "discarded and an ACK sent back"): the
 * connection does not notice.
 *
 * <p>Plain Java on the driver's thread, as hosts on a virtual clock require; the test runs it in the container.
 */
final class SwapUnderLoad {

    /** Performs swap number {@code n} (1-based) and returns the name of the policy that must decide from now on. */
    @FunctionalInterface
    interface Swapper {
        String swap(int n) throws Exception;
    }

    /** How big a run is. */
    record Load(int connections, int swaps, Duration tick, int ticksPerSwap, int chunk) {
    }

    /**
     * What one probe showed: the policy expected, the first decision the trace gave after the swap, and how many
     * segments the server took in after the swap up to and including the one that caused it (1: the very next).
     */
    record Probe(int swap, int connection, String expectedPolicy, TraceEvent.PolicyDecision decision,
            long segmentsToDecision) {
        boolean byExpectedPolicy() {
            return decision != null && segmentsToDecision == 1 && decision.policy().equals(expectedPolicy)
                    && decision.method().equals("ackOutsideWindow")
                    && decision.verdict().equals(VERDICTS.get(expectedPolicy)) && decision.host().equals(SERVER)
                    && decision.remote().port() == BASE_PORT + connection;
        }
    }

    static final String CLIENT = "client";
    static final String SERVER = "server";
    static final String CLIENT_ADDRESS = "10.0.0.1";
    static final String SERVER_ADDRESS = "10.0.0.2";
    static final int SERVER_PORT = 80;
    static final int BASE_PORT = 20000;
    private static final long MASK = 0xFFFF_FFFFL;
    /** DESIGN.md, "ACK outside SND.UNA-MAX.SND.WND..SND.NXT": RFC 793 rules, or drop + ACK (RFC 5961 5.2). */
    static final Map<String, String> VERDICTS = Map.of("rfc793", "RFC793", "linux", "DROP_AND_ACK");

    /** One direction of one connection: a sender drawing from a stream, a receiver checking against its twin. */
    static final class Flow {
        final SeededStream source;
        final SeededStream expected;
        byte[] pending = new byte[0];
        int pendingOffset;
        long sent;
        long received;
        long firstBadByte = -1;
        boolean finSent;
        boolean eof;

        Flow(long seed) {
            source = new SeededStream(seed);
            expected = new SeededStream(seed);
        }
    }

    /** One connection: its two sockets and its two flows. */
    static final class Conn {
        final int index;
        final TcpSocket client;
        TcpSocket server;
        final Flow up;
        final Flow down;
        boolean clientClosed;
        boolean serverClosed;

        Conn(int index, TcpSocket client, long seed) {
            this.index = index;
            this.client = client;
            this.up = new Flow(seed * 2);
            this.down = new Flow(seed * 2 + 1);
        }
    }

    private final TcpStack stack;
    private final Load load;
    private final long seed;
    private SimNetwork net;
    private Host clientHost;
    private Host serverHost;
    private final List<Conn> conns = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<TraceEvent.PolicyDecision> decisions = new ArrayList<>();
    /** For each decision, how many segments the server had taken in when it was made. */
    private final List<Long> decisionAtSegment = new ArrayList<>();
    private long serverSegmentsIn;
    private final List<TraceEvent.StateChange> leftEstablished = new ArrayList<>();
    private final List<Probe> probes = new ArrayList<>();
    /** Per connection, at the server: the highest sequence number the client has used so far, plus one. */
    private final long[] peerSeqEnd;
    /** Per connection, at the server: the highest sequence number the server has sent, plus one (SND.MAX). */
    private final long[] sndMax;
    private boolean closing;
    private long establishedThroughout;
    private long swapWallNanos;
    private long wallNanos;

    SwapUnderLoad(TcpStack stack, Load load, long seed) {
        this.stack = stack;
        this.load = load;
        this.seed = seed;
        this.peerSeqEnd = new long[load.connections()];
        this.sndMax = new long[load.connections()];
    }

    /** Runs the whole thing: connect, exchange while swapping, close. Failures are collected, not thrown. */
    void run(Swapper swapper) throws Exception {
        long wallStart = System.nanoTime();
        net = new SimNetwork(seed);
        clientHost = net.host(stack, CLIENT, CLIENT_ADDRESS, b -> b.trace(this::traced));
        serverHost = net.host(stack, SERVER, SERVER_ADDRESS, b -> b.trace(this::traced));
        connect();
        for (int n = 1; n <= load.swaps() && failures.isEmpty(); n++) {
            for (int t = 0; t < load.ticksPerSwap(); t++) {
                exchange(true);
                net.runFor(load.tick());
            }
            long swapStart = System.nanoTime();
            String expected = swapper.swap(n);
            swapWallNanos += System.nanoTime() - swapStart;
            probe(n, expected);
        }
        establishedThroughout = conns.stream()
                .filter(c -> c.client.state() == TcpState.ESTABLISHED && c.server != null
                        && c.server.state() == TcpState.ESTABLISHED)
                .count();
        closing = true;
        close();
        wallNanos = System.nanoTime() - wallStart;
    }

    private void connect() {
        TcpSocket listener = serverHost.tcpSocket();
        check("bind the listener", listener.bind(Endpoint.of(SERVER_ADDRESS, SERVER_PORT)));
        check("listen", listener.listen(load.connections()));
        for (int i = 0; i < load.connections(); i++) {
            TcpSocket s = clientHost.tcpSocket();
            check("bind client " + i, s.bind(Endpoint.of(CLIENT_ADDRESS, BASE_PORT + i)));
            Result<Void> r = s.connect(Endpoint.of(SERVER_ADDRESS, SERVER_PORT));
            if (r.errno() != Errno.EINPROGRESS) {
                failures.add("connect " + i + ": " + r);
            }
            conns.add(new Conn(i, s, seed * 1_000_003L + i));
        }
        int[] accepted = {0};
        boolean all = net.runUntil(() -> {
            Result<TcpSocket> r;
            while ((r = listener.accept()).isOk()) {
                int i = r.value().remoteEndpoint().port() - BASE_PORT;
                conns.get(i).server = r.value();
                accepted[0]++;
            }
            return accepted[0] == load.connections();
        }, Duration.ofSeconds(30));
        if (!all) {
            failures.add("only " + accepted[0] + " of " + load.connections() + " connections accepted");
        }
        check("close the listener", listener.close());
    }

    /** One pass over every connection: top up what is sent, read and check everything that arrived. */
    private void exchange(boolean requireEstablished) {
        for (Conn c : conns) {
            if (requireEstablished && (c.client.state() != TcpState.ESTABLISHED
                    || c.server.state() != TcpState.ESTABLISHED)) {
                failures.add("connection " + c.index + " left ESTABLISHED at " + net.now() + " ns: client "
                        + c.client.state() + ", server " + c.server.state());
                continue;
            }
            send(c, c.client, c.up, !closing);
            send(c, c.server, c.down, !closing);
            receive(c, c.server, c.up);
            receive(c, c.client, c.down);
        }
    }

    private void send(Conn c, TcpSocket s, Flow f, boolean more) {
        if (f.pendingOffset == f.pending.length && more) {
            if (f.pending.length != load.chunk()) {
                f.pending = new byte[load.chunk()];
            }
            f.source.next(f.pending, 0, f.pending.length);
            f.pendingOffset = 0;
        }
        if (f.pendingOffset < f.pending.length) {
            Result<Integer> r = s.send(ByteBuffer.wrap(f.pending, f.pendingOffset, f.pending.length - f.pendingOffset));
            if (r.isOk()) {
                f.pendingOffset += r.value();
                f.sent += r.value();
            } else if (r.errno() != Errno.EAGAIN) {
                failures.add("connection " + c.index + ": send gave " + r);
            }
        }
    }

    private void receive(Conn c, TcpSocket s, Flow f) {
        if (f.eof) {
            return;
        }
        while (true) {
            Result<byte[]> r = s.recv(1 << 16);
            if (!r.isOk()) {
                if (r.errno() != Errno.EAGAIN) {
                    failures.add("connection " + c.index + ": recv gave " + r);
                }
                return;
            }
            byte[] data = r.value();
            if (data.length == 0) {
                f.eof = true;
                return;
            }
            long bad = f.expected.verify(data, 0, data.length);
            if (bad >= 0 && f.firstBadByte < 0) {
                f.firstBadByte = bad;
            }
            f.received += data.length;
        }
    }

    /** Right after swap {@code n}, before anything else moves: one probe, and the first decision it causes. */
    private void probe(int n, String expected) {
        if (!expected.equals(serverHost.policyName())) {
            failures.add("swap " + n + ": the server host uses " + serverHost.policyName() + ", not " + expected);
        }
        int i = (int) ((n * 7919L) % load.connections());
        int before = decisions.size();
        long segmentsBefore = serverSegmentsIn;
        TcpRepr ack = TcpRepr.builder().ports(BASE_PORT + i, SERVER_PORT)
                .seq(peerSeqEnd[i])
                .ack((sndMax[i] + (1L << 30)) & MASK)
                .flags(TcpFlags.ACK)
                .window(1024)
                .build();
        int client = Endpoint.parseAddress(CLIENT_ADDRESS);
        int server = Endpoint.parseAddress(SERVER_ADDRESS);
        net.inject(new Datagram(Ipv4Repr.of(client, server, IpProtocol.TCP, 64, ack.emittedLength()), ack).toBuffer(),
                Duration.ZERO);
        long at = net.now();
        net.runUntil(() -> decisions.size() > before, Duration.ZERO);
        TraceEvent.PolicyDecision first = decisions.size() > before ? decisions.get(before) : null;
        Probe p = new Probe(n, i, expected, first,
                first == null ? -1 : decisionAtSegment.get(before) - segmentsBefore);
        probes.add(p);
        if (first == null) {
            failures.add("swap " + n + ": the probe on connection " + i + " at " + at + " ns made no policy decision");
        } else if (!p.byExpectedPolicy()) {
            failures.add("swap " + n + ": the first decision after it was " + first + ", expected " + expected
                    + " deciding ackOutsideWindow for connection " + i + " on the next segment (it came "
                    + p.segmentsToDecision() + " segments after the swap)");
        }
    }

    /** Each side: send what is pending, then FIN; read to end of stream; then close (nothing unread: no RST). */
    private void close() {
        boolean done = net.runUntil(() -> {
            boolean all = true;
            for (Conn c : conns) {
                if (c.clientClosed && c.serverClosed) {
                    continue;
                }
                all = false;
                send(c, c.client, c.up, false);
                send(c, c.server, c.down, false);
                receive(c, c.server, c.up);
                receive(c, c.client, c.down);
                c.clientClosed = finish(c, c.client, c.up, c.down, c.clientClosed);
                c.serverClosed = finish(c, c.server, c.down, c.up, c.serverClosed);
            }
            return all;
        }, Duration.ofSeconds(60));
        if (!done) {
            long open = conns.stream().filter(c -> !(c.clientClosed && c.serverClosed)).count();
            failures.add(open + " connections did not finish closing within 60 s of virtual time");
        }
        // Let the last ACKs cross and TIME-WAIT start; then every connection must be gone or in TIME-WAIT.
        net.runFor(Duration.ofMillis(100));
    }

    private boolean finish(Conn c, TcpSocket s, Flow out, Flow in, boolean closed) {
        if (closed) {
            return true;
        }
        if (!out.finSent && out.pendingOffset == out.pending.length) {
            check("connection " + c.index + ": shutdown", s.shutdown(Shutdown.WR));
            out.finSent = true;
        }
        if (out.finSent && in.eof) {
            check("connection " + c.index + ": close", s.close());
            return true;
        }
        return false;
    }

    private void traced(TraceEvent e) {
        if (e instanceof TraceEvent.SegmentIn in && in.host().equals(SERVER)) {
            serverSegmentsIn++;
            int i = in.segment().source().port() - BASE_PORT;
            if (in.segment().destination().port() == SERVER_PORT && i >= 0 && i < peerSeqEnd.length) {
                peerSeqEnd[i] = later(peerSeqEnd[i], end(in.segment()));
            }
        } else if (e instanceof TraceEvent.SegmentOut out && out.host().equals(SERVER)) {
            int i = out.segment().destination().port() - BASE_PORT;
            if (out.segment().source().port() == SERVER_PORT && i >= 0 && i < sndMax.length) {
                sndMax[i] = later(sndMax[i], end(out.segment()));
            }
        } else if (e instanceof TraceEvent.PolicyDecision d) {
            decisions.add(d);
            decisionAtSegment.add(d.host().equals(SERVER) ? serverSegmentsIn : -1);
        } else if (e instanceof TraceEvent.StateChange s && !closing && s.from() == TcpState.ESTABLISHED) {
            leftEstablished.add(s);
        }
    }

    /** SEG.SEQ + SEG.LEN (SYN and FIN count one each). */
    private static long end(TraceSegment s) {
        int len = s.dataLength() + ((s.flags() & TcpFlags.SYN) != 0 ? 1 : 0) + ((s.flags() & TcpFlags.FIN) != 0 ? 1 : 0);
        return (s.seq() + len) & MASK;
    }

    /** The later of two sequence numbers (modulo 2^32); 0 counts as unset. */
    private static long later(long current, long candidate) {
        return current == 0 || (int) (candidate - current) > 0 ? candidate : current;
    }

    private void check(String what, Result<?> r) {
        if (!r.isOk()) {
            failures.add(what + ": " + r);
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // What the run showed
    // ------------------------------------------------------------------------------------------------------

    List<String> failures() {
        return failures;
    }

    List<Probe> probes() {
        return probes;
    }

    List<TraceEvent.PolicyDecision> decisions() {
        return decisions;
    }

    List<TraceEvent.StateChange> leftEstablished() {
        return leftEstablished;
    }

    List<Conn> connections() {
        return conns;
    }

    Host clientHost() {
        return clientHost;
    }

    Host serverHost() {
        return serverHost;
    }

    /** Connections whose both ends were ESTABLISHED after the last swap. */
    long establishedThroughout() {
        return establishedThroughout;
    }

    /** Connections whose both ends ended in TIME-WAIT or CLOSED, after both read the other's end of stream. */
    long closedNormally() {
        return conns.stream().filter(c -> c.up.eof && c.down.eof && gone(c.client) && gone(c.server)).count();
    }

    private static boolean gone(TcpSocket s) {
        return s.state() == TcpState.TIME_WAIT || s.state() == TcpState.CLOSED;
    }

    /** Flows (two per connection) that lost or altered a byte: received less than sent, or a byte differed. */
    List<String> damagedFlows() {
        List<String> damaged = new ArrayList<>();
        for (Conn c : conns) {
            flowDamage(c.index + " client->server", c.up, damaged);
            flowDamage(c.index + " server->client", c.down, damaged);
        }
        return damaged;
    }

    private static void flowDamage(String name, Flow f, List<String> damaged) {
        if (f.received != f.sent || f.firstBadByte >= 0 || !f.eof) {
            damaged.add(name + ": sent " + f.sent + ", received " + f.received
                    + (f.firstBadByte >= 0 ? ", first altered byte at " + f.firstBadByte : "")
                    + (f.eof ? "" : ", no end of stream"));
        }
    }

    long bytes(boolean up) {
        return conns.stream().mapToLong(c -> up ? c.up.received : c.down.received).sum();
    }

    long rstsSent() {
        return total(clientHost.rstsSent()) + total(serverHost.rstsSent());
    }

    long counter(Counter counter) {
        return clientHost.counter(counter) + serverHost.counter(counter);
    }

    private static long total(Map<?, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    long virtualNanos() {
        return net.now();
    }

    long wallNanos() {
        return wallNanos;
    }

    long swapWallNanos() {
        return swapWallNanos;
    }

    SimNetwork network() {
        return net;
    }
}
