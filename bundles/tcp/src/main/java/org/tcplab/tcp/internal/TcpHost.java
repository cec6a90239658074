package org.tcplab.tcp.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

import org.tcplab.api.host.Clock;
import org.tcplab.api.host.Counter;
import org.tcplab.api.host.DropReason;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.host.RstReason;
import org.tcplab.api.host.SocketInfo;
import org.tcplab.api.link.Link;
import org.tcplab.api.link.LinkListener;
import org.tcplab.api.policy.ChallengeAckLimits;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.sign.AoSigner;
import org.tcplab.api.sign.AuthOptions;
import org.tcplab.api.sign.Flow;
import org.tcplab.api.sign.Md5Signer;
import org.tcplab.api.sign.ResetPlan;
import org.tcplab.api.sign.SegmentSigner;
import org.tcplab.api.sign.SignedConnection;
import org.tcplab.api.sign.Verdict;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.socket.UdpSocket;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.api.trace.TraceEvent;
import org.tcplab.api.trace.TraceListener;
import org.tcplab.api.trace.TraceSegment;
import org.tcplab.wire.Datagram;
import org.tcplab.wire.IcmpQuote;
import org.tcplab.wire.IcmpRepr;
import org.tcplab.wire.IpProtocol;
import org.tcplab.wire.Ipv4Packet;
import org.tcplab.wire.Ipv4Repr;
import org.tcplab.wire.ParseError;
import org.tcplab.wire.ParseResult;
import org.tcplab.wire.TcpOption;
import org.tcplab.wire.TcpPacket;
import org.tcplab.wire.TcpRepr;
import org.tcplab.wire.UdpRepr;

/**
 * A host: IP in and out, the TCP demux (4-tuple -> connection | listener | no socket), UDP, ICMP, timers and the
 * event loop. All state is owned by the loop: on a real clock its own thread, on a virtual clock the driver's
 * thread calling {@link #poll()}. Socket calls run through {@link #call}.
 */
final class TcpHost implements Host, Effects {

    private static final int TTL = 64;
    private static final int EPHEMERAL_LOW = 32768;
    private static final int EPHEMERAL_HIGH = 60999;

    final HostConfig config;
    final Clock clock;
    private final Link link;
    private final PolicySource policies;
    private final Supplier<List<SegmentSigner>> stackSigners;
    private final String name;
    private final List<Integer> addresses;
    final Random random;
    private final byte[] isnSecret = new byte[16];
    private MessageDigest isnDigest;

    private final long[] counters = new long[Counter.values().length];
    private final EnumMap<DropReason, Long> drops = new EnumMap<>(DropReason.class);
    private final EnumMap<RstReason, Long> rsts = new EnumMap<>(RstReason.class);
    private final CopyOnWriteArrayList<TraceListener> trace = new CopyOnWriteArrayList<>();

    /** Read freely; change only through {@link #addConnection} and {@link #removeConnection} (the port index). */
    final Map<FourTuple, Connection> connections = new HashMap<>();
    /** Read freely; change only through {@link #addListener} and {@link #removeListener}. */
    final Map<Endpoint, Listener> listeners = new HashMap<>();
    /** Read freely; change only through {@link #addBound} and {@link #removeBound}. */
    final Set<TcpSocketImpl> boundSockets = new LinkedHashSet<>();
    /**
     * Who holds each local port (bound sockets, connections, listeners), so that bind() and connect() look at the
     * holders of one port (Linux's bind hash) instead of every socket of the host. The value is the holder itself
     * while there is one (most ports), else a {@link Holders} collection: a few bytes per connection matter when
     * 100,000 are open.
     */
    private final Map<Integer, Object> portHolders = new HashMap<>();

    /** Two or more holders of one port: a short list, a set once it is long (a server's port). */
    private static final class Holders {
        private Collection<Object> all = new ArrayList<>(4);

        void add(Object o) {
            if (all instanceof ArrayList && all.size() == 16) {
                all = new HashSet<>(all);
            }
            all.add(o);
        }
    }
    final Map<Endpoint, UdpSocketImpl> udpSockets = new HashMap<>();
    private final PriorityQueue<TimerEntry> timers = new PriorityQueue<>();
    private final List<Waiter> waiters = new ArrayList<>();

    /** Datagrams received, not yet handled: filled by the link's thread on a real clock, by the driver's on a virtual one. */
    private final Queue<byte[]> inbox;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread loop;
    private volatile boolean closed;
    private volatile boolean exited;
    /** The loop is parked or about to park: received() must unpark it. */
    private volatile boolean sleeping;
    private boolean polling;
    private final ByteBuffer tx = ByteBuffer.allocate(65535);
    /** Datagrams of the inbox are being processed: ACKs that may wait, wait for the end of the batch. */
    private boolean inBatch;
    private final ArrayList<Connection> deferredAcks = new ArrayList<>();

    // ICMP rate limits (Linux icmp_global_allow and inet_peer_xrlim_allow).
    private double icmpTokens;
    private long icmpRefilled;
    private final Map<Integer, long[]> icmpPeers = new HashMap<>();

    final ConnConfig defaults;
    private volatile String hostPin;

    /** Where the host's policy comes from: its pin, or the stack's default. */
    interface PolicySource {
        RstPolicy defaultPolicy();

        RstPolicy byName(String name);
    }

    record FourTuple(int localAddr, int localPort, int remoteAddr, int remotePort) {
        static FourTuple of(Endpoint local, Endpoint remote) {
            return new FourTuple(local.address(), local.port(), remote.address(), remote.port());
        }
    }

    private record TimerEntry(long deadline, long order, Connection c) implements Comparable<TimerEntry> {
        @Override
        public int compareTo(TimerEntry o) {
            int d = Long.compare(deadline, o.deadline);
            return d != 0 ? d : Long.compare(order, o.order);
        }
    }

    private long timerOrder;

    /** A blocking call waiting for the loop: checked after every event, expired at its deadline. */
    abstract static class Waiter {
        final long deadline;

        Waiter(long deadline) {
            this.deadline = deadline;
        }

        /** Completes the call if it can; true when done. */
        abstract boolean check();

        /** The deadline passed first. */
        abstract void expire();
    }

