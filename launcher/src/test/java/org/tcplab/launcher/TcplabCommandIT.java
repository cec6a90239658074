package org.tcplab.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The {@code ./tcplab} command as a user runs it: a new process each time, its output and exit status. */
class TcplabCommandIT {

    private static final Path ROOT = Path.of(System.getProperty("tcplab.root", "..")).toAbsolutePath().normalize();

    record Result(int status, String out, String err) {
    }

    private static Result tcplab(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("tcplab").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        // Maven has just built the launcher and its bundle set (this runs after package): no nested build.
        builder.environment().put("TCPLAB_SKIP_BUILD", "1");
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("./tcplab " + String.join(" ", args) + " did not exit within 60 s");
        }
        return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void lbListsEveryBundleOfTheSetActiveAndExitsZero() throws Exception {
        Result lb = tcplab("", "lb");
        assertEquals(0, lb.status(), lb.err());
        long bundles;
        try (Stream<Path> jars = Files.list(ROOT.resolve("launcher/bundle"))) {
            bundles = jars.filter(p -> p.toString().endsWith(".jar")).count();
        }
        long active = lb.out().lines().filter(l -> l.matches("\\s*\\d+\\|Active\\s*\\|.*")).count();
        assertEquals(bundles + 1, active, "every bundle and the system bundle Active:\n" + lb.out());
        assertTrue(lb.out().contains("tcplab tcp"), lb.out());
    }

    @Test
    void anUnknownCommandPrintsOneClearLineAndExitsTwo() throws Exception {
        Result r = tcplab("", "no-such-command", "x");
        assertEquals(2, r.status());
        assertEquals("tcplab: unknown command 'no-such-command'; ./tcplab --help lists the commands",
                r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void aCommandGivenBadArgumentsExitsOneWithGogosMessage() throws Exception {
        Result r = tcplab("", "tcplab:policies", "unexpected-argument");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("tcplab: tcplab:policies: Cannot coerce policies("), r.err());
    }

    @Test
    void helpListsTheTcplabCommands() throws Exception {
        Result r = tcplab("", "--help");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("usage: ./tcplab"), r.out());
        assertTrue(r.out().contains("\ntcplab:\n"), r.out());
        assertTrue(r.out().contains("  policies"), r.out());
    }

    @Test
    void aCommandResultIsPrinted() throws Exception {
        Result r = tcplab("", "tcplab:policy");
        assertEquals(0, r.status(), r.err());
        assertEquals("default policy: linux {challengeAckLimit=off, invalidRateLimitMs=500, rfc1337=false}"
                + "  (the best-ranked)", r.out().strip());
    }

    @Test
    void policySwitchesTheDefaultInPlaceAndRefusesAnUnknownName() throws Exception {
        Result pinned = tcplab("", "tcplab:policy", "rfc793");
        assertEquals(0, pinned.status(), pinned.err());
        assertEquals("default policy: rfc793  (pinned: org.tcplab.tcp policy.target=(name=rfc793))",
                pinned.out().strip());
        Result unknown = tcplab("", "tcplab:policy", "nosuch");
        assertEquals(1, unknown.status());
        assertEquals("tcplab: tcplab:policy: no policy 'nosuch'; installed: linux, rfc793 (or auto)",
                unknown.err().strip());
    }

    @Test
    void theShellRunsWhatItReadsAndEndOfInputLeavesCleanly() throws Exception {
        Result r = tcplab("tcplab:policies\n", new String[0]);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("linux") && r.out().contains("rfc793"), r.out());
        assertTrue(r.out().contains("gosh: stopping shell and framework"), r.out());
    }

    @Test
    void runFig7PrintsTheLadderOfRfc793Figure7AndExitsZero() throws Exception {
        Result r = tcplab("", "run", "fig7");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("fig7 (policy linux, seed 1): RFC 793 figure 7"), r.out());
        assertTrue(r.out().contains("  2.  SYN-SENT    --> <SEQ=100><CTL=SYN>"), r.out());
        assertTrue(r.out().contains("  3.  ESTABLISHED <-- <SEQ=300><ACK=101><CTL=SYN,ACK>"), r.out());
    }

    @Test
    void runWithABadOptionOrAnUnknownScenarioSaysSoAndExitsOne() throws Exception {
        Result bad = tcplab("", "run", "fig7", "--policy", "bsd");
        assertEquals(1, bad.status());
        assertEquals("tcplab: run: --policy bsd: accepted are rfc793, linux or both", bad.err().strip());
        Result unknown = tcplab("", "run", "fig99");
        assertEquals(1, unknown.status());
        assertEquals("tcplab: run: no scenario called 'fig99'; ./tcplab scenarios lists them", unknown.err().strip());
    }
}
