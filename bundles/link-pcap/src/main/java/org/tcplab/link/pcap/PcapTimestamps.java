package org.tcplab.link.pcap;

import java.time.Instant;
import java.util.function.LongSupplier;

import org.tcplab.api.host.Clock;

/**
 * Timestamp sources for {@link PcapTapLink} and {@link PcapFileLink}: nanoseconds since 1970-01-01T00:00:00Z.
 * Use {@link #of(Clock)} with the host's clock.
 */
public final class PcapTimestamps {

    private PcapTimestamps() {
    }

    /**
     * The timestamps of a host's {@link Clock}. A virtual clock is written as it is, so its 0 is
     * 1970-01-01T00:00:00Z and a simulated run writes the same bytes every time; any other clock is anchored to
     * the calendar once, now, so a capture of real traffic shows real dates and never goes back.
     */
    public static LongSupplier of(Clock clock) {
        if (clock.isVirtual()) {
            return clock::nanos;
        }
        Instant now = Instant.now();
        long originNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        long originClock = clock.nanos();
        return () -> originNanos + (clock.nanos() - originClock);
    }

    /**
     * The monotonic clock ({@link System#nanoTime()}) anchored once to the calendar when this is called: the
     * capture shows real dates, and timestamps never go back even if the system clock is stepped.
     */
    public static LongSupplier wallClock() {
        return of(Clock.monotonic());
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
