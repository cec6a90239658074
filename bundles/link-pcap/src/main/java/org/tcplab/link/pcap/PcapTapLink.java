package org.tcplab.link.pcap;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.tcplab.api.link.Link;
import org.tcplab.api.link.LinkListener;

/**
 * A pcap tap around any {@link Link}: every datagram the host sends through it and every datagram the link
 * delivers from it is recorded, then passed on unchanged (same buffer, same position and limit, same bytes).
 *
 * <p>The tap never alters, delays or drops traffic because of the capture: a write that fails (the file system
 * is full, the writer was closed, even a bug in the time source) is counted in {@link #failures()}, its first
 * reason kept in {@link #firstFailure()}, and the datagram goes on. A datagram is recorded before it is passed
 * on, so a reply produced within the same call appears after it; a sent datagram is recorded even if the link
 * then refuses it ({@code send} returns false): the capture shows what the host offered.
 *
 * <p>The tap does not own the writer: several taps may share one (it is thread-safe), and whoever created it
 * closes it. Name and MTU are the wrapped link's. Threads: whatever the wrapped link uses; the tap adds no
 * thread and no lock of its own besides the writer's.
 */
public final class PcapTapLink implements Link {

    private final Link link;
    private final PcapWriter writer;
    private final LongSupplier timestampNanos;
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    /**
     * @param link           the link to wrap
     * @param writer         where records go
     * @param timestampNanos the time of each record, nanoseconds since 1970-01-01T00:00:00Z (a virtual clock's
     *                       {@code nanos}, or {@link PcapTimestamps#wallClock()})
     */
    public PcapTapLink(Link link, PcapWriter writer, LongSupplier timestampNanos) {
        if (link == null || writer == null || timestampNanos == null) {
            throw new NullPointerException("link, writer and timestampNanos are required");
        }
        this.link = link;
        this.writer = writer;
        this.timestampNanos = timestampNanos;
    }

    @Override
    public String name() {
        return link.name();
    }

    @Override
    public int mtu() {
        return link.mtu();
    }

    @Override
    public void attach(LinkListener listener) {
        link.attach(datagram -> {
            record(datagram);
            listener.received(datagram);
        });
    }

    @Override
    public void detach() {
        link.detach();
    }

    @Override
    public boolean send(ByteBuffer datagram) {
        record(datagram);
        return link.send(datagram);
    }

    private void record(ByteBuffer datagram) {
        boolean ok;
        String reason = null;
        try {
            ok = writer.write(timestampNanos.getAsLong(), datagram);
            if (!ok) {
                reason = writer.status().failure().map(PcapError::message).orElse("the writer is closed");
            }
        } catch (RuntimeException e) {
            // A tap must not take traffic down with it, not even for a bug: count it and keep it visible.
            ok = false;
            reason = e.toString();
        }
        if (ok) {
            recorded.incrementAndGet();
        } else {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, reason);
        }
    }

    /** The wrapped link. */
    public Link link() {
        return link;
    }

    /** The writer records go to. */
    public PcapWriter writer() {
        return writer;
    }

    /** Datagrams handed to the writer (they reach the file at the writer's next chunk, flush or close). */
    public long recorded() {
        return recorded.get();
    }

    /** Datagrams that passed but could not be recorded. */
    public long failures() {
        return failures.get();
    }

    /** Why the first datagram could not be recorded. */
    public Optional<String> firstFailure() {
        return Optional.ofNullable(firstFailure.get());
    }

    @Override
    public String toString() {
        return "PcapTapLink[" + link.name() + " -> " + writer + "]";
    }
}
