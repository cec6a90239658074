package org.tcplab.link.sim;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.host.VirtualClock;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.tcp.TcpStack;
import org.tcplab.wire.Datagram;
import org.tcplab.wire.IcmpQuote;
import org.tcplab.wire.IcmpRepr;
import org.tcplab.wire.IpProtocol;
import org.tcplab.wire.Ipv4Packet;
import org.tcplab.wire.Ipv4Repr;
import org.tcplab.wire.ParseError;
import org.tcplab.wire.ParseResult;
import org.tcplab.wire.TcpPacket;

/**
 * A simulated IPv4 network on one virtual clock: ports with addresses, a path with impairments for every
 * ordered pair of ports, an event queue, and the hosts to poll. Plain Java; not thread-safe: one driver thread
 * makes every call, including the socket calls on the hosts (see {@link Host} on virtual clocks).
 *
 * <pre>{@code
 * SimNetwork net = new SimNetwork(42);
 * Host a = net.host(stack, "A", "10.0.0.1", b -> b);
 * Host b = net.host(stack, "B", "10.0.0.2", b -> b);
 * net.path("B", "A").drop(Match.tcpFlags(TcpFlags.FIN), 1, "lose the next FIN from B");
 * net.runFor(Duration.ofSeconds(1));
 * }</pre>
 */
public final class SimNetwork {

    /** The {@link WireEvent#from()} of datagrams put on the wire by {@link #inject}. */
    public static final String INJECTED = "(injected)";

    /** What the network did so far. */
    public record Stats(long sent, long delivered, long duplicated, long corrupted, Map<WireDrop, Long> dropped) {
        public long droppedTotal() {
            return dropped.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private sealed interface Event permits Delivery, Action {
    }

    /** {@code fromPort} is null for an injected datagram. */
    private record Delivery(SimPort to, SimPort fromPort, String from, long packet, byte[] bytes, long duplicateOf,
            boolean corrupted) implements Event {
    }

    private record Action(Runnable run) implements Event {
    }

    private record Scheduled(long at, long order, Event event) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(order, o.order);
        }
    }

    private final long seed;
    private final VirtualClock clock = new VirtualClock();
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    /**
     * Events scheduled for the current instant, in the order they were scheduled: without delay most are, and a
     * FIFO costs less than the heap. Everything in the heap due now was scheduled before the clock got here, so
     * it runs first; that is the order the heap alone would give.
     */
    private final ArrayDeque<Event> now = new ArrayDeque<>();
    private final Map<String, SimPort> ports = new LinkedHashMap<>();
    private final Map<Integer, SimPort> byAddress = new HashMap<>();
    private final Map<String, SimPath> paths = new HashMap<>();
    private final List<Host> hosts = new ArrayList<>();
    private final CopyOnWriteArrayList<WireListener> listeners = new CopyOnWriteArrayList<>();
    private long order;
    private long packets;
    private long defaultDelay = Duration.ofMillis(1).toNanos();
    private int defaultMtu = 1500;

    private long sent;
    private long delivered;
    private long duplicated;
    private long corrupted;
    private final EnumMap<WireDrop, Long> dropped = new EnumMap<>(WireDrop.class);

    /** A network whose every random choice follows from {@code seed}. */
    public SimNetwork(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** The one clock of every host on this network. */
    public VirtualClock clock() {
        return clock;
    }

    /** Now, in virtual nanoseconds since the network was made. */
    public long now() {
        return clock.nanos();
    }

    /** The one-way delay of paths made after this call (default 1 ms). */
    public SimNetwork defaultDelay(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("delay must be zero or positive: " + d);
        }
        this.defaultDelay = d.toNanos();
        return this;
    }

    /** The MTU of ports made after this call (default 1500). */
    public SimNetwork defaultMtu(int mtu) {
        if (mtu < 68 || mtu > 65535) {
            throw new IllegalArgumentException("mtu must be 68..65535: " + mtu);
        }
        this.defaultMtu = mtu;
        return this;
    }

    // ------------------------------------------------------------------------------------------------------
    // Topology
    // ------------------------------------------------------------------------------------------------------

