package org.tcplab.scenarios;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.SocketOption;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.TcpStack;
import org.tcplab.api.trace.TraceEvent;
import org.tcplab.api.trace.TraceSegment;
import org.tcplab.link.sim.SimNetwork;
import org.tcplab.link.sim.WireEvent;
import org.tcplab.wire.Datagram;
import org.tcplab.wire.TcpFlags;
import org.tcplab.wire.TcpRepr;

/**
 * What a {@link Scenario} plays with: the simulated network, the hosts (the first made is TCP A, the second
 * TCP B), socket calls whose results are recorded, notes, and the driver of virtual time. It records everything
 * the network and the hosts do and turns it into a {@link Ladder}.
 *
 * <p>How the ladder is made: every datagram leaving a host is a departure, every datagram handed to a host an
 * arrival. A departure immediately followed by its own arrival (nothing else happened in between) is one row,
 * {@code A --> seg --> B}; otherwise the departure and the arrival are two rows with {@code ...} where the
 * segment is still in the network, as RFC 793 figures 8 and 9 draw delayed segments. The state printed beside
 * a departure or an arrival is the host's state once it has finished handling that event.
 */
public final class Script {

    /** One socket call a scenario made, and what it returned. */
    public record Call(long nanos, String host, String call, String result) {
        @Override
        public String toString() {
            return host + " " + call + " = " + result;
        }
    }

    private sealed interface Entry permits Dep, Arr, Lost, Note, States, Mark {
    }

    /** A state to be read once the host has finished handling the current event. */
    private static final class Slot {
        final int side;
        String state;

        Slot(int side) {
            this.side = side;
        }
    }

    private record Dep(long nanos, long packet, int from, int to, String label, String segment, Slot state)
            implements Entry {
    }

    private record Arr(long nanos, long packet, int from, int to, String segment, Slot state, String remark)
            implements Entry {
    }

    private record Lost(long nanos, long packet, int from, int to, String segment, String reason) implements Entry {
    }

    private record Note(long nanos, String left, String right) implements Entry {
    }

    private record States(long nanos, String left, String right) implements Entry {
    }

    private record Mark(long nanos, String text) implements Entry {
    }

    private final SimNetwork net;
    private final TcpStack stack;
    private final String policy;
    private final List<Host> columns = new ArrayList<>();
    private final String[] state = {"CLOSED", "CLOSED"};
    private final List<Entry> log = new ArrayList<>();
    private final List<Slot> pending = new ArrayList<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<WireEvent> wire = new ArrayList<>();
    private String nextInjectLabel;

    Script(SimNetwork net, TcpStack stack, String policy) {
        this.net = net;
        this.stack = stack;
        this.policy = policy;
        net.defaultDelay(Duration.ofMillis(10));
        net.addListener(this::onWire);
    }

    /** The simulated network: impairments, faults, the clock. */
    public SimNetwork net() {
        return net;
    }

    /** The name of the policy this run is for; every host is pinned to it unless the scenario says otherwise. */
    public String policy() {
        return policy;
    }

    /** TCP A, the first host made. */
    public Host a() {
        return columns.get(0);
    }

    /** TCP B, the second host made. */
    public Host b() {
        return columns.get(1);
    }

    // ------------------------------------------------------------------------------------------------------
    // Hosts and sockets
    // ------------------------------------------------------------------------------------------------------

    /** A host pinned to this run's policy; the first is TCP A (left column), the second TCP B. */
    public Host host(String name, String address) {
        return host(name, address, b -> b);
    }

    /** A host with more configuration ({@code more} may pin another policy, set MSL, filtering ...). */
    public Host host(String name, String address, UnaryOperator<HostConfig.Builder> more) {
        if (columns.size() == 2) {
            throw new IllegalStateException("a ladder has two columns: TCP A and TCP B");
        }
        int side = columns.size();
        Host h = net.host(stack, name, address, b -> more.apply(b.policy(policy).msl(Duration.ofSeconds(30))
                .trace(e -> onTrace(side, e))));
        columns.add(h);
        return h;
    }

