package org.tcplab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs as a whole: every scenario runs, runs are deterministic, outputs are well formed. */
class RunTest {

    @Test
    void everyScenarioRunsUnderBothPoliciesAndTheSameSeedGivesTheSameRunByteForByte() {
        Set<String> names = new HashSet<>();
        for (Scenario s : Catalog.all()) {
            assertTrue(names.add(s.name()), "one scenario per name: " + s.name());
            assertFalse(s.description().isBlank());
            for (String policy : new String[] {"rfc793", "linux"}) {
                Run one = Runner.run(s, Stacks.STACK, policy, 42);
                Run two = Runner.run(s, Stacks.STACK, policy, 42);
                assertFalse(one.ladder().rows().isEmpty(), s.name());
                assertEquals(one.text(), two.text(), s.name());
                assertEquals(one.json(), two.json(), s.name());
            }
        }
        assertTrue(names.size() >= 18);
    }

    @Test
    void anUnknownPolicyIsOneClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Runner.run(Catalog.byName("fig7").orElseThrow(), Stacks.STACK, "bsd", 1));
        assertTrue(e.getMessage().startsWith("no policy called 'bsd' is installed; installed: linux, rfc793"),
                e.getMessage());
    }

    @Test
    void sideBySideMarksTheLinesWhereThePoliciesDiffer() {
        Run rfc = Figures.run("rst-close-wait", "rfc793");
        Run linux = Figures.run("rst-close-wait", "linux");
        String both = Ladder.sideBySide("rfc793", rfc.ladder(), "linux", linux.ladder());
        long marked = both.lines().filter(l -> l.startsWith("! ")).count();
        assertEquals(2, marked, both);
        assertTrue(both.lines().anyMatch(l -> l.startsWith("! ") && l.contains("ECONNRESET") && l.contains("EPIPE")),
                both);
        String same = Ladder.sideBySide("rfc793", Figures.run("fig7", "rfc793").ladder(), "linux",
                Figures.run("fig7", "linux").ladder());
        assertTrue(same.endsWith("(the two policies give the same ladder)"), same);
    }

    @Test
    void theSvgIsWellFormedAndDrawsEveryRow() throws Exception {
        Run r = Figures.run("fig9", "linux");
        String svg = Svg.of(r);
        org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertTrue(svg.contains("&lt;SEQ=90&gt;&lt;CTL=SYN&gt;"), "segments in RFC notation, escaped");
        assertTrue(svg.contains("(duplicate)"));
        long arrows = svg.lines().filter(l -> l.contains("marker-end")).count();
        assertEquals(6, arrows, "one arrowhead per arrival: lines 3 to 8 (line 2 is a departure only)");
    }

    @Test
    void theJsonHasTheRowsCallsAndWire() {
        String json = Figures.run("vanished-peer", "linux").json();
        assertTrue(json.startsWith("{\"scenario\":\"vanished-peer\",\"description\":"), json);
        assertTrue(json.contains("\"segment\":\"<SEQ=300><CTL=RST>\""), json);
        assertTrue(json.contains("{\"nanos\":"), json);
        assertTrue(json.contains("\"result\":\"ECONNRESET\""), json);
        assertTrue(json.endsWith("]}"), json);
    }

    @Test
    void thePcapHoldsEverySegmentSent(@TempDir Path dir) throws Exception {
        Run r = Figures.run("fig7", "linux");
        Path f = dir.resolve("fig7.pcap");
        assertEquals(java.util.Optional.empty(), r.writePcap(f));
        long sent = r.wire().stream().filter(e -> e instanceof org.tcplab.link.sim.WireEvent.Sent).count();
        long bytes = r.wire().stream().filter(e -> e instanceof org.tcplab.link.sim.WireEvent.Sent)
                .mapToLong(e -> 16 + e.bytes().length).sum();
        assertEquals(24 + bytes, Files.size(f), "file header + one record per datagram");
        assertEquals(5, sent, "SYN, SYN,ACK, ACK, data, ACK");
        assertTrue(r.writePcap(dir).isPresent(), "a directory is not a file: one clear message");
    }
}
