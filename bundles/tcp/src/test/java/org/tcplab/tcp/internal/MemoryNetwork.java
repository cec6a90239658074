package org.tcplab.tcp.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.host.VirtualClock;
import org.tcplab.api.link.Link;
import org.tcplab.api.link.LinkListener;
import org.tcplab.api.policy.RstPolicy;

/**
 * The minimal in-memory network for tests: hosts on one virtual clock, joined by point-to-point links with a
 * fixed delay and a seeded loss rate. The driver jumps the clock to the next delivery or host timer; nothing
 * sleeps. Everything runs on the test's thread.
 */
final class MemoryNetwork {

    final VirtualClock clock = new VirtualClock();
    private final PriorityQueue<Delivery> inFlight = new PriorityQueue<>();
    private final List<Host> hosts = new ArrayList<>();
    private long order;

    private record Delivery(long at, long order, MemoryLink to, byte[] bytes) implements Comparable<Delivery> {
        @Override
        public int compareTo(Delivery o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(order, o.order);
        }
    }

    /** One end of a link. {@code drop} decides, per datagram sent, whether it is lost. */
    final class MemoryLink implements Link {
        private final String name;
        MemoryLink peer;
        long delay;
        double loss;
        Random random;
        Function<ByteBuffer, Boolean> filter = b -> true;
        private LinkListener listener;
        final List<byte[]> sent = new ArrayList<>();
        boolean record;

        MemoryLink(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int mtu() {
            return 1500;
        }

        @Override
        public void attach(LinkListener l) {
            listener = l;
        }

        @Override
        public void detach() {
            listener = null;
        }

        @Override
        public boolean send(ByteBuffer datagram) {
            byte[] copy = new byte[datagram.remaining()];
            datagram.duplicate().get(copy);
            if (record) {
                sent.add(copy);
            }
            if (!filter.apply(ByteBuffer.wrap(copy).asReadOnlyBuffer())) {
                return true;
            }
            if (loss > 0 && random.nextDouble() < loss) {
                return true; // lost on the wire: the sender cannot tell
            }
            inFlight.add(new Delivery(clock.nanos() + delay, order++, peer, copy));
            return true;
        }

        /** Hands bytes to this end's host as if they came off the wire. */
        void inject(byte[] bytes) {
            if (listener != null) {
                listener.received(ByteBuffer.wrap(bytes).asReadOnlyBuffer());
            }
        }
    }

    /** A link between two new ends, delay each way, loss rate per datagram from a seeded Random. */
    MemoryLink[] link(Duration delay, double loss, long seed) {
        MemoryLink a = new MemoryLink("a");
        MemoryLink b = new MemoryLink("b");
        a.peer = b;
        b.peer = a;
        a.delay = b.delay = delay.toNanos();
        a.loss = b.loss = loss;
        Random r = new Random(seed);
        a.random = r;
        b.random = r;
        return new MemoryLink[] {a, b};
    }

    Host host(TcpEngine engine, HostConfig.Builder builder) {
        Host h = engine.newHost(builder.clock(clock).build());
        hosts.add(h);
        return h;
    }

    static TcpEngine engine(RstPolicy... policies) {
        return TcpEngine.of(policies);
    }

    /** Runs until nothing is left to do or {@code limit} of virtual time has passed. */
    void run(Duration limit) {
        runUntil(() -> false, limit);
    }

    /** Runs until {@code done} holds (checked after every step) or {@code limit} has passed; returns done. */
    boolean runUntil(BooleanSupplier done, Duration limit) {
        long end = clock.nanos() + limit.toNanos();
        for (Host h : hosts) {
            h.poll();
        }
        while (!done.getAsBoolean()) {
            long next = Long.MAX_VALUE;
            if (!inFlight.isEmpty()) {
                next = inFlight.peek().at;
            }
            for (Host h : hosts) {
                next = Math.min(next, h.pollAt());
            }
            if (next == Long.MAX_VALUE || next > end) {
                clock.advanceTo(Math.max(clock.nanos(), end));
                for (Host h : hosts) {
                    h.poll();
                }
                return done.getAsBoolean();
            }
            clock.advanceTo(Math.max(clock.nanos(), next));
            while (!inFlight.isEmpty() && inFlight.peek().at <= clock.nanos()) {
                Delivery d = inFlight.poll();
                d.to.inject(d.bytes);
            }
            for (Host h : hosts) {
                h.poll();
            }
        }
        return true;
    }
}