    /** A TCP socket whose connections start at {@code isn} (the RFC figure's number), or RFC 6528 when negative. */
    public TcpSocket socket(Host h, long isn) {
        TcpSocket s = h.tcpSocket();
        if (isn >= 0) {
            check(s.setOption(SocketOption.TCPLAB_ISN, isn), "setsockopt(TCPLAB_ISN)");
        }
        return s;
    }

    /** socket, ISN, bind to {@code port} on the host's first address, listen: the column shows LISTEN. */
    public TcpSocket listen(Host h, int port, long isn) {
        TcpSocket s = socket(h, isn);
        check(s.bind(new Endpoint(h.addresses().get(0), port)), "bind");
        check(s.listen(8), "listen");
        boundary();
        for (int side = 0; side < columns.size(); side++) {
            if (columns.get(side) == h) {
                state[side] = "LISTEN";
            }
        }
        return s;
    }

    /** socket, ISN, bind to {@code localPort}, then a recorded non-blocking connect to {@code remote}. */
    public TcpSocket connect(Host h, int localPort, Endpoint remote, long isn) {
        TcpSocket s = socket(h, isn);
        check(s.bind(new Endpoint(h.addresses().get(0), localPort)), "bind");
        call(h, "connect(" + remote + ")", () -> s.connect(remote));
        return s;
    }

    /** Runs a socket call now, records it as a marked line and in {@link #calls()}, and returns its result. */
    public <T> Result<T> call(Host h, String what, Supplier<Result<T>> call) {
        boundary();
        int at = log.size();
        Result<T> r = call.get();
        boundary();
        String shown = r.isOk() && r.value() instanceof byte[] bytes
                ? (bytes.length == 0 ? "0 (end of stream)" : "ok(" + bytes.length + " bytes)") : r.toString();
        calls.add(new Call(net.now(), h.name(), what, shown));
        log.add(at, new Mark(net.now(), h.name() + " " + what + " = " + shown));
        return r;
    }

