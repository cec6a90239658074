package org.tcplab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tcplab.link.sim.WireEvent;

/**
 * Every scenario's {@code --pcap} file read by tshark: no warning about the file, one frame per datagram sent,
 * nothing malformed, every TCP checksum good. Fails when tshark is missing (.ci/test installs it).
 */
class PcapTsharkTest {

    @Test
    void tsharkReadsEveryScenariosCaptureWithoutAWordOfComplaint(@TempDir Path dir) throws Exception {
        for (Scenario s : Catalog.all()) {
            Run r = Runner.run(s, Stacks.STACK, "linux", 1);
            Path f = dir.resolve(s.name() + ".pcap");
            assertEquals(java.util.Optional.empty(), r.writePcap(f));
            long sent = r.wire().stream().filter(e -> e instanceof WireEvent.Sent).count();
            Process p = new ProcessBuilder("tshark", "-n", "-r", f.toString(), "-o", "tcp.check_checksum:TRUE",
                    "-T", "fields", "-e", "frame.number", "-e", "_ws.malformed", "-e", "tcp.checksum.status").start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark finished");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), s.name() + ": " + err);
            List<String> complaints = err.lines().filter(l -> !l.startsWith("Running as user")).toList();
            assertEquals(List.of(), complaints, s.name());
            List<String> frames = out.lines().toList();
            assertEquals(sent, frames.size(), s.name() + ":\n" + out);
            for (String frame : frames) {
                String[] f3 = frame.split("\t", -1);
                assertEquals("", f3[1], s.name() + " frame " + f3[0] + " malformed");
                assertTrue(f3[2].isEmpty() || f3[2].equals("1"), s.name() + " frame " + f3[0] + " checksum " + f3[2]);
            }
        }
    }
}