    /** A new port called {@code name} owning {@code addresses} (dotted quads). */
    public SimPort port(String name, String... addresses) {
        if (ports.containsKey(name)) {
            throw new IllegalArgumentException("a port called " + name + " exists already");
        }
        if (addresses.length == 0) {
            throw new IllegalArgumentException("port " + name + " needs at least one address");
        }
        List<Integer> list = new ArrayList<>();
        for (String a : addresses) {
            int address = Endpoint.parseAddress(a);
            if (byAddress.containsKey(address)) {
                throw new IllegalArgumentException(a + " belongs to port " + byAddress.get(address).name() + " already");
            }
            list.add(address);
        }
        SimPort port = new SimPort(this, name, list, defaultMtu);
        ports.put(name, port);
        for (int a : list) {
            byAddress.put(a, port);
        }
        return port;
    }

    /**
     * A host on a new port: {@code stack.newHost} with this network's clock, the port as its link, the address,
     * and a seed derived from the network's; {@code more} may set anything else (policy, MSL, ...).
     */
    public Host host(TcpStack stack, String name, String address, UnaryOperator<HostConfig.Builder> more) {
        SimPort port = port(name, address);
        // The network polls the host after each run of deliveries to it: those datagrams are one batch.
        HostConfig.Builder b = HostConfig.builder(name).address(address).link(port).clock(clock)
                .seed(seed * 31 + name.hashCode()).pollOnReceive(false);
        Host host = stack.newHost(more.apply(b).link(port).clock(clock).build());
        attach(port, host);
        return host;
    }

    /** Registers a host made elsewhere on {@code port} (its link must be the port): the network polls it. */
    public void attach(SimPort port, Host host) {
        if (host.link() != port) {
            throw new IllegalArgumentException("host " + host.name() + " is not on port " + port.name());
        }
        if (!host.clock().isVirtual() || host.clock() != clock) {
            throw new IllegalArgumentException("host " + host.name() + " must run on this network's clock");
        }
        port.host = host;
        hosts.add(host);
    }

