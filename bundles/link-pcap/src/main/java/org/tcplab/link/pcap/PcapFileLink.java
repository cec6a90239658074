package org.tcplab.link.pcap;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.tcplab.api.link.Link;
import org.tcplab.api.link.LinkListener;

/**
 * A read-only link that feeds the datagrams of a capture file to a host, in file order. It is a source, not a
 * network: nothing answers what the host sends, and it runs no thread and keeps no time. Whoever drives the
 * replay calls {@link #deliverNext()} (or {@link #deliverAll()}) and can read each record's timestamp
 * ({@link #peek()}) to schedule it, on a virtual clock or a real one.
 *
 * <p>Datagrams are delivered as they are in the file, even when longer than {@link #mtu()}: the capture is the
 * truth being replayed. {@link #send} accepts everything; it records the datagram if a writer was given, and
 * counts it either way ({@link #sent()}).
 *
 * <p>Threads: one thread drives the replay; {@link #send}, {@link #attach} and {@link #detach} may come from
 * others. A listener borrows each datagram until it returns, as {@link LinkListener} says; the record returned by
 * {@code deliverNext} is the caller's.
 */
public final class PcapFileLink implements Link, AutoCloseable {

    private final String name;
    private final int mtu;
    private final PcapReader capture;
    private final PcapWriter sentTo;
    private final LongSupplier sentTimestamps;
    private volatile LinkListener listener;
    private PcapRecord pending;
    private long delivered;
    private long undelivered;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sentNotRecorded = new AtomicLong();

    /** A replay of {@code capture} whose sent datagrams are only counted. The link owns the reader. */
    public PcapFileLink(String name, int mtu, PcapReader capture) {
        this(name, mtu, capture, null, null);
    }

    /**
     * A replay of {@code capture} that records what the host sends into {@code sentTo}, stamped by
     * {@code sentTimestamps} (nanoseconds since 1970). The link owns the reader, not the writer.
     */
    public PcapFileLink(String name, int mtu, PcapReader capture, PcapWriter sentTo, LongSupplier sentTimestamps) {
        if (name == null || capture == null || (sentTo == null) != (sentTimestamps == null)) {
            throw new NullPointerException("name and capture are required; sentTo and sentTimestamps go together");
        }
        if (mtu < 68) {
            throw new IllegalArgumentException("an IPv4 link's MTU is at least 68, not " + mtu);
        }
        this.name = name;
        this.mtu = mtu;
        this.capture = capture;
        this.sentTo = sentTo;
        this.sentTimestamps = sentTimestamps;
    }

    /** Opens {@code path} for replay; fails with the reader's error (unreadable, not pcap, ...). */
    public static PcapResult<PcapFileLink> open(String name, int mtu, Path path) {
        PcapResult<PcapReader> opened = PcapReader.open(path);
        if (opened instanceof PcapResult.Failed<PcapReader> f) {
            return new PcapResult.Failed<>(f.error());
        }
        return new PcapResult.Ok<>(new PcapFileLink(name, mtu, opened.orElseThrow()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public void attach(LinkListener listener) {
        this.listener = listener;
    }

    @Override
    public void detach() {
        this.listener = null;
    }

    @Override
    public boolean send(ByteBuffer datagram) {
        sent.incrementAndGet();
        if (sentTo != null && !sentTo.write(sentTimestamps.getAsLong(), datagram)) {
            sentNotRecorded.incrementAndGet();
        }
        return true;
    }

    /** The next record to be delivered, without delivering it; empty at the end (see {@link #error()}). */
    public Optional<PcapRecord> peek() {
        if (pending == null) {
            pending = capture.next().orElse(null);
        }
        return Optional.ofNullable(pending);
    }

    /**
     * Delivers the next datagram to the attached listener and returns its record; with no listener attached
     * the record is consumed and counted as undelivered. Empty at the end of the capture.
     */
    public Optional<PcapRecord> deliverNext() {
        Optional<PcapRecord> next = peek();
        pending = null;
        next.ifPresent(record -> {
            LinkListener l = listener;
            if (l == null) {
                undelivered++;
            } else {
                delivered++;
                l.received(record.datagram().duplicate());
            }
        });
        return next;
    }

    /** Delivers everything that is left; returns how many records that was. */
    public long deliverAll() {
        long n = 0;
        while (deliverNext().isPresent()) {
            n++;
        }
        return n;
    }

    /** The capture's file header. */
    public PcapHeader header() {
        return capture.header();
    }

    /** Why the capture stopped before its end, once it has; empty while replaying and after a clean end. */
    public Optional<PcapError> error() {
        return capture.error();
    }

    /** Records skipped because they held no IPv4 datagram. */
    public long skipped() {
        return capture.skipped();
    }

    /** Datagrams handed to a listener. */
    public long delivered() {
        return delivered;
    }

    /** Records consumed while no listener was attached. */
    public long undelivered() {
        return undelivered;
    }

    /** Datagrams the host sent into this link. */
    public long sent() {
        return sent.get();
    }

    /** Sent datagrams the writer could not record (see its status). */
    public long sentNotRecorded() {
        return sentNotRecorded.get();
    }

    /** Closes the capture file (not the writer). */
    @Override
    public void close() {
        capture.close();
    }

    @Override
    public String toString() {
        return "PcapFileLink[" + name + "]";
    }
}
