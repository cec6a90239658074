package org.tcplab.link.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Seeded transfers over a network that loses, duplicates, reorders and corrupts datagrams both ways: every
 * byte arrives, unaltered, in order. {@code -Dtcplab.transfers=N} sets how many (default 300); the soak is
 * {@code mvn -pl bundles/link-sim test -Dtest=SeededTransferTest -Dtcplab.transfers=10000} (see README).
 */
class SeededTransferTest {

    static void impair(SimNetwork net, long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (SimPath p : net.both("A", "B")) {
            p.delay(Duration.ofMillis(1 + r.nextInt(20)))
                    .jitter(Duration.ofMillis(r.nextInt(5)))
                    .loss(r.nextDouble() * 0.10)
                    .duplicate(r.nextDouble() * 0.05)
                    .reorder(r.nextDouble() * 0.05, Duration.ofMillis(5 + r.nextInt(20)))
                    .corrupt(r.nextDouble() * 0.05);
        }
    }

    @Test
    void everyByteArrivesUnalteredUnderLossDuplicationReorderingAndCorruption() {
        int transfers = Integer.getInteger("tcplab.transfers", 300);
        List<String> failures = new ArrayList<>();
        long corrupted = 0;
        long duplicated = 0;
        long lost = 0;
        long bytes = 0;
        for (int i = 0; i < transfers; i++) {
            long seed = 1000 + i;
            int size = new SplittableRandom(seed).nextInt(1, 48 * 1024);
            Transfer.Outcome o = Transfer.run(seed, size, net -> impair(net, seed), null);
            if (!o.intact()) {
                failures.add("seed " + seed + " (" + size + " bytes): "
                        + (o.failure() != null ? o.failure() : "received " + o.received().length + " bytes, differing"));
            }
            corrupted += o.stats().corrupted();
            duplicated += o.stats().duplicated();
            lost += o.stats().dropped().getOrDefault(WireDrop.LOSS, 0L);
            bytes += size;
        }
        assertEquals(List.of(), failures, failures.size() + " of " + transfers + " transfers failed");
        // The impairments really happened.
        assertTrue(corrupted > 0 && duplicated > 0 && lost > 0, "corrupted " + corrupted + ", duplicated " + duplicated + ", lost " + lost);
        System.out.printf("%d transfers, %d bytes, 0 lost or altered; the network lost %d, duplicated %d, corrupted %d datagrams%n",
                transfers, bytes, lost, duplicated, corrupted);
    }
}
