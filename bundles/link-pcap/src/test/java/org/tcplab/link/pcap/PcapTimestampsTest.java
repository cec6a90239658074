package org.tcplab.link.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;
import org.tcplab.api.host.Clock;
import org.tcplab.api.host.VirtualClock;

class PcapTimestampsTest {

    @Test
    void virtualClockIsWrittenAsItIsFrom1970() {
        VirtualClock clock = Clock.virtual();
        LongSupplier t = PcapTimestamps.of(clock);
        assertEquals(0, t.getAsLong());
        clock.advance(Duration.ofMillis(1500));
        assertEquals(1_500_000_000L, t.getAsLong());
    }

    @Test
    void monotonicClockIsAnchoredToTheCalendarAndMovesWithTheClock() {
        long[] nanos = {5_000};
        Clock fake = () -> nanos[0];
        long before = epochNanos();
        LongSupplier t = PcapTimestamps.of(fake);
        long after = epochNanos();
        long first = t.getAsLong();
        assertTrue(first >= before && first <= after, first + " not in " + before + ".." + after);
        nanos[0] += 42;
        assertEquals(first + 42, t.getAsLong());
    }

    @Test
    void wallClockIsNearNowAndNeverGoesBack() {
        LongSupplier t = PcapTimestamps.wallClock();
        long a = t.getAsLong();
        long b = t.getAsLong();
        assertTrue(b >= a);
        assertTrue(Math.abs(a - epochNanos()) < Duration.ofSeconds(5).toNanos());
    }

    @Test
    void offsetAddsTheOrigin() {
        assertEquals(1_000_000_007L, PcapTimestamps.offset(() -> 7, 1_000_000_000L).getAsLong());
    }

    @Test
    void twoSimulatedRunsThroughATapWriteTheSameBytes() {
        assertArrayEquals(simulatedRun(), simulatedRun());
    }

    private static byte[] simulatedRun() {
        VirtualClock clock = Clock.virtual();
        FakeLink link = new FakeLink();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = PcapWriter.to(out, "memory", PcapFormat.DEFAULT)) {
            PcapTapLink tap = new PcapTapLink(link, w, PcapTimestamps.of(clock));
            tap.attach(d -> { });
            byte[][] c = Packets.conversation();
            for (int i = 0; i < c.length; i++) {
                clock.advance(Duration.ofNanos(1_000_003L * (i + 1)));
                if (i % 2 == 0) {
                    tap.send(ByteBuffer.wrap(c[i]));
                } else {
                    link.inject(ByteBuffer.wrap(c[i]));
                }
            }
        }
        return out.toByteArray();
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
