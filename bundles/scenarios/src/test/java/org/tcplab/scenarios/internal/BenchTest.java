package org.tcplab.scenarios.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;

import org.junit.jupiter.api.Test;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.tcp.internal.TcpEngine;

/** The benchmark's pieces run and give figures (tiny sizes: this checks the code, it measures nothing). */
class BenchTest {

    @Test
    void everyMeasureRunsAndGivesAPositiveFigure() throws Exception {
        Bench b = new Bench(TcpEngine.of(new LinuxPolicy()), "linux");
        assertTrue(b.simBulk(1 << 20) > 0);
        assertTrue(b.simHandshakes(50) > 0);
        assertTrue(Bench.kernelBulk(1 << 20) > 0);
        assertTrue(Bench.kernelConnects(20) > 0);
        assertTrue(b.heapPerIdleConnection(200, new ArrayList<>()) > 0);
        String report = Bench.report(new Bench.Figures(1, 2, 3, 4, 5, 6));
        assertTrue(report.startsWith("bulk, MTU 1500:"), report);
    }
}