    TcpHost(HostConfig config, PolicySource policies, Supplier<List<SegmentSigner>> stackSigners) {
        this.config = config;
        this.stackSigners = stackSigners;
        this.clock = config.clock();
        this.link = config.link();
        this.policies = policies;
        this.name = config.name();
        this.addresses = config.addresses();
        this.random = new Random(config.seed());
        random.nextBytes(isnSecret);
        this.defaults = ConnConfig.from(config, link.mtu());
        this.hostPin = config.policy();
        trace.addAll(config.traceListeners());
        icmpTokens = config.icmpMsgsBurst();
        icmpRefilled = clock.nanos();
        // One thread does everything on a virtual clock: no need for a concurrent queue there.
        inbox = clock.isVirtual() ? new ArrayDeque<>() : new ConcurrentLinkedQueue<>();
        if (clock.isVirtual()) {
            loop = null;
        } else {
            loop = new Thread(this::runLoop, "tcplab-host-" + name);
            loop.setDaemon(true);
        }
        link.attach(new LinkListener() {
            @Override
            public void received(ByteBuffer datagram) {
                // The buffer is the link's again once we return: copy it.
                byte[] copy = new byte[datagram.remaining()];
                datagram.duplicate().get(copy);
                TcpHost.this.received(copy);
            }

            @Override
            public void receivedImmutable(byte[] datagram) {
                // Ours to keep, as it is: the inbox only reads its datagrams.
                TcpHost.this.received(datagram);
            }
        });
        if (loop != null) {
            loop.start();
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Event loop
    // ------------------------------------------------------------------------------------------------------

    /** A datagram from the link, in an array of its own that nobody writes again. */
    private void received(byte[] datagram) {
        if (closed) {
            return;
        }
        inbox.add(datagram);
        if (loop != null) {
            // Only a loop that is (about to be) parked needs waking; a busy one takes the datagram in its batch.
            if (sleeping) {
                LockSupport.unpark(loop);
            }
        } else if (config.pollOnReceive() && !polling) {
            poll();
        }
        // Else the driver polls (HostConfig.pollOnReceive false): what it delivered before is one batch.
    }

    private void runLoop() {
        try {
            loopUntilClosed();
        } finally {
            // Calls posted while the loop was stopping still get their answer (EBADF).
            exited = true;
            drainTasks();
        }
    }

    private void drainTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    private void loopUntilClosed() {
        while (!closed) {
            poll();
            if (!inbox.isEmpty() || !tasks.isEmpty()) {
                continue;
            }
            long wait = nextWork() - clock.nanos();
            if (wait > 0) {
                // Waiting for work or the next timer; a datagram or a call unparks us. The flag is set before
                // the inbox is looked at again, and received() adds before it reads the flag: one of the two sees
                // the other, so no datagram waits for the timeout.
                sleeping = true;
                if (inbox.isEmpty() && tasks.isEmpty()) {
                    LockSupport.parkNanos(this, Math.min(wait, 1_000_000_000L));
                }
                sleeping = false;
            }
        }
    }

    /**
     * Runs {@code work} on the loop and returns its value. Virtual clock: runs it here (the driver's thread is the
     * loop). Real clock from another thread: posts it and waits for the loop to run it.
     */
    <T> T call(Supplier<T> work) {
        if (loop == null || Thread.currentThread() == loop) {
            T value = work.get();
            afterCall();
            return value;
        }
        FutureTask<T> task = new FutureTask<>(work::get);
        tasks.add(task);
        LockSupport.unpark(loop);
        if (exited) {
            drainTasks(); // the loop is gone: nobody else will run it
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("socket call failed in the event loop", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void afterCall() {
        if (!polling) {
            checkWaiters();
        }
    }

    @Override
    public void poll() {
        if (loop != null && Thread.currentThread() != loop) {
            return; // the host's own thread polls; from elsewhere this would race with it
        }
        if (polling) {
            return;
        }
        polling = true;
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
            int rounds = 0;
            byte[] datagram;
            inBatch = true;
            try {
                while (rounds++ < 100_000 && (datagram = inbox.poll()) != null) {
                    guarded(null, datagram, this::ipReceive);
                }
            } finally {
                inBatch = false;
                flushAcks();
            }
            runTimers();
            checkWaiters();
        } finally {
            polling = false;
        }
    }

    @Override
    public long pollAt() {
        if (loop != null && Thread.currentThread() != loop) {
            return call(this::nextWork);
        }
        return nextWork();
    }

    private long nextWork() {
        if (!inbox.isEmpty()) {
            return clock.nanos();
        }
        long at = Long.MAX_VALUE;
        while (!timers.isEmpty() && timers.peek().deadline != timers.peek().c.scheduledAt) {
            timers.poll(); // stale
        }
        if (!timers.isEmpty()) {
            at = timers.peek().deadline;
        }
        for (Waiter w : waiters) {
            at = Math.min(at, w.deadline);
        }
        return at;
    }

    private void runTimers() {
        long now = clock.nanos();
        int fired = 0;
        while (!timers.isEmpty() && timers.peek().deadline <= now && fired++ < 100_000) {
            TimerEntry e = timers.poll();
            Connection c = e.c;
            if (e.deadline != c.scheduledAt) {
                continue;
            }
            c.scheduledAt = Connection.NEVER;
            RstPolicy policy = policyFor(c.policyPin);
            guarded(c, null, ignored -> c.timeout(now, policy, this));
            touch(c);
        }
    }

    private void checkWaiters() {
        if (waiters.isEmpty()) {
            return;
        }
        long now = clock.nanos();
        for (Waiter w : new ArrayList<>(waiters)) {
            boolean done;
            try {
                done = w.check();
                if (!done && w.deadline <= now) {
                    w.expire();
                    done = true;
                }
            } catch (RuntimeException bug) {
                internalError(null, bug);
                done = true;
            }
            if (done) {
                waiters.remove(w);
            }
        }
    }

    void addWaiter(Waiter w) {
        if (!w.check()) {
            waiters.add(w);
        }
    }

    /** Re-schedules a connection's timer after anything happened to it. */
    void touch(Connection c) {
        long d = c.state == TcpState.CLOSED ? Connection.NEVER : c.nextDeadline();
        if (d != c.scheduledAt) {
            c.scheduledAt = d;
            if (d != Connection.NEVER) {
                timers.add(new TimerEntry(d, timerOrder++, c));
            }
        }
    }

    /** No exception escapes the loop: a bug is counted and traced, and the connection it hit is dropped. */
    private <T> void guarded(Connection c, T arg, java.util.function.Consumer<T> work) {
        try {
            work.accept(arg);
        } catch (RuntimeException | StackOverflowError bug) {
            internalError(c, bug);
        }
    }

    private void internalError(Connection c, Throwable bug) {
        drop(DropReason.INTERNAL_ERROR);
        emit(new TraceEvent.Dropped(name, clock.nanos(), null, DropReason.INTERNAL_ERROR,
                bug + (c != null ? " in " + c : "")));
        if (c != null && c.state != TcpState.CLOSED) {
            try {
                c.pendingError = Errno.ECONNABORTED;
                c.sendShutdown = true;
                c.rcvShutdown = true;
                c.delete(this);
            } catch (RuntimeException again) {
                removeConnection(c);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // IP
    // ------------------------------------------------------------------------------------------------------

    private void ipReceive(byte[] bytes) {
        count(Counter.IP_IN_RECEIVES);
        // Most datagrams are well-formed TCP: the codec's views check them (every checksum verified) and the
        // segment is read from the views, without the values Datagram.parse builds. Anything else, errors
        // included, takes the general path below, which parses again and says what is wrong.
        ByteBuffer raw = ByteBuffer.wrap(bytes);
        Ipv4Packet ipView = new Ipv4Packet();
        if (ipView.check(raw, 0, bytes.length, true) == ParseError.NONE && !ipView.isFragment()
                && ipView.protocol() == IpProtocol.TCP) {
            TcpPacket tcp = new TcpPacket();
            if (tcp.check(raw, ipView.payloadOffset(), ipView.payloadLength(), ipView.src(), ipView.dst(), true)
                    == ParseError.NONE) {
                if (!isLocal(ipView.dst())) {
                    notForUs(ipView.dst());
                    return;
                }
                count(Counter.IP_IN_DELIVERS);
                tcpReceive(ipView.src(), ipView.dst(), toSegment(tcp, bytes), raw, tcp.offset(), tcp.length());
                return;
            }
        }
        ParseResult<Datagram> parsed = Datagram.parse(raw, 0, bytes.length, true);
        if (!parsed.isOk()) {
            DropReason reason = switch (parsed.error()) {
                case BAD_TCP_CHECKSUM -> {
                    // Linux tcp_v4_rcv "csum_error": TCP_MIB_CSUMERRORS and TCP_MIB_INERRS; never answered.
                    count(Counter.TCP_IN_CSUM_ERRORS);
                    count(Counter.TCP_IN_ERRS);
                    yield DropReason.TCP_CSUM;
                }
                case BAD_DATA_OFFSET, MALFORMED_OPTION -> {
                    count(Counter.TCP_IN_ERRS);
                    yield DropReason.PKT_TOO_SMALL;
                }
                case BAD_UDP_CHECKSUM -> {
                    count(Counter.UDP_IN_CSUM_ERRORS);
                    count(Counter.UDP_IN_ERRORS);
                    yield DropReason.UDP_CSUM;
                }
                case BAD_UDP_LENGTH -> {
                    count(Counter.UDP_IN_ERRORS);
                    yield DropReason.PKT_TOO_SMALL;
                }
                case BAD_ICMP_CHECKSUM -> {
                    count(Counter.ICMP_IN_CSUM_ERRORS);
                    count(Counter.ICMP_IN_ERRORS);
                    yield DropReason.ICMP_CSUM;
                }
                case FRAGMENT -> DropReason.IP_FRAGMENT;
                case UNSUPPORTED_PROTOCOL -> {
                    count(Counter.IP_IN_UNKNOWN_PROTOS);
                    yield DropReason.UNHANDLED_PROTO;
                }
                case TRUNCATED -> {
                    count(Counter.IP_IN_HDR_ERRORS);
                    yield DropReason.PKT_TOO_SMALL;
                }
                default -> {
                    count(Counter.IP_IN_HDR_ERRORS);
                    yield DropReason.IP_INHDR;
                }
            };
            drop(reason);
            if (!trace.isEmpty()) {
                emit(new TraceEvent.Dropped(name, clock.nanos(), null, reason, parsed.error().name()));
            }
            return;
        }
        Datagram d = parsed.value();
        Ipv4Repr ip = d.ip();
        if (!isLocal(ip.dst())) {
            notForUs(ip.dst());
            return;
        }
        count(Counter.IP_IN_DELIVERS);
        if (d.payload() instanceof TcpRepr t) {
            // The payload is the datagram's last bytes: the segment views them (the datagram is ours, from the inbox).
            tcpReceive(ip.src(), ip.dst(), toSegment(t, bytes, ip.headerLength() + ip.payloadLength() - t.payloadLength()),
                    raw, ip.headerLength(), ip.payloadLength());
        } else if (d.payload() instanceof UdpRepr u) {
            udpReceive(ip, u, bytes);
        } else if (d.payload() instanceof IcmpRepr i) {
            icmpReceive(ip, i);
        }
    }

    private void notForUs(int dst) {
        // Linux tcp_v4_send_reset: "if (!sk && skb_rtable(skb)->rt_type != RTN_LOCAL) return;" -- we are not a
        // router: what is not for us is dropped, never answered.
        count(Counter.IP_IN_ADDR_ERRORS);
        drop(DropReason.IP_INADDRERRORS);
        if (!trace.isEmpty()) {
            emit(new TraceEvent.Dropped(name, clock.nanos(), null, DropReason.IP_INADDRERRORS,
                    "to " + Endpoint.formatAddress(dst)));
        }
    }

    boolean isLocal(int address) {
        return addresses.contains(address);
    }

    /** The source address for a datagram to {@code remote}: the remote itself when it is ours (loopback). */
    int sourceFor(int remote) {
        return isLocal(remote) ? remote : addresses.get(0);
    }

    private void ipSend(ByteBuffer datagram, int dst) {
        count(Counter.IP_OUT_REQUESTS);
        if (isLocal(dst)) {
            // Loopback: a datagram to one of our own addresses never reaches the link.
            byte[] copy = new byte[datagram.remaining()];
            datagram.duplicate().get(copy);
            inbox.add(copy);
            return;
        }
        if (!link.send(datagram)) {
            count(Counter.IP_OUT_DISCARDS);
            drop(DropReason.LINK_REFUSED);
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // TCP demux
    // ------------------------------------------------------------------------------------------------------

    private void tcpReceive(int src, int dst, Segment seg, ByteBuffer raw, int tcpOffset, int tcpLength) {
        count(Counter.TCP_IN_SEGS);
        long now = clock.nanos();
        if (!trace.isEmpty()) {
            emit(new TraceEvent.SegmentIn(name, now, traceSegment(src, dst, seg)));
        }
        List<SegmentSigner> signers = signers();
        Flow flow = signers.isEmpty() ? null : Flow.ofReceived(src, seg.srcPort(), dst, seg.dstPort());
        Connection c = connections.get(new FourTuple(dst, seg.dstPort(), src, seg.srcPort()));
        if (c != null && (c.signed != null || !signers.isEmpty() || c.cfg.aoRequired)) {
            // Linux tcp_v4_rcv: tcp_inbound_hash runs before the state machine sees the segment (TIME-WAIT
            // included): a missing, bad or unexpected signature is a silent drop, so an unsigned RST never resets
            // a signed connection.
            Verdict v = verify(signers, flow != null ? flow : flowOf(c), c, raw, tcpOffset, tcpLength);
            if (v.isOk() && c.cfg.aoRequired && unsigned(raw, tcpOffset, tcpLength)) {
                v = Verdict.AO_REQUIRED; // Linux tcp_ao_required: ao_required drops unsigned from any peer
            }
            if (!v.isOk()) {
                signatureDrop(c, src, dst, seg, v);
                return;
            }
            if (c.signed != null && c.signed.optionKind() == AuthOptions.KIND_AO) {
                count(Counter.TCP_EXT_AO_GOOD);
            }
        }
        if (c != null && c.acceptsNewSynInTimeWait(seg) && listenerFor(dst, seg.dstPort()) != null) {
            // Linux TCP_TW_SYN: the TIME-WAIT connection gives way to a new incarnation from the listener.
            count(Counter.TCP_EXT_TW_RECYCLED);
            c.delete(this);
            c = null;
        }
        if (c != null) {
            // The policy is read once per segment.
            RstPolicy policy = policyFor(c.policyPin);
            Connection conn = c;
            guarded(c, seg, s -> conn.segmentArrives(s, now, policy, this));
            touch(c);
            return;
        }
        Listener l = listenerFor(dst, seg.dstPort());
        if (l != null) {
            if (!signers.isEmpty() || l.cfg.aoRequired) {
                Verdict v = signers.isEmpty() ? Verdict.OK : verify(signers, flow, null, raw, tcpOffset, tcpLength);
                if (v.isOk() && l.cfg.aoRequired && unsigned(raw, tcpOffset, tcpLength)) {
                    v = Verdict.AO_REQUIRED;
                }
                if (!v.isOk()) {
                    signatureDrop(null, src, dst, seg, v);
                    return;
                }
            }
            listen(l, src, dst, seg, now, signers, flow, raw, tcpOffset, tcpLength);
            return;
        }
        // RFC 9293 §3.10.7.1, CLOSED: no socket.
        droppedAt(src, dst, seg, DropReason.NO_SOCKET);
        Segment rst = NoSocket.replyTo(seg);
        if (rst == null) {
            return;
        }
        ResetPlan plan = ResetPlan.UNSIGNED;
        if (!signers.isEmpty()) {
            // Linux tcp_v4_send_reset, "active side is lost": the listener is looked up on our address and the
            // segment's SOURCE port; its key for the peer signs the RST, if the segment verifies with it.
            int listenerPort = listenerFor(dst, seg.srcPort()) != null ? seg.srcPort() : -1;
            plan = combine(signers, s -> s.planResetWithoutSocket(flow, listenerPort, raw, tcpOffset, tcpLength));
        }
        if (plan instanceof ResetPlan.Suppressed) {
            return; // "don't send rst if it can't find key"
        }
        sendSegment(dst, src, rst, RstReason.NO_SOCKET, null, 0, plan instanceof ResetPlan.Signed sp ? sp : null);
        count(Counter.TCP_OUT_SEGS);
        count(Counter.TCP_OUT_RSTS);
    }

    private static Flow flowOf(Connection c) {
        return new Flow(c.local.address(), c.local.port(), c.remote.address(), c.remote.port());
    }

    /** The stack's signers and this host's own (which win over the stack's of the same kind), once per segment. */
    List<SegmentSigner> signers() {
        List<SegmentSigner> fromStack = stackSigners.get();
        List<SegmentSigner> own = config.signers();
        if (own.isEmpty()) {
            return fromStack;
        }
        if (fromStack.isEmpty()) {
            return own;
        }
        List<SegmentSigner> all = new ArrayList<>(own);
        for (SegmentSigner s : fromStack) {
            if (own.stream().noneMatch(o -> o.optionKind() == s.optionKind())) {
                all.add(s);
            }
        }
        return all;
    }

    /** This host's TCP-MD5 signer (the key table TCP_MD5SIG changes), or null. */
    Md5Signer md5Signer() {
        for (SegmentSigner s : signers()) {
            if (s instanceof Md5Signer m) {
                return m;
            }
        }
        return null;
    }

    /** This host's TCP-AO signer (the key table TCP_AO_ADD_KEY changes), or null. */
    AoSigner aoSigner() {
        for (SegmentSigner s : signers()) {
            if (s instanceof AoSigner a) {
                return a;
            }
        }
        return null;
    }

    /** A segment with neither signature option (and a header that parses). */
    private static boolean unsigned(ByteBuffer raw, int offset, int length) {
        AuthOptions found = AuthOptions.locate(raw, offset, length);
        return !found.malformed() && found.aoAt() < 0 && found.md5At() < 0;
    }

    /**
     * Opens the signing state of a new connection (active open before its SYN, passive open at the SYN): the first
     * signer with a key for the flow signs it. Returns the SignedConnection, or null when the flow is unsigned.
     */
    SignedConnection openSigned(Connection c, long iss) {
        List<SegmentSigner> signers = signers();
        if (signers.isEmpty()) {
            return null;
        }
        Flow flow = flowOf(c);
        for (SegmentSigner s : signers) {
            SignedConnection sc = s.open(flow, iss).orElse(null);
            if (sc != null) {
                c.signed = sc;
                c.signatureOverhead = (sc.optionLength() + 3) & ~3;
                return sc;
            }
        }
        return null;
    }

    /**
     * Every signer judges the segment: through the connection's SignedConnection for its own kind, else as a
     * segment without a session (at a listener, or on a connection opened unsigned). The first non-OK verdict wins.
     */
    private static Verdict verify(List<SegmentSigner> signers, Flow flow, Connection c, ByteBuffer raw, int offset,
            int length) {
        SignedConnection sc = c != null ? c.signed : null;
        if (sc != null) {
            Verdict v = sc.verify(raw, offset, length, c.rcvNxt);
            if (!v.isOk()) {
                return v;
            }
        }
        for (SegmentSigner s : signers) {
            if (sc != null && sc.optionKind() == s.optionKind()) {
                continue;
            }
            Verdict v = s.verifyWithoutSession(flow, raw, offset, length);
            if (!v.isOk()) {
                return v;
            }
        }
        return Verdict.OK;
    }

    /** ResetPlan's rule: any Suppressed means no RST; else a Signed one signs it; else it goes out unsigned. */
    private static ResetPlan combine(List<SegmentSigner> signers, Function<SegmentSigner, ResetPlan> ask) {
        ResetPlan result = ResetPlan.UNSIGNED;
        for (SegmentSigner s : signers) {
            ResetPlan p = ask.apply(s);
            if (p instanceof ResetPlan.Suppressed) {
                return p;
            }
            if (p instanceof ResetPlan.Signed) {
                result = p;
            }
        }
        return result;
    }

    /** A segment whose signature failed: never answered, counted under Linux's counter and drop reason. */
    private void signatureDrop(Connection c, int src, int dst, Segment seg, Verdict v) {
        Counter counter = v.mibName() == null ? null : Counter.byMibName("TcpExt." + v.mibName());
        if (counter != null) {
            count(counter);
        }
        DropReason reason = DropReason.valueOf(v.dropReason());
        if (c != null) {
            dropped(c, seg, reason);
        } else {
            droppedAt(src, dst, seg, reason);
        }
    }

    /** RFC 9293 §3.10.7.2, "If the state is LISTEN". */
    private void listen(Listener l, int src, int dst, Segment seg, long now, List<SegmentSigner> signers, Flow flow,
            ByteBuffer raw, int tcpOffset, int tcpLength) {
        switch (l.segmentArrives(seg)) {
            case IGNORE_RST -> droppedAt(src, dst, seg, DropReason.TCP_RESET);
            case RESET_ACK -> {
                droppedAt(src, dst, seg, DropReason.TCP_FLAGS);
                ResetPlan plan = signers.isEmpty() ? ResetPlan.UNSIGNED
                        : combine(signers, s -> s.planResetFromListener(flow, raw, tcpOffset, tcpLength));
                if (plan instanceof ResetPlan.Suppressed) {
                    return;
                }
                sendSegment(dst, src, NoSocket.replyTo(seg), RstReason.TCP_FLAGS, null, 0,
                        plan instanceof ResetPlan.Signed sp ? sp : null);
                count(Counter.TCP_OUT_SEGS);
                count(Counter.TCP_OUT_RSTS);
            }
            case OVERFLOW -> {
                count(Counter.TCP_EXT_LISTEN_OVERFLOWS);
                count(Counter.TCP_EXT_LISTEN_DROPS);
                droppedAt(src, dst, seg, DropReason.TCP_LISTEN_OVERFLOW);
            }
            case DROP -> droppedAt(src, dst, seg, DropReason.TCP_FLAGS);
            case NEW_CONNECTION -> {
                Endpoint local = new Endpoint(dst, seg.dstPort());
                Endpoint remote = new Endpoint(src, seg.srcPort());
                Connection c = new Connection(local, remote, l.cfg.copy());
                long isn = l.isn != null ? l.isn : isn(local, remote, now);
                SignedConnection sc = openSigned(c, isn);
                if (sc != null) {
                    // The SegmentSigner contract: a passive open verifies the SYN through the new signing state.
                    Verdict v = sc.verify(raw, tcpOffset, tcpLength, seg.seq());
                    if (!v.isOk()) {
                        signatureDrop(null, src, dst, seg, v);
                        return;
                    }
                    if (sc.optionKind() == AuthOptions.KIND_AO) {
                        count(Counter.TCP_EXT_AO_GOOD);
                    }
                }
                c.owner = l;
                c.policyPin = l.policyPin;
                addConnection(c);
                l.embryonic++;
                RstPolicy policy = policyFor(c.policyPin);
                guarded(c, seg, s -> c.openPassive(s, isn, now, policy, this));
                touch(c);
            }
        }
    }

    Listener listenerFor(int address, int port) {
        Listener l = listeners.get(new Endpoint(address, port));
        return l != null ? l : listeners.get(new Endpoint(Endpoint.ANY, port));
    }

    RstPolicy policyFor(String connectionPin) {
        RstPolicy p = null;
        if (connectionPin != null) {
            p = policies.byName(connectionPin);
        }
        String hostPin = this.hostPin;
        if (p == null && hostPin != null) {
            p = policies.byName(hostPin);
        }
        if (p == null) {
            p = policies.defaultPolicy();
        }
        return p != null ? p : BuiltinPolicy.INSTANCE;
    }

    /**
     * RFC 6528: ISN = M + F(localip, localport, remoteip, remoteport, secretkey), M a 4 microsecond timer and F a
     * keyed hash (SHA-256 over the secret and the 4-tuple here).
     */
    long isn(Endpoint local, Endpoint remote, long now) {
        try {
            if (isnDigest == null) {
                isnDigest = MessageDigest.getInstance("SHA-256");
            }
            MessageDigest md = isnDigest;
            md.reset();
            md.update(isnSecret);
            ByteBuffer b = ByteBuffer.allocate(12);
            b.putInt(local.address()).putShort((short) local.port()).putInt(remote.address())
                    .putShort((short) remote.port());
            byte[] h = md.digest(b.array());
            long f = ByteBuffer.wrap(h).getInt() & Seq.MASK;
            long m = (now / 4000) & Seq.MASK;
            return Seq.add(m, f);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    int ephemeralPort(int address, boolean reuse) {
        int span = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
        int start = random.nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = EPHEMERAL_LOW + (start + i) % span;
            if (!portConflict(new Endpoint(address, port), reuse, null)) {
                return port;
            }
        }
        return -1;
    }

    /**
     * The local port for connect() on an unbound socket (Linux __inet_hash_connect): a port from the ephemeral
     * range that no bound socket or listener holds and that makes the 4-tuple unique. Ports are shared between
     * connections to different peers, so this costs a few hash lookups, not a scan of every connection.
     */
    int connectPort(int address, Endpoint remote) {
        int span = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
        int start = random.nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = EPHEMERAL_LOW + (start + i) % span;
            if (connections.containsKey(new FourTuple(address, port, remote.address(), remote.port()))
                    || listenerFor(address, port) != null) {
                continue;
            }
            boolean held = false;
            for (Object o : holders(port)) {
                if (o instanceof TcpSocketImpl s && s.bound != null && overlaps(s.bound, new Endpoint(address, port))) {
                    held = true;
                    break;
                }
            }
            if (!held) {
                return port;
            }
        }
        return -1;
    }

    /**
     * Linux inet_csk_bind_conflict: a port is taken by any socket bound to it on an overlapping address, unless
     * both have SO_REUSEADDR and the other is not listening. Connections alive after their socket closed
     * (TIME-WAIT ...) keep their port.
     */
    boolean portConflict(Endpoint want, boolean reuse, TcpSocketImpl self) {
        for (Object o : holders(want.port())) {
            if (o instanceof TcpSocketImpl s) {
                if (s != self && s.bound != null && s.bound.port() == want.port() && overlaps(s.bound, want)
                        && !(reuse && s.cfg.reuseAddr && s.listener == null)) {
                    return true;
                }
            } else if (o instanceof Connection c) {
                if (overlaps(c.local, want) && !(reuse && c.cfg.reuseAddr)
                        && !(c.owner instanceof TcpSocketImpl s && s == self)) {
                    return true;
                }
            } else if (o instanceof Listener l && overlaps(l.local, want) && l.socket != self) {
                return true;
            }
        }
        return false;
    }

    /**
     * A connection whose socket is bound to the same port, or that a listener on its port opened, holds nothing
     * of its own in the index while that socket or listener is there (their entries decide the same cases, see
     * portConflict); it is indexed when they go.
     */
    void addConnection(Connection c) {
        connections.put(FourTuple.of(c.local, c.remote), c);
        boolean covered = c.owner instanceof TcpSocketImpl s ? boundSockets.contains(s) && s.bound.port() == c.local.port()
                : c.owner instanceof Listener l && listeners.get(l.local) == l;
        if (!covered) {
            c.holdsPort = true;
            hold(c.local.port(), c);
        }
    }

    void removeConnection(Connection c) {
        if (connections.remove(FourTuple.of(c.local, c.remote), c) && c.holdsPort) {
            c.holdsPort = false;
            release(c.local.port(), c);
        }
    }

    void addListener(Listener l) {
        listeners.put(l.local, l);
        hold(l.local.port(), l);
    }

    void removeListener(Listener l) {
        if (listeners.remove(l.local, l)) {
            release(l.local.port(), l);
            // The connections it opened (accepted or not) keep the port now on their own.
            for (Connection c : connections.values()) {
                if (!c.holdsPort && c.local.port() == l.local.port()) {
                    c.holdsPort = true;
                    hold(c.local.port(), c);
                }
            }
        }
    }

    /** A socket with {@code bound} set holds its port until {@link #removeBound}. */
    void addBound(TcpSocketImpl s) {
        if (boundSockets.add(s)) {
            hold(s.bound.port(), s);
        }
    }

    void removeBound(TcpSocketImpl s) {
        if (boundSockets.remove(s)) {
            release(s.bound.port(), s);
            Connection c = s.conn;
            if (c != null && !c.holdsPort && connections.get(FourTuple.of(c.local, c.remote)) == c) {
                c.holdsPort = true; // alive after its socket (FIN-WAIT, TIME-WAIT ...): it keeps the port
                hold(c.local.port(), c);
            }
        }
    }

    private Collection<Object> holders(int port) {
        Object h = portHolders.get(port);
        return h == null ? List.of() : h instanceof Holders many ? many.all : List.of(h);
    }

    private void hold(int port, Object holder) {
        Object h = portHolders.get(port);
        if (h == null) {
            portHolders.put(port, holder);
        } else if (h instanceof Holders many) {
            many.add(holder);
        } else {
            Holders many = new Holders();
            many.add(h);
            many.add(holder);
            portHolders.put(port, many);
        }
    }

    private void release(int port, Object holder) {
        Object h = portHolders.get(port);
        if (h == holder) {
            portHolders.remove(port);
        } else if (h instanceof Holders many) {
            many.all.remove(holder);
            if (many.all.size() == 1) {
                portHolders.put(port, many.all.iterator().next());
            }
        }
    }

    private static boolean overlaps(Endpoint a, Endpoint b) {
        return a.address() == b.address() || a.address() == Endpoint.ANY || b.address() == Endpoint.ANY;
    }

    // ------------------------------------------------------------------------------------------------------
    // Effects of the state machine
    // ------------------------------------------------------------------------------------------------------

    @Override
    public void send(Connection c, Segment segment, RstReason rst) {
        sendSegment(c.local.address(), c.remote.address(), segment, rst, c.signed, c.sndUna, null);
    }

    /**
     * Emits one segment. Signed (by the connection's {@code signed}, or by a {@code resetPlan}): the segment goes
     * out with a zeroed signature option, the signer fills it in, and only then is the checksum computed, as the
     * SegmentSigner contract requires.
     */
    private void sendSegment(int src, int dst, Segment seg, RstReason rst, SignedConnection signed, long sndUna,
            ResetPlan.Signed resetPlan) {
        if (rst != null) {
            rsts.merge(rst, 1L, Long::sum);
        }
        if (!trace.isEmpty()) {
            emit(new TraceEvent.SegmentOut(name, clock.nanos(), traceSegment(src, dst, seg), rst));
        }
        tx.clear();
        int n;
        if (signed == null && resetPlan == null) {
            n = Datagram.emitTcp(tx, 0, src, dst, TTL, toRepr(seg));
        } else {
            int kind = signed != null ? signed.optionKind() : resetPlan.optionKind();
            int length = signed != null ? signed.optionLength() : resetPlan.optionLength();
            TcpRepr repr = toRepr(seg, kind, length);
            int tcpLength = repr.emittedLength();
            int at = Ipv4Repr.of(src, dst, IpProtocol.TCP, TTL, tcpLength).emit(tx, 0);
            repr.emitWithoutChecksum(tx, at);
            if (signed != null) {
                signed.sign(tx, at, tcpLength, sndUna);
            } else {
                resetPlan.sign(tx, at, tcpLength);
            }
            TcpPacket.fillChecksum(tx, at, tcpLength, src, dst);
            n = at + tcpLength;
        }
        ipSend(tx.duplicate().position(0).limit(n), dst);
    }

    @Override
    public void stateChanged(Connection c, TcpState from, TcpState to) {
        if (!trace.isEmpty()) {
            emit(new TraceEvent.StateChange(name, clock.nanos(), c.local, c.remote, from, to));
        }
    }

    @Override
    public void decided(Connection c, String policy, String method, Object verdict) {
        if (!trace.isEmpty()) {
            emit(new TraceEvent.PolicyDecision(name, clock.nanos(), c.local, c.remote, policy, method,
                    String.valueOf(verdict)));
        }
    }

    @Override
    public void count(Counter counter) {
        counters[counter.ordinal()]++;
    }

    @Override
    public void ackDelayed(Connection c, long until) {
        if (!trace.isEmpty()) {
            emit(new TraceEvent.AckDelayed(name, clock.nanos(), c.local, c.remote, c.rcvNxt, until));
        }
    }

    @Override
    public boolean deferAck(Connection c) {
        if (!inBatch) {
            return false;
        }
        deferredAcks.add(c);
        return true;
    }

    /** The batch is done: the ACKs held for it go, one per connection. */
    private void flushAcks() {
        for (int i = 0; i < deferredAcks.size(); i++) {
            Connection c = deferredAcks.get(i);
            guarded(c, null, ignored -> c.flushAck(this));
            touch(c);
        }
        deferredAcks.clear();
    }

    /** The second of the clock the host-wide challenge ACK budget was drawn for, and what is left of it. */
    private long challengeSecond = Long.MIN_VALUE;
    private long challengeBudget;

    /**
     * Linux tcp_send_challenge_ack, the host-wide part: each second the budget is drawn at random in
     * [limit/2, limit/2 + limit - 1], so that spending it cannot be used to count challenge ACKs and infer
     * sequence numbers (CVE-2016-5696). A limit of 0 allows none (Linux would draw from a wrapped range).
     */
    @Override
    public boolean takeHostChallengeAck(int limit, long now) {
        if (limit == ChallengeAckLimits.OFF) {
            return true;
        }
        long second = Math.floorDiv(now, 1_000_000_000L);
        if (second != challengeSecond) {
            challengeSecond = second;
            challengeBudget = limit == 0 ? 0 : ((limit + 1L) >> 1) + random.nextInt(limit);
        }
        if (challengeBudget == 0) {
            return false;
        }
        challengeBudget--;
        return true;
    }

    @Override
    public void dropped(Connection c, Segment segment, DropReason reason) {
        drop(reason);
        if (!trace.isEmpty()) {
            TraceSegment ts = null;
            if (segment != null && c != null) {
                ts = traceSegment(c.remote.address(), c.local.address(), segment);
            }
            emit(new TraceEvent.Dropped(name, clock.nanos(), ts, reason, segment != null ? segment.toString() : ""));
        }
    }

    /** A segment dropped before any connection took it (no socket, listener). */
    private void droppedAt(int src, int dst, Segment seg, DropReason reason) {
        drop(reason);
        if (!trace.isEmpty()) {
            emit(new TraceEvent.Dropped(name, clock.nanos(), traceSegment(src, dst, seg), reason, seg.toString()));
        }
    }

    private void drop(DropReason reason) {
        drops.merge(reason, 1L, Long::sum);
    }

    @Override
    public void established(Connection c) {
        if (c.owner instanceof Listener l) {
            l.embryonic--;
            if (listeners.get(l.local) == l) {
                l.acceptQueue.add(c);
            } else {
                c.abort(RstReason.TCP_ABORT_ON_CLOSE, this);
            }
        }
    }

    @Override
    public void deleted(Connection c) {
        removeConnection(c);
        if (c.owner instanceof Listener l && !l.acceptQueue.contains(c)) {
            l.embryonic--;
            c.owner = null;
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // UDP and ICMP
    // ------------------------------------------------------------------------------------------------------

    private void udpReceive(Ipv4Repr ip, UdpRepr u, byte[] original) {
        UdpSocketImpl s = udpSockets.get(new Endpoint(ip.dst(), u.dstPort()));
        if (s == null) {
            s = udpSockets.get(new Endpoint(Endpoint.ANY, u.dstPort()));
        }
        if (s != null && s.remote != null
                && (s.remote.address() != ip.src() || s.remote.port() != u.srcPort())) {
            s = null; // a connected socket takes only its peer's datagrams
        }
        if (s == null) {
            // RFC 1122 §3.2.2.1, RFC 792: port unreachable -- unless the host is filtered (silence).
            count(Counter.UDP_NO_PORTS);
            drop(DropReason.UDP_NO_PORT);
            if (!config.udpFiltered()) {
                sendIcmpError(ip.src(), IcmpRepr.CODE_PORT_UNREACHABLE, original);
            }
            return;
        }
        byte[] payload = new byte[u.payloadLength()];
        u.payload().get(payload);
        if (!s.deliver(new UdpSocket.Datagram(new Endpoint(ip.src(), u.srcPort()), payload))) {
            count(Counter.UDP_IN_ERRORS);
            drop(DropReason.SOCKET_RCVBUFF);
            return;
        }
        count(Counter.UDP_IN_DATAGRAMS);
    }

    void udpSend(Endpoint from, Endpoint to, byte[] payload) {
        UdpRepr u = new UdpRepr(from.port(), to.port(), true, ByteBuffer.wrap(payload));
        int src = from.address() != Endpoint.ANY ? from.address() : sourceFor(to.address());
        Datagram d = new Datagram(Ipv4Repr.of(src, to.address(), IpProtocol.UDP, TTL, u.emittedLength()), u);
        count(Counter.UDP_OUT_DATAGRAMS);
        ipSend(d.toBuffer(), to.address());
    }

    private void sendIcmpError(int dst, int code, byte[] original) {
        long now = clock.nanos();
        // Linux icmp_global_allow: a host-wide token bucket, icmp_msgs_per_sec credit up to icmp_msgs_burst.
        icmpTokens = Math.min(config.icmpMsgsBurst(),
                icmpTokens + (now - icmpRefilled) * (double) config.icmpMsgsPerSec() / 1e9);
        icmpRefilled = now;
        if (icmpTokens < 1) {
            count(Counter.ICMP_OUT_RATE_LIMIT_GLOBAL);
            return;
        }
        // Linux inet_peer_xrlim_allow: per peer, one message per icmp_ratelimit with a burst of 6.
        long rate = config.icmpRateLimit().toNanos();
        if (rate > 0) {
            long[] peer = icmpPeers.computeIfAbsent(dst, k -> new long[] {6 * rate, now});
            peer[0] = Math.min(6 * rate, peer[0] + (now - peer[1]));
            peer[1] = now;
            if (peer[0] < rate) {
                count(Counter.ICMP_OUT_RATE_LIMIT_HOST);
                return;
            }
            peer[0] -= rate;
        }
        icmpTokens -= 1;
        // RFC 1812 §4.3.2.3: quote as much of the datagram as fits in 576 bytes.
        int quoted = Math.min(original.length, 576 - 20 - 8);
        IcmpRepr.DestUnreachable msg = new IcmpRepr.DestUnreachable(code, 0, 0,
                new IcmpQuote(ByteBuffer.wrap(original, 0, quoted)));
        sendIcmp(dst, msg);
        count(Counter.ICMP_OUT_DEST_UNREACHS);
    }

    private void sendIcmp(int dst, IcmpRepr msg) {
        Datagram d = new Datagram(Ipv4Repr.of(sourceFor(dst), dst, IpProtocol.ICMP, TTL, msg.emittedLength()), msg);
        count(Counter.ICMP_OUT_MSGS);
        if (!trace.isEmpty()) {
            emit(new TraceEvent.Icmp(name, clock.nanos(), true, dst, msg.type(), msg.code()));
        }
        ipSend(d.toBuffer(), dst);
    }

    private void icmpReceive(Ipv4Repr ip, IcmpRepr msg) {
        count(Counter.ICMP_IN_MSGS);
        if (!trace.isEmpty()) {
            emit(new TraceEvent.Icmp(name, clock.nanos(), false, ip.src(), msg.type(), msg.code()));
        }
        if (msg instanceof IcmpRepr.EchoRequest echo) {
            count(Counter.ICMP_IN_ECHOS);
            ByteBuffer data = echo.data();
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            sendIcmp(ip.src(), new IcmpRepr.EchoReply(echo.id(), echo.seq(), ByteBuffer.wrap(copy)));
            count(Counter.ICMP_OUT_ECHO_REPS);
        } else if (msg instanceof IcmpRepr.DestUnreachable u) {
            count(Counter.ICMP_IN_DEST_UNREACHS);
            destUnreachable(u);
        } else {
            drop(DropReason.ICMP_UNMATCHED);
        }
    }

    private void destUnreachable(IcmpRepr.DestUnreachable u) {
        IcmpQuote q = u.quote();
        if (!q.hasPorts() || !isLocal(q.src())) {
            drop(DropReason.ICMP_UNMATCHED);
            return;
        }
        Errno errno = switch (u.code()) {
            case IcmpRepr.CODE_PORT_UNREACHABLE, IcmpRepr.CODE_PROTOCOL_UNREACHABLE -> Errno.ECONNREFUSED;
            case IcmpRepr.CODE_NET_UNREACHABLE, IcmpRepr.CODE_NET_UNKNOWN -> Errno.ENETUNREACH;
            case IcmpRepr.CODE_FRAGMENTATION_NEEDED -> null; // not an error: path MTU discovery (RFC 1191)
            default -> Errno.EHOSTUNREACH;
        };
        if (errno == null && q.protocol() != IpProtocol.TCP) {
            drop(DropReason.ICMP_UNMATCHED); // UDP keeps no path MTU: the datagram was lost, as on any drop
            return;
        }
        if (q.protocol() == IpProtocol.TCP) {
            Connection c = connections.get(new FourTuple(q.src(), q.srcPort(), q.dst(), q.dstPort()));
            // RFC 5927 §4.1: accept the error only if it quotes a sequence number in flight.
            if (c == null || !q.hasTcpSeq() || !c.icmpSeqAcceptable(q.tcpSeq())) {
                drop(DropReason.ICMP_UNMATCHED);
                return;
            }
            if (c.signed != null && c.state.isSynchronized() && !c.cfg.aoAcceptIcmps
                    && c.signed.ignoresIcmp(IcmpRepr.TYPE_DEST_UNREACHABLE, u.code())) {
                // RFC 5925 §7.8 (Linux tcp_ao_ignore_icmp): a TCP-AO connection ignores these ICMP errors.
                count(Counter.TCP_EXT_AO_DROPPED_ICMPS);
                drop(DropReason.ICMP_UNMATCHED);
                return;
            }
            if (errno == null) {
                int mtu = u.nextHopMtu();
                long now = clock.nanos();
                guarded(c, null, ignored -> c.pathMtuReduced(mtu, now, this));
            } else {
                guarded(c, errno, e -> c.icmpError(e, this));
            }
            touch(c);
        } else if (q.protocol() == IpProtocol.UDP) {
            UdpSocketImpl s = udpSockets.get(new Endpoint(q.src(), q.srcPort()));
            if (s == null) {
                s = udpSockets.get(new Endpoint(Endpoint.ANY, q.srcPort()));
            }
            // Linux __udp4_lib_err: without IP_RECVERR only a connected socket hears of it.
            if (s == null || s.remote == null || s.remote.address() != q.dst() || s.remote.port() != q.dstPort()) {
                drop(DropReason.ICMP_UNMATCHED);
                return;
            }
            s.pendingError = errno;
        } else {
            drop(DropReason.ICMP_UNMATCHED);
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Conversions
    // ------------------------------------------------------------------------------------------------------

    /** The segment, its data a view of the {@code payloadLength} bytes of {@code datagram} at {@code payloadAt}. */
    static Segment toSegment(TcpRepr t, byte[] datagram, int payloadAt) {
        return new Segment(t.srcPort(), t.dstPort(), t.seq(), t.ack(), t.flags(), t.window(), t.mss().orElse(-1),
                t.windowScale().orElse(-1), datagram, payloadAt, t.payloadLength());
    }

    /** The segment of a checked view over the whole of {@code datagram}; its data are a view of the datagram. */
    static Segment toSegment(TcpPacket t, byte[] datagram) {
        return new Segment(t.srcPort(), t.dstPort(), t.seq(), t.ack(), t.flags(), t.window(), t.mss(),
                t.windowScale(), datagram, t.payloadOffset(), t.payloadLength());
    }

    static Segment toSegment(TcpRepr t) {
        byte[] data = Segment.NO_DATA;
        if (t.payloadLength() > 0) {
            data = new byte[t.payloadLength()];
            t.payload().get(data);
        }
        return new Segment(t.srcPort(), t.dstPort(), t.seq(), t.ack(), t.flags(), t.window(), t.mss().orElse(-1),
                t.windowScale().orElse(-1), data);
    }

    static TcpRepr toRepr(Segment s) {
        return toRepr(s, 0, 0);
    }

    /**
     * The segment as the codec's value; with {@code signatureKind} 19 or 29, a signature option of
     * {@code signatureLength} bytes and a zero body comes first, NOP-aligned as Linux tcp_options_write puts it
     * ("NOP, NOP, MD5SIG, 18").
     */
    static TcpRepr toRepr(Segment s, int signatureKind, int signatureLength) {
        List<TcpOption> options = List.of();
        if (s.mss() >= 0 || s.windowScale() >= 0 || signatureKind != 0) {
            options = new ArrayList<>(6);
            if (signatureKind != 0) {
                for (int pad = (4 - signatureLength % 4) % 4; pad > 0; pad--) {
                    options.add(TcpOption.Nop.INSTANCE);
                }
                options.add(signatureKind == TcpOption.KIND_MD5
                        ? new TcpOption.Md5Signature(new byte[signatureLength - 2])
                        : new TcpOption.Ao(0, 0, new byte[signatureLength - 4]));
            }
            if (s.mss() >= 0) {
                options.add(new TcpOption.Mss(s.mss()));
            }
            if (s.windowScale() >= 0) {
                options.add(TcpOption.Nop.INSTANCE);
                options.add(new TcpOption.WindowScale(s.windowScale()));
            }
        }
        return new TcpRepr(s.srcPort(), s.dstPort(), s.seq(), s.has(Segment.ACK) ? s.ack() : 0, s.flags(),
                s.window(), 0, options, ByteBuffer.wrap(s.buf(), s.off(), s.len()));
    }

    private static TraceSegment traceSegment(int src, int dst, Segment s) {
        return new TraceSegment(new Endpoint(src, s.srcPort()), new Endpoint(dst, s.dstPort()), s.seq(), s.ack(),
                s.flags(), s.window(), s.len(), s.toString());
    }

    void emit(TraceEvent e) {
        for (TraceListener l : trace) {
            try {
                l.event(e);
            } catch (RuntimeException ignored) {
                // A listener's bug is its own.
            }
        }
    }

    void traceErrno(TcpSocketImpl s, String callName, Errno errno) {
        if (!trace.isEmpty() && errno != Errno.EAGAIN) {
            emit(new TraceEvent.ErrnoDelivered(name, clock.nanos(), s.localEndpointUnsafe(), s.remoteEndpointUnsafe(),
                    callName, errno));
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Host
    // ------------------------------------------------------------------------------------------------------

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Integer> addresses() {
        return addresses;
    }

    @Override
    public Link link() {
        return link;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public TcpSocket tcpSocket() {
        return new TcpSocketImpl(this);
    }

    @Override
    public UdpSocket udpSocket() {
        return new UdpSocketImpl(this);
    }

    @Override
    public List<SocketInfo> sockets() {
        return call(() -> {
            List<SocketInfo> out = new ArrayList<>();
            for (Listener l : listeners.values()) {
                out.add(new SocketInfo(l.local, null, TcpState.LISTEN, 0, 0, 0, l.acceptQueue.size(), l.backlog,
                        l.policyPin));
            }
            for (Connection c : connections.values()) {
                out.add(new SocketInfo(c.local, c.remote, c.state, c.sndUna, c.sndMax, c.rcvNxt,
                        Math.max(0, Seq.diff(c.finSeq(), c.sndUna)), c.rcvBuf.size(), c.policyPin));
            }
            return List.copyOf(out);
        });
    }

    @Override
    public long counter(Counter counter) {
        if (counter == Counter.TCP_CURR_ESTAB) {
            return call(() -> connections.values().stream()
                    .filter(c -> c.state == TcpState.ESTABLISHED || c.state == TcpState.CLOSE_WAIT).count());
        }
        return call(() -> counters[counter.ordinal()]);
    }

    @Override
    public Map<String, Long> counters() {
        return call(() -> {
            Map<String, Long> m = new LinkedHashMap<>();
            for (Counter c : Counter.values()) {
                m.put(c.mibName(), c == Counter.TCP_CURR_ESTAB
                        ? connections.values().stream()
                                .filter(x -> x.state == TcpState.ESTABLISHED || x.state == TcpState.CLOSE_WAIT).count()
                        : counters[c.ordinal()]);
            }
            return Collections.unmodifiableMap(m);
        });
    }

    @Override
    public Map<DropReason, Long> drops() {
        return call(() -> Collections.unmodifiableMap(new EnumMap<>(drops)));
    }

    @Override
    public Map<RstReason, Long> rstsSent() {
        return call(() -> Collections.unmodifiableMap(new EnumMap<>(rsts)));
    }

    @Override
    public String pinnedPolicy() {
        return hostPin;
    }

    @Override
    public String policyName() {
        RstPolicy p = policyFor(null);
        return p == BuiltinPolicy.INSTANCE && policies.defaultPolicy() == null ? null : p.name();
    }

    @Override
    public void pinPolicy(String name) {
        hostPin = name;
    }

    @Override
    public void addTraceListener(TraceListener listener) {
        trace.addIfAbsent(listener);
    }

    @Override
    public void removeTraceListener(TraceListener listener) {
        trace.remove(listener);
    }

    @Override
    public void crash() {
        call(() -> {
            connections.clear();
            listeners.clear();
            portHolders.clear();
            for (TcpSocketImpl s : boundSockets) {
                s.forget();
            }
            boundSockets.clear();
            for (UdpSocketImpl s : udpSockets.values()) {
                s.forget();
            }
            udpSockets.clear();
            timers.clear();
            for (Waiter w : waiters) {
                w.expire();
            }
            waiters.clear();
            inbox.clear();
            return null;
        });
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        link.detach();
        call(() -> {
            closed = true;
            return null;
        });
        if (loop != null) {
            LockSupport.unpark(loop);
        }
    }
}
