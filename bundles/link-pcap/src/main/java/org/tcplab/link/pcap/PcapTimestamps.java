package org.tcplab.link.pcap;

import java.time.Instant;
import java.util.function.LongSupplier;

/** Timestamp sources for {@link PcapTapLink}: nanoseconds since 1970-01-01T00:00:00Z. */
public final class PcapTimestamps {

    private PcapTimestamps() {
    }

    /**
     * The monotonic clock ({@link System#nanoTime()}) anchored once to the calendar when this is called: the
     * capture shows real dates, and timestamps never go back even if the system clock is stepped.
     */
    public static LongSupplier wallClock() {
        Instant now = Instant.now();
        long originNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        long originMono = System.nanoTime();
        return () -> originNanos + (System.nanoTime() - originMono);
    }

    /**
     * A clock that counts nanoseconds from an arbitrary origin (tcplab's {@code Clock::nanos}, virtual or
     * monotonic), written as if its origin were {@code epochNanos}. With {@code epochNanos = 0} a virtual clock
     * starting at 0 writes the same bytes in every run.
     */
    public static LongSupplier offset(LongSupplier nanos, long epochNanos) {
        return () -> epochNanos + nanos.getAsLong();
    }
}