    public SimPort port(String name) {
        SimPort p = ports.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no port called " + name + "; ports: " + ports.keySet());
        }
        return p;
    }

    public Collection<SimPort> ports() {
        return List.copyOf(ports.values());
    }

    /** The direction from port {@code from} to port {@code to}, made on first use. */
    public SimPath path(String from, String to) {
        port(from);
        port(to);
        return pathOf(from, to);
    }

    private SimPath pathOf(String from, String to) {
        return paths.computeIfAbsent(from + "\u0000" + to, k -> new SimPath(from, to, seed, defaultDelay));
    }

    /** The same path, found without building a key: every datagram sent and delivered asks for it. */
    private SimPath pathOf(SimPort from, SimPort to) {
        SimPath p = from.pathsTo.get(to);
        if (p == null) {
            p = pathOf(from.name(), to.name());
            from.pathsTo.put(to, p);
        }
        return p;
    }

    /** Both directions between two ports, for settings that are the same each way. */
    public List<SimPath> both(String a, String b) {
        return List.of(path(a, b), path(b, a));
    }

    // ------------------------------------------------------------------------------------------------------
    // Faults
    // ------------------------------------------------------------------------------------------------------

    /**
     * The host crashes: it forgets every connection ({@link Host#crash()}) and its port goes down, so what is
     * sent to it is lost ({@link WireDrop#HOST_DOWN}) until {@link #revive}.
     */
    public void crash(Host host) {
        SimPort p = portOf(host);
        host.crash();
        p.up = false;
    }

    /** The crashed host is back: same addresses, no connections. */
    public void revive(Host host) {
        portOf(host).up = true;
    }

    /** Cuts every path between {@code side} and the other ports, both ways. */
    public void partition(Collection<String> side) {
        Set<String> inside = new HashSet<>(side);
        for (String s : inside) {
            port(s);
        }
        for (String a : ports.keySet()) {
            for (String b : ports.keySet()) {
                if (!a.equals(b) && inside.contains(a) != inside.contains(b)) {
                    pathOf(a, b).cut = true;
                }
            }
        }
    }

    /** Mends every cut path. */
    public void heal() {
        for (SimPath p : paths.values()) {
            p.cut = false;
        }
    }

    private SimPort portOf(Host host) {
        for (SimPort p : ports.values()) {
            if (p.host == host) {
                return p;
            }
        }
        throw new IllegalArgumentException("host " + host.name() + " is not on this network");
    }

    // ------------------------------------------------------------------------------------------------------
    // Observation
    // ------------------------------------------------------------------------------------------------------

    public void addListener(WireListener l) {
        listeners.add(l);
    }

    public void removeListener(WireListener l) {
        listeners.remove(l);
    }

    public Stats stats() {
        return new Stats(sent, delivered, duplicated, corrupted, Map.copyOf(dropped));
    }

    private void emit(WireEvent e) {
        for (WireListener l : listeners) {
            l.event(e);
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Scheduling and the driver
    // ------------------------------------------------------------------------------------------------------

    /** Runs {@code action} when the clock reaches {@code nanos} (now if already past), after events scheduled before it. */
    public void at(long nanos, Runnable action) {
        enqueue(Math.max(nanos, clock.nanos()), new Action(action));
    }

    /** Runs {@code action} {@code d} from now. */
    public void after(Duration d, Runnable action) {
        at(clock.nanos() + d.toNanos(), action);
    }

    /**
     * One step: jumps the clock to the earliest of the next scheduled event and every host's {@code pollAt()},
     * runs everything due at that instant, and polls the hosts that are due. False when nothing is left to do.
     */
    public boolean step() {
        long next = nextAt();
        if (next == Long.MAX_VALUE) {
            return false;
        }
        stepAt(next);
        return true;
    }

    private void stepAt(long at) {
        clock.advanceTo(Math.max(clock.nanos(), at));
        long now = clock.nanos();
        while (!queue.isEmpty() && queue.peek().at <= now) {
            run(queue.poll().event);
        }
        // What the hosts send without delay while this instant's events run is part of the instant too.
        do {
            Event e;
            while ((e = this.now.poll()) != null) {
                run(e);
            }
            pollPending();
        } while (!this.now.isEmpty());
        for (Host h : hosts) {
            if (h.pollAt() <= now) {
                h.poll();
            }
        }
    }

    /** When something next happens: an event or a host's timer; {@link Long#MAX_VALUE} for never. */
    public long nextAt() {
        long next = !now.isEmpty() ? clock.nanos() : queue.isEmpty() ? Long.MAX_VALUE : queue.peek().at;
        for (Host h : hosts) {
            next = Math.min(next, h.pollAt());
        }
        return next;
    }

    /** Runs every event up to now + {@code d}, then leaves the clock there. */
    public void runFor(Duration d) {
        runUntil(() -> false, d);
    }

    /**
     * Runs until {@code done} holds (checked before the first step and after each) or {@code limit} of virtual
     * time has passed; the clock then stands at the moment {@code done} became true, or at the limit.
     */
    public boolean runUntil(BooleanSupplier done, Duration limit) {
        long end = clock.nanos() + limit.toNanos();
        long sameInstant = 0;
        long last = -1;
        while (!done.getAsBoolean()) {
            long next = nextAt();
            if (next > end) {
                clock.advanceTo(Math.max(clock.nanos(), end));
                return done.getAsBoolean();
            }
            stepAt(next);
            if (clock.nanos() == last) {
                if (++sameInstant > 1_000_000) {
                    throw new IllegalStateException("no progress: a million steps at " + last + " ns");
                }
            } else {
                last = clock.nanos();
                sameInstant = 0;
            }
        }
        return true;
    }

    /** Runs until nothing is scheduled and no host has a timer before now + {@code limit}. */
    public void runUntilIdle(Duration limit) {
        runFor(limit);
    }

    /**
     * A host that was handed datagrams and not yet polled: it is polled before any other event runs, so that
     * everything happens in the order it would if each datagram were handled on delivery, except that a run of
     * datagrams to one host is one batch.
     */
    private SimPort unpolled;

    private void run(Event e) {
        if (e instanceof Delivery d && d.to == unpolled) {
            arrive(d);
            return;
        }
        pollPending();
        if (e instanceof Action a) {
            a.run.run();
        } else if (e instanceof Delivery d && arrive(d)) {
            unpolled = d.to;
        }
    }

    private void pollPending() {
        SimPort p = unpolled;
        unpolled = null;
        if (p != null && p.host != null) {
            p.host.poll();
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // The wire
    // ------------------------------------------------------------------------------------------------------

    /**
     * Puts a crafted datagram on the wire as if it came from nowhere in particular (a forged RST, an old
     * duplicate SYN): routed by its destination address after {@code delay}, with no impairment.
     */
    public void inject(ByteBuffer datagram, Duration delay) {
        byte[] copy = new byte[datagram.remaining()];
        datagram.duplicate().get(copy);
        long packet = packets++;
        sent++;
        SimPort to = route(copy);
        if (!listeners.isEmpty()) {
            emit(new WireEvent.Sent(clock.nanos(), packet, INJECTED, to == null ? null : to.name(), copy));
        }
        if (to == null) {
            drop(packet, INJECTED, null, copy, WireDrop.NO_ROUTE, "no port owns the destination address");
            return;
        }
        schedule(clock.nanos() + delay.toNanos(), new Delivery(to, null, INJECTED, packet, copy, -1, false));
    }

    void send(SimPort from, byte[] bytes) {
        long packet = packets++;
        sent++;
        SimPort to = routeFrom(from, bytes);
        if (!listeners.isEmpty()) {
            emit(new WireEvent.Sent(clock.nanos(), packet, from.name(), to == null ? null : to.name(), bytes));
        }
        if (to == null) {
            drop(packet, from.name(), null, bytes, bytes.length < 20 ? WireDrop.MALFORMED : WireDrop.NO_ROUTE,
                    "no port owns the destination address");
            return;
        }
        if (!from.up) {
            drop(packet, from.name(), to.name(), bytes, WireDrop.HOST_DOWN, from.name() + " is down");
            return;
        }
        SimPath path = pathOf(from, to);
        if (path.cut) {
            drop(packet, from.name(), to.name(), bytes, WireDrop.PARTITION, "path " + path + " is cut");
            return;
        }
        int mtu = path.mtu > 0 ? Math.min(path.mtu, to.mtu()) : to.mtu();
        if (bytes.length > mtu) {
            drop(packet, from.name(), to.name(), bytes, WireDrop.MTU, bytes.length + " bytes > MTU " + mtu
                    + (path.blackHole ? " (a black hole: no ICMP)" : ""));
            if (!path.blackHole) {
                icmpBack(from, to, bytes, IcmpRepr.CODE_FRAGMENTATION_NEEDED, mtu);
            }
            return;
        }
        long held = 0;
        if (path.hasRules()) {
            ParseResult<Datagram> parsed = Datagram.parse(ByteBuffer.wrap(bytes), 0, bytes.length, false);
            SimPath.Rule rule = parsed.isOk() ? path.take(parsed.value()) : null;
            if (rule != null && rule.action == SimPath.Action.HOLD) {
                held = rule.extra;
            } else if (rule != null) {
                if (rule.action == SimPath.Action.REJECT) {
                    drop(packet, from.name(), to.name(), bytes, WireDrop.REJECTED, rule.description);
                    icmpBack(from, to, bytes, 13, 0); // communication administratively prohibited
                } else {
                    drop(packet, from.name(), to.name(), bytes, WireDrop.FILTER, rule.description);
                }
                return;
            }
        }
        if (path.loss > 0 && path.random.nextDouble() < path.loss) {
            drop(packet, from.name(), to.name(), bytes, WireDrop.LOSS, "random loss on " + path);
            return;
        }
        long at = clock.nanos() + path.delay + jitter(path) + held;
        if (path.reorder > 0 && path.random.nextDouble() < path.reorder) {
            at += path.reorderDelay;
        }
        byte[] payload = bytes;
        boolean bad = false;
        if (path.corrupt > 0 && path.random.nextDouble() < path.corrupt) {
            payload = corrupt(bytes, path);
            bad = payload != bytes;
            if (bad) {
                corrupted++;
            }
        }
        schedule(at, new Delivery(to, from, from.name(), packet, payload, -1, bad));
        if (path.duplicate > 0 && path.random.nextDouble() < path.duplicate) {
            duplicated++;
            long copyAt = clock.nanos() + path.delay + jitter(path);
            schedule(copyAt, new Delivery(to, from, from.name(), packets++, bytes, packet, false));
        }
    }

    private static long jitter(SimPath path) {
        return path.jitter > 0 ? path.random.nextLong(path.jitter + 1) : 0;
    }

    private void schedule(long at, Delivery d) {
        enqueue(at, d);
    }

    private void enqueue(long at, Event e) {
        if (at == clock.nanos()) {
            now.add(e);
        } else {
            queue.add(new Scheduled(at, order++, e));
        }
    }

    /** Hands the datagram to its port's host; false when it was dropped instead. */
    private boolean arrive(Delivery d) {
        SimPort to = d.to;
        if (!to.up) {
            drop(d.packet, d.from, to.name(), d.bytes, WireDrop.HOST_DOWN, to.name() + " is down");
            return false;
        }
        if (d.fromPort != null && pathOf(d.fromPort, to).cut) {
            drop(d.packet, d.from, to.name(), d.bytes, WireDrop.PARTITION, "cut while in flight");
            return false;
        }
        delivered++;
        if (!listeners.isEmpty()) {
            emit(new WireEvent.Delivered(clock.nanos(), d.packet, d.from, to.name(), d.bytes, d.duplicateOf,
                    d.corrupted));
        }
        to.deliver(d.bytes);
        return true;
    }

    private void drop(long packet, String from, String to, byte[] bytes, WireDrop reason, String detail) {
        dropped.merge(reason, 1L, Long::sum);
        if (!listeners.isEmpty()) {
            emit(new WireEvent.Dropped(clock.nanos(), packet, from, to, bytes, reason, detail));
        }
    }

    /** The port owning the destination address (bytes 16..19 of the IPv4 header), or null. */
    private SimPort route(byte[] bytes) {
        if (bytes.length < 20 || (bytes[0] >> 4 & 0xF) != 4) {
            return null;
        }
        return byAddress.get(destination(bytes));
    }

    private static int destination(byte[] bytes) {
        return (bytes[16] & 0xFF) << 24 | (bytes[17] & 0xFF) << 16 | (bytes[18] & 0xFF) << 8 | bytes[19] & 0xFF;
    }

    /**
     * {@link #route}, remembering the last destination per sending port: a port mostly sends to one address in a
     * row, and an address never changes its port, so the answer stays right.
     */
    private SimPort routeFrom(SimPort from, byte[] bytes) {
        if (bytes.length < 20 || (bytes[0] >> 4 & 0xF) != 4) {
            return null;
        }
        int dst = destination(bytes);
        if (from.lastTo != null && from.lastDst == dst) {
            return from.lastTo;
        }
        SimPort to = byAddress.get(dst);
        if (to != null) {
            from.lastDst = dst;
            from.lastTo = to;
        }
        return to;
    }

    /**
     * A copy with one byte after the IPv4 header flipped, chosen so that the transport checksum no longer
     * verifies (a flip that happens to keep a valid one's-complement sum is retried). Datagrams with nothing
     * after the header come back unchanged.
     */
    private static byte[] corrupt(byte[] bytes, SimPath path) {
        int ihl = (bytes[0] & 0x0F) * 4;
        if (bytes.length <= ihl) {
            return bytes;
        }
        for (int attempt = 0; attempt < 8; attempt++) {
            byte[] copy = bytes.clone();
            int at = ihl + path.random.nextInt(bytes.length - ihl);
            copy[at] ^= (byte) (1 + path.random.nextInt(255));
            if (!checksumOk(copy)) {
                return copy;
            }
        }
        return bytes;
    }

    private static boolean checksumOk(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        Ipv4Packet ip = new Ipv4Packet();
        if (ip.check(b, 0, bytes.length, true) != ParseError.NONE) {
            return false;
        }
        if (ip.protocol() == IpProtocol.TCP) {
            return TcpPacket.checksumOk(b, ip.payloadOffset(), ip.payloadLength(), ip.src(), ip.dst());
        }
        return Datagram.parse(b, 0, bytes.length, true).isOk();
    }

    /**
     * ICMP destination unreachable with {@code code} back to the sender of {@code original}, from its destination's
     * address: a rejecting filter (code 13, administratively prohibited, RFC 1812 §5.2.7.1), or (code 4, only for DF
     * datagrams) a router before a smaller MTU. Never for an ICMP datagram (RFC 1122 §3.2.2).
     */
    private void icmpBack(SimPort from, SimPort to, byte[] original, int code, int nextHopMtu) {
        ByteBuffer b = ByteBuffer.wrap(original);
        Ipv4Packet ip = new Ipv4Packet();
        if (ip.check(b, 0, original.length, false) != ParseError.NONE || ip.protocol() == IpProtocol.ICMP
                || (code == IcmpRepr.CODE_FRAGMENTATION_NEEDED && !ip.dontFragment())) {
            return;
        }
        IcmpRepr icmp = new IcmpRepr.DestUnreachable(code, nextHopMtu, IcmpQuote.of(ip));
        Ipv4Repr header = Ipv4Repr.of(ip.dst(), ip.src(), IpProtocol.ICMP, 64, icmp.emittedLength());
        ByteBuffer out = new Datagram(header, icmp).toBuffer();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        long packet = packets++;
        sent++;
        if (!listeners.isEmpty()) {
            emit(new WireEvent.Sent(clock.nanos(), packet, to.name(), from.name(), bytes));
        }
        schedule(clock.nanos() + pathOf(to, from).delay, new Delivery(from, to, to.name(), packet, bytes, -1, false));
    }
}
