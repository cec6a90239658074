package org.tcplab.scenarios.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

import org.junit.jupiter.api.Test;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.tcp.internal.TcpEngine;

/** The benchmark's pieces run and give figures (tiny sizes: this checks the code, it measures nothing). */
class BenchTest {

    @Test
    void everyTcplabMeasureRunsAndGivesAPositiveFigure() {
        Bench b = new Bench(TcpEngine.of(new LinuxPolicy()), "linux");
        assertTrue(b.simBulk(1 << 20) > 0);
        assertTrue(b.simHandshakes(50) > 0);
        assertTrue(b.heapPerIdleConnection(200, new ArrayList<>()) > 0);
    }

    /**
     * As root (CI) the kernel is measured in a namespace of its own with the loopback's offloads off, at two MTUs;
     * elsewhere in this JVM, and the report says the offloads were not turned off and why.
     */
    @Test
    void theKernelIsMeasuredWithOffloadsOffWhenRootAndTheReportSaysWhere() throws Exception {
        KernelSide.Figures k = KernelSide.measure(1 << 20, 20, 3);
        assertEquals(3, k.bulkGbps().length);
        assertEquals(3, k.connectsPerSecond().length);
        for (double f : k.bulkGbps()) {
            assertTrue(f > 0, k.where());
        }
        boolean root = Files.readString(Path.of("/proc/self/status")).matches("(?s).*\nUid:\\s+\\d+\\s+0\\s.*");
        if (root) {
            assertNull(KernelSide.whyNoNamespace(), "root, yet no namespace could be made");
            assertTrue(k.where().contains("TSO, GSO and GRO off"), k.where());
            assertEquals(3, k.bulkMtu1500Gbps().length);
        } else {
            System.err.println("NOT ROOT: the kernel side is measured without a namespace; offloads stay as they are");
            assertTrue(k.where().contains("NOT off"), k.where());
            assertEquals(0, k.bulkMtu1500Gbps().length);
        }
    }

    @Test
    void theReportGivesMediansRatiosAndEveryRound() {
        Bench.Figures f = new Bench.Figures(new double[] {3, 1, 2}, new double[] {10_000, 30_000, 20_000},
                new KernelSide.Figures("here", new double[] {4, 4, 8}, new double[] {1, 2, 1},
                        new double[] {1000, 2000, 3000}), 5, 6);
        String report = Bench.report(f);
        assertTrue(report.contains("tcplab over the simulated link (MTU 1500)    2.00   kernel loopback    4.00   ratio 0.50x"), report);
        assertTrue(report.contains("kernel loopback at MTU 1500    1.00   ratio 2.00x"), report);
        assertTrue(report.contains("20000          kernel loopback    2000   ratio 10.00x"), report);
        assertTrue(report.contains("rounds: tcplab bulk 3.00 1.00 2.00 | kernel bulk 4.00 4.00 8.00"), report);
        assertEquals(2.5, Bench.median(new double[] {4, 1, 2, 3}));
    }
}