    /** A recorded send of {@code n} bytes. */
    public Result<Integer> send(Host h, TcpSocket s, int n) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) ('a' + i % 26);
        }
        return call(h, "send(" + n + " bytes)", () -> s.send(data));
    }

    /** A recorded non-blocking recv. */
    public Result<byte[]> recv(Host h, TcpSocket s) {
        return call(h, "recv()", () -> s.recv(65536));
    }

    /** A recorded close. */
    public Result<Void> close(Host h, TcpSocket s) {
        return call(h, "close()", s::close);
    }

    /** The accepted connection (recorded), or null. */
    public TcpSocket accept(Host h, TcpSocket listener) {
        Result<TcpSocket> r = call(h, "accept()", listener::accept);
        return r.isOk() ? r.value() : null;
    }

    private static void check(Result<?> r, String what) {
        if (!r.isOk()) {
            throw new IllegalStateException("scenario setup failed: " + what + " = " + r);
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Faults and crafted segments
    // ------------------------------------------------------------------------------------------------------

    /** The host crashes and reboots at once: it forgets every connection; its column shows CLOSED. */
    public void crash(Host h) {
        boundary();
        h.crash();
        for (int side = 0; side < columns.size(); side++) {
            if (columns.get(side) == h) {
                state[side] = "CLOSED";
            }
        }
    }

    /**
     * Puts a crafted TCP segment on the wire from {@code src} to {@code dst}, arriving after {@code delay}: an
     * old duplicate, a forged RST. {@code label} stands in the sender's column ({@code (duplicate)}).
     */
    public void inject(String label, Endpoint src, Endpoint dst, TcpRepr segment, Duration delay) {
        boundary();
        TcpRepr t = segment.withSrcPort(src.port()).withDstPort(dst.port());
        ByteBuffer b = ByteBuffer.allocate(t.emittedLength() + 60);
        int n = Datagram.emitTcp(b, 0, src.address(), dst.address(), 64, t);
        nextInjectLabel = label;
        net.inject(b.limit(n), delay);
        nextInjectLabel = null;
    }

    /** A segment for {@link #inject}: {@code seq}, {@code ack} (used when flags has ACK), flags, a window of 65535. */
    public static TcpRepr segment(long seq, long ack, int flags) {
        return TcpRepr.builder().seq(seq).ack((flags & TcpFlags.ACK) != 0 ? ack : 0).flags(flags).window(65535).build();
    }

    // ------------------------------------------------------------------------------------------------------
    // Notes and time
    // ------------------------------------------------------------------------------------------------------

    /** A comment row, e.g. {@code note("(Close)", "")}. */
    public void note(String left, String right) {
        boundary();
        log.add(new Note(net.now(), left, right));
    }

    /** A numbered row with comments where the states go, as figure 10's {@code (CRASH)  (send 300,receive 100)}. */
    public void states(String left, String right) {
        boundary();
        log.add(new States(net.now(), left, right));
    }

    /** A row with both sides' current states (the first line of most figures). */
    public void states() {
        boundary();
        log.add(new States(net.now(), columns.isEmpty() ? "" : state[0], columns.size() < 2 ? state[0] : state[1]));
    }

    /** A row with only TCP A's current state ({@code left}) or only TCP B's. */
    public void state(boolean left) {
        boundary();
        log.add(new States(net.now(), left ? state[0] : "", left ? "" : state[1]));
    }

    /** A marked line with free text. */
    public void mark(String text) {
        boundary();
        log.add(new Mark(net.now(), text));
    }

    /** Forgets the rows so far (the setup before the figure starts); calls and the wire record stay. */
    public void begin() {
        boundary();
        log.clear();
    }

    /** Moves virtual time on by {@code d}, handling everything that happens. */
    public void runFor(Duration d) {
        long end = net.now() + d.toNanos();
        boundary();
        while (net.nextAt() <= end) {
            net.step();
            boundary();
        }
        net.clock().advanceTo(Math.max(net.now(), end));
    }

    public void runMillis(long ms) {
        runFor(Duration.ofMillis(ms));
    }

    /** The socket calls made so far, in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    List<WireEvent> wire() {
        return wire;
    }

    // ------------------------------------------------------------------------------------------------------
    // Recording
    // ------------------------------------------------------------------------------------------------------

    /** Every host has finished handling the event: read the states the pending rows wait for. */
    private void boundary() {
        for (Slot s : pending) {
            s.state = s.side >= 0 ? state[s.side] : "";
        }
        pending.clear();
    }

    private Slot slot(int side) {
        Slot s = new Slot(side);
        pending.add(s);
        return s;
    }

    private int sideOf(String port) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).link().name().equals(port)) {
                return i;
            }
        }
        return -1;
    }

    private void onWire(WireEvent e) {
        wire.add(e);
        String seg = Notation.of(e.bytes());
        if (e instanceof WireEvent.Sent s) {
            int from = SimNetwork.INJECTED.equals(s.from()) ? -1 : sideOf(s.from());
            int to = sideOf(s.to());
            if (from == 0 && to == 0 && columns.size() == 1) {
                to = 1; // connect to self: the one host is drawn on both sides
            }
            String label = from < 0 ? (nextInjectLabel == null ? "" : nextInjectLabel) : "";
            log.add(new Dep(s.nanos(), s.packet(), from, to, label, seg, from >= 0 ? slot(from) : new Slot(-1)));
        } else if (e instanceof WireEvent.Delivered d) {
            boundary();
            int from = SimNetwork.INJECTED.equals(d.from()) ? -1 : sideOf(d.from());
            int to = sideOf(d.to());
            if (from == 0 && to == 0 && columns.size() == 1) {
                to = 1;
            }
            String remark = d.corrupted() ? "corrupted on the way" : d.duplicateOf() >= 0
                    ? "a duplicate made by the network" : null;
            log.add(new Arr(d.nanos(), d.duplicateOf() >= 0 ? -1 : d.packet(), from, to, seg,
                    slot(to == 1 && columns.size() == 1 ? 0 : to), remark));
        } else if (e instanceof WireEvent.Dropped d) {
            int from = SimNetwork.INJECTED.equals(d.from()) ? -1 : sideOf(d.from());
            int to = d.to() == null ? -1 : sideOf(d.to());
            log.add(new Lost(d.nanos(), d.packet(), from, to, seg,
                    d.reason().name().toLowerCase().replace('_', ' ') + (d.detail() == null ? "" : ": " + d.detail())));
        }
    }

    private final List<Dep> selfInFlight = new ArrayList<>();
    private long selfPackets = -2;

    private void onTrace(int side, TraceEvent e) {
        if (columns.size() == 1 && e instanceof TraceEvent.SegmentOut o
                && o.segment().destination().address() == o.segment().source().address()) {
            // A host's segments to itself never reach the link (the host delivers them inside), so the one-host
            // ladder takes them from the trace.
            Dep d = new Dep(o.nanos(), selfPackets--, 0, 1, "", text(o.segment()), slot(0));
            selfInFlight.add(d);
            log.add(d);
        } else if (columns.size() == 1 && e instanceof TraceEvent.SegmentIn in
                && in.segment().destination().address() == in.segment().source().address()) {
            boundary(); // the host finished with the previous segment before it takes this one
            String seg = text(in.segment());
            Dep d = selfInFlight.stream().filter(x -> x.segment.equals(seg)).findFirst().orElse(null);
            if (d != null) {
                selfInFlight.remove(d);
            }
            log.add(new Arr(in.nanos(), d == null ? -1 : d.packet, 0, 1, seg, slot(0), null));
        } else if (e instanceof TraceEvent.StateChange c) {
            state[side] = c.to().toString();
            if (columns.size() == 1 && side == 0) {
                state[1] = state[0];
            }
        } else if (e instanceof TraceEvent.PolicyDecision p) {
            log.add(new Mark(p.nanos(), p.host() + " asks policy " + p.policy() + ": " + p.method() + " -> "
                    + p.verdict()));
        } else if (e instanceof TraceEvent.Dropped d) {
            log.add(new Mark(d.nanos(), d.host() + " drops " + (d.segment() == null ? "a packet" : text(d.segment()))
                    + ": " + d.reason()));
        }
    }

    private static String text(TraceSegment s) {
        StringBuilder sb = new StringBuilder("<SEQ=").append(s.seq()).append('>');
        if ((s.flags() & TcpFlags.ACK) != 0) {
            sb.append("<ACK=").append(s.ack()).append('>');
        }
        if (s.dataLength() > 0) {
            sb.append("<DATA=").append(s.dataLength()).append('>');
        }
        return sb.append("<CTL=").append(TcpFlags.toString(s.flags() & ~TcpFlags.PSH)).append('>').toString();
    }

    // ------------------------------------------------------------------------------------------------------
    // The ladder
    // ------------------------------------------------------------------------------------------------------

    Ladder ladder() {
        boundary();
        List<Row> rows = new ArrayList<>();
        boolean[] used = new boolean[log.size()];
        for (int i = 0; i < log.size(); i++) {
            if (used[i]) {
                continue;
            }
            Entry e = log.get(i);
            Entry next = i + 1 < log.size() ? log.get(i + 1) : null;
            if (e instanceof Dep d) {
                String dep = d.state.state == null ? "" : d.state.state;
                boolean ab = d.from == 0 || (d.from < 0 && d.to == 1);
                // Marks the sender made while sending (a drop it counted, a policy it asked) do not split the row:
                // they are printed just before it.
                int j = i + 1;
                while (j < log.size() && log.get(j) instanceof Mark m && m.nanos == d.nanos) {
                    j++;
                }
                if (j > i + 1 && j < log.size() && (log.get(j) instanceof Arr a2 && a2.packet == d.packet
                        || log.get(j) instanceof Lost l2 && l2.packet == d.packet)) {
                    for (int k = i + 1; k < j; k++) {
                        rows.add(Row.mark(((Mark) log.get(k)).nanos, ((Mark) log.get(k)).text));
                        used[k] = true;
                    }
                    next = log.get(j);
                    i = j - 1;
                }
                if (next instanceof Arr a && a.packet == d.packet) {
                    used[i + 1] = true;
                    String arr = a.state.state == null ? "" : a.state.state;
                    if (d.from < 0) {
                        rows.add(ab ? seg(d.nanos, d.label, "...", d.segment, "-->", arr)
                                : seg(d.nanos, arr, "<--", d.segment, "...", d.label));
                    } else {
                        rows.add(ab ? seg(d.nanos, dep, "-->", d.segment, "-->", arr)
                                : seg(d.nanos, arr, "<--", d.segment, "<--", dep));
                    }
                } else if (next instanceof Lost l && l.packet == d.packet) {
                    used[i + 1] = true;
                    rows.add(ab ? seg(d.nanos, d.from < 0 ? d.label : dep, d.from < 0 ? "..." : "-->", d.segment, "XXX", "")
                            : seg(d.nanos, "", "XXX", d.segment, d.from < 0 ? "..." : "<--", d.from < 0 ? d.label : dep));
                    rows.add(Row.mark(l.nanos, "lost in the network (" + l.reason + ")"));
                } else {
                    rows.add(ab ? seg(d.nanos, d.from < 0 ? d.label : dep, d.from < 0 ? "..." : "-->", d.segment, "...", "")
                            : seg(d.nanos, "", "...", d.segment, d.from < 0 ? "..." : "<--", d.from < 0 ? d.label : dep));
                }
            } else if (e instanceof Arr a) {
                String arr = a.state.state == null ? "" : a.state.state;
                boolean ab = a.to == 1;
                rows.add(ab ? seg(a.nanos, "", "...", a.segment, "-->", arr) : seg(a.nanos, arr, "<--", a.segment, "...", ""));
                if (a.remark != null) {
                    rows.add(Row.mark(a.nanos, a.remark));
                }
            } else if (e instanceof Lost l) {
                boolean ab = l.to == 1;
                rows.add(ab ? seg(l.nanos, "", "...", l.segment, "XXX", "") : seg(l.nanos, "", "XXX", l.segment, "...", ""));
                rows.add(Row.mark(l.nanos, "lost in the network (" + l.reason + ")"));
            } else if (e instanceof Note n) {
                rows.add(new Row(Row.Kind.NOTE, 0, n.nanos, n.left, "", "", "", n.right, ""));
            } else if (e instanceof States s) {
                rows.add(new Row(Row.Kind.STATES, 0, s.nanos, s.left, "", "", "", s.right, ""));
            } else if (e instanceof Mark m) {
                rows.add(Row.mark(m.nanos, m.text));
            }
        }
        List<Row> numbered = new ArrayList<>();
        int n = 0;
        boolean afterNote = false;
        for (Row r : rows) {
            if (r.kind() == Row.Kind.MARK) {
                numbered.add(r);
            } else if (afterNote && r.kind() != Row.Kind.NOTE) {
                numbered.add(r);
                afterNote = false;
            } else {
                numbered.add(r.numbered(++n));
                afterNote = r.kind() == Row.Kind.NOTE;
            }
        }
        String a = columns.isEmpty() ? "TCP A" : "TCP A (" + columns.get(0).name() + ")";
        String b = columns.size() < 2 ? (columns.size() == 1 ? "TCP A (itself)" : "TCP B")
                : "TCP B (" + columns.get(1).name() + ")";
        return new Ladder(a, b, numbered);
    }

    private static Row seg(long nanos, String left, String la, String segment, String ra, String right) {
        if (!segment.startsWith("<SEQ=")) {
            // UDP and ICMP: no TCP state to show beside them.
            left = left.startsWith("(") ? left : "";
            right = right.startsWith("(") ? right : "";
        }
        return new Row(Row.Kind.SEGMENT, 0, nanos, left, la, segment, ra, right, "");
    }
}
