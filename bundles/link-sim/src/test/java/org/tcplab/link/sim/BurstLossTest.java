package org.tcplab.link.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.tcplab.wire.Datagram;

/**
 * A bulk transfer (1 MiB buffers, 10 ms round trip) that loses a burst of 50 consecutive data segments: after the
 * third duplicate ACK the sender retransmits the first hole (RFC 5681 3.2), then one segment per partial ACK
 * (NewReno, RFC 6582 3.2 step 5); the retransmission timer, reset only for the first partial ACK (the Impatient
 * variant), ends a burst longer than an RTO's worth of round trips, and the resending after it starts from one
 * segment (RFC 5681 3.1 loss window), so what the receiver holds out of order is not sent again.
 */
class BurstLossTest {

    static final int SIZE = 1 << 20;
    static final int LOST = 50;
    static final long RTT = Duration.ofMillis(10).toNanos();

    static Transfer.Outcome transfer(int burst) {
        int[] seen = {0};
        // The data segments A sends, counted from the first; 50 in a row from the 200th are lost.
        Predicate<Datagram> burstOfData = d -> Match.tcpData().test(d) && seen[0]++ >= 200;
        return Transfer.run(7, SIZE, net -> {
            for (SimPath p : net.both("A", "B")) {
                p.delay(Duration.ofNanos(RTT / 2));
            }
            if (burst > 0) {
                net.path("A", "B").drop(burstOfData, burst, "lose " + burst + " data segments in a row");
            }
        }, null, b -> b.sendBuffer(1 << 20).receiveBuffer(1 << 20));
    }

    @Test
    void aBurstOf50LostSegmentsIsRepairedWithinOneRtoAndFewRoundTrips() {
        Transfer.Outcome clean = transfer(0);
        Transfer.Outcome lossy = transfer(LOST);
        assertTrue(clean.intact() && lossy.intact(), lossy.failure());
        assertEquals(LOST, lossy.stats().dropped().get(WireDrop.FILTER));
        long timeouts = lossy.senderCounters().get("TcpExt.TCPTimeouts");
        long retransmitted = lossy.senderCounters().get("Tcp.RetransSegs");
        long extra = lossy.virtualNanos() - clean.virtualNanos();
        String what = "timeouts " + timeouts + ", segments retransmitted " + retransmitted + ", "
                + extra / 1_000_000 + " ms longer than without loss";
        assertTrue(timeouts <= 1, what);
        assertTrue(retransmitted >= LOST && retransmitted <= LOST + 10, what);
        long minRto = Duration.ofMillis(200).toNanos();
        assertTrue(extra <= minRto + 12 * RTT, what);
        System.out.println("burst of " + LOST + " lost: " + what);
    }
}
