package org.tcplab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tcplab.scenarios.Figures.assertFigure;
import static org.tcplab.scenarios.Figures.assertFigureStartsWith;
import static org.tcplab.scenarios.Figures.run;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stories of the two seed documents, under both policies, with the segments and the errno sequence the
 * application sees written out; where the policies differ, each gets its own test.
 */
class SeedStoryTest {

    @ParameterizedTest(name = "under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void aSegmentForNoSocketIsAnsweredAsTcpV4SendResetDoesAndARstNeverIs(String policy) {
        Run r = run("no-socket", policy);
        assertFigure(r,
                "1. CLOSED CLOSED",
                // Without ACK: <SEQ=0><ACK=SEG.SEQ+SYN+FIN+LEN><CTL=RST,ACK>; A's connect is refused.
                "2. SYN-SENT --> <SEQ=100><CTL=SYN> --> CLOSED",
                "3. CLOSED <-- <SEQ=0><ACK=101><CTL=RST,ACK> <-- CLOSED",
                // With ACK: <SEQ=SEG.ACK><CTL=RST>.
                "4. (stray) ... <SEQ=5000><ACK=7000><CTL=ACK> --> CLOSED",
                "5. CLOSED <-- <SEQ=7000><CTL=RST> <-- CLOSED",
                // SYN and FIN and 5 bytes all count: 9000 + 1 + 1 + 5.
                "6. (stray) ... <SEQ=9000><DATA=5><CTL=SYN,FIN> --> CLOSED",
                "7. CLOSED <-- <SEQ=0><ACK=9007><CTL=RST,ACK> <-- CLOSED",
                // A RST is never answered (and A's no-socket path does not answer the RSTs above either).
                "8. (stray) ... <SEQ=1><CTL=RST> --> CLOSED");
        assertEquals(List.of("ok(ECONNREFUSED)"), r.results("A", "getsockopt"));
    }

    @ParameterizedTest(name = "under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void writingToAVanishedPeerGivesOkThenEconnresetThenEpipe(String policy) {
        Run r = run("vanished-peer", policy);
        assertFigure(r,
                "1. ESTABLISHED ESTABLISHED",
                "2. (process gone)",
                "ESTABLISHED --> <SEQ=100><ACK=300><DATA=5><CTL=ACK> --> CLOSED",
                "3. CLOSED <-- <SEQ=300><CTL=RST> <-- CLOSED");
        assertEquals(List.of("ok(5)", "ECONNRESET", "EPIPE"), r.results("A", "send"));
        assertEquals(List.of("0 (end of stream)"), r.results("A", "recv"));
    }

    @ParameterizedTest(name = "under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void theMobileAppWhoseFinWasLostLearnsOnlyWhenItWrites(String policy) {
        Run r = run("mobile-lost-fin", policy);
        List<String> lines = r.ladder().figureLines().stream().map(Figures::fold).toList();
        assertTrue(lines.contains("XXX <SEQ=300><ACK=100><CTL=FIN,ACK> <-- FIN-WAIT-1"), r.text());
        assertTrue(lines.contains("ESTABLISHED --> <SEQ=100><ACK=300><DATA=5><CTL=ACK> --> CLOSED"),
                "A still believes in the connection when it comes back:\n" + r.text());
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("CLOSED <-- <SEQ=300><CTL=RST> <-- CLOSED")), r.text());
        assertEquals(List.of("ok(5)", "ECONNRESET", "EPIPE"), r.results("A", "send"));
    }

    @ParameterizedTest(name = "under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void aListenerIgnoresAForgedRstAnswersAStrayAckWithRstAndStillAccepts(String policy) {
        Run r = run("listener", policy);
        assertFigure(r,
                "1. CLOSED LISTEN",
                "2. (forged) ... <SEQ=12345><CTL=RST> --> LISTEN",
                "3. (stray) ... <SEQ=500><ACK=777><CTL=ACK> --> LISTEN",
                "4. CLOSED <-- <SEQ=777><CTL=RST> <-- LISTEN",
                "5. CLOSED LISTEN",
                "6. SYN-SENT --> <SEQ=100><CTL=SYN> --> SYN-RECEIVED",
                "7. ESTABLISHED <-- <SEQ=300><ACK=101><CTL=SYN,ACK> <-- SYN-RECEIVED",
                "8. ESTABLISHED --> <SEQ=101><ACK=301><CTL=ACK> --> ESTABLISHED");
        assertTrue(r.ladder().lines().stream().anyMatch(l -> l.startsWith("* B drops ") && l.endsWith(": TCP_RESET")),
                "the listener drops the RST, counted as TCP_RESET:\n" + r.text());
        assertEquals(1, r.results("B", "accept").size());
        assertTrue(r.results("B", "accept").get(0).startsWith("ok("));
    }

    @ParameterizedTest(name = "under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void udpToAClosedPortDrawsPortUnreachableAndAConnectedSenderSeesEconnrefusedOnce(String policy) {
        Run r = run("udp-closed-port", policy);
        assertFigure(r,
                "1. --> <UDP 40000>9999><DATA=5> -->",
                "2. <-- <ICMP port unreachable> <--",
                "3. --> <UDP 40000>9999><DATA=5> -->",
                "4. <-- <ICMP port unreachable> <--");
        assertEquals(List.of("ok(5)", "ECONNREFUSED", "ok(5)"), r.results("A", "send"));
        assertEquals(List.of("ECONNREFUSED"), r.results("A", "recv"));
    }

    @ParameterizedTest(name = "under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void udpToAFilteredHostMeetsSilence(String policy) {
        Run r = run("udp-filtered", policy);
        assertFigure(r,
                "1. --> <UDP 40000>9999><DATA=5> -->",
                "2. --> <UDP 40000>9999><DATA=5> -->",
                "3. --> <UDP 40000>9999><DATA=5> -->");
        assertEquals(List.of("ok(5)", "ok(5)", "ok(5)"), r.results("A", "send"));
        assertEquals(List.of("EAGAIN"), r.results("A", "recv"));
    }

    private static void assertRstInCloseWait(Run r) {
        assertFigure(r,
                "1. ESTABLISHED ESTABLISHED",
                "2. (Close)",
                "CLOSE-WAIT <-- <SEQ=300><ACK=100><CTL=FIN,ACK> <-- FIN-WAIT-1",
                "3. CLOSE-WAIT --> <SEQ=100><ACK=301><CTL=ACK> --> FIN-WAIT-2",
                "4. (process gone)",
                "CLOSE-WAIT --> <SEQ=100><ACK=301><DATA=5><CTL=ACK> --> CLOSED",
                "5. CLOSED <-- <SEQ=301><CTL=RST> <-- CLOSED");
    }

    @ParameterizedTest(name = "under {0}")
    @ValueSource(strings = {"rfc793"})
    void aRstInCloseWaitGivesEconnresetUnderRfc793(String policy) {
        Run r = run("rst-close-wait", policy);
        assertRstInCloseWait(r);
        assertEquals(List.of("ok(5)", "ECONNRESET", "EPIPE"), r.results("A", "send"));
    }

    /** Linux tcp_reset(): {@code case TCP_CLOSE_WAIT: sk->sk_err = EPIPE}. */
    @ParameterizedTest(name = "under {0}")
    @ValueSource(strings = {"linux"})
    void aRstInCloseWaitGivesEpipeUnderLinux(String policy) {
        Run r = run("rst-close-wait", policy);
        assertRstInCloseWait(r);
        assertEquals(List.of("ok(5)", "EPIPE", "EPIPE"), r.results("A", "send"));
    }

    @ParameterizedTest(name = "under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void aRstInTimeWaitAssassinatesItWithRfc1337Off(String policy) {
        Run r = run("timewait-assassination", policy);
        assertFigure(r,
                "1. TIME-WAIT CLOSED",
                "2. CLOSED <-- <SEQ=301><CTL=RST> ...",
                "3. CLOSED CLOSED",
                "4. (2 MSL)",
                "CLOSED");
        assertTrue(r.ladder().lines().contains("* A asks policy " + policy + ": rstInTimeWait -> CLOSE"), r.text());
    }

    @ParameterizedTest(name = "under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void aRstInTimeWaitIsIgnoredWithRfc1337On(String policy) {
        Run r = run("timewait-rfc1337", policy);
        assertFigure(r,
                "1. TIME-WAIT CLOSED",
                "2. TIME-WAIT <-- <SEQ=301><CTL=RST> ...",
                "3. TIME-WAIT CLOSED",
                "4. (2 MSL)",
                "CLOSED");
        assertTrue(r.ladder().lines().contains("* A asks policy " + policy + "+rfc1337: rstInTimeWait -> IGNORE"),
                r.text());
    }

    @ParameterizedTest(name = "under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void aSocketConnectedToItselfOpensSimultaneouslyWithItselfAndReadsWhatItWrote(String policy) {
        Run r = run("connect-to-self", policy);
        assertFigure(r,
                "1. CLOSED CLOSED",
                "2. SYN-SENT --> <SEQ=100><CTL=SYN> --> SYN-RECEIVED",
                "3. SYN-RECEIVED --> <SEQ=100><ACK=101><CTL=SYN,ACK> --> ESTABLISHED",
                "4. ESTABLISHED --> <SEQ=101><ACK=101><DATA=5><CTL=ACK> --> ESTABLISHED",
                "5. ESTABLISHED --> <SEQ=106><ACK=106><CTL=ACK> --> ESTABLISHED");
        assertEquals(List.of("ok(5 bytes)"), r.results("A", "recv"));
    }

    /** A's pure ACKs in the ladder: the sends of <SEQ=..><ACK=300><CTL=ACK>, whether they arrived yet or not. */
    private static long acksFromA(Run r) {
        return r.ladder().figureLines().stream().map(Figures::fold)
                .filter(l -> l.matches("\\d+\\. ESTABLISHED --> <SEQ=10[05]><ACK=300><CTL=ACK> (-->|\\.\\.\\.).*")).count();
    }

    @ParameterizedTest(name = "under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void aForgedSegmentDesynchronizesTheConnection(String policy) {
        Run r = run("ack-storm", policy);
        assertFigureStartsWith(r,
                "1. ESTABLISHED ESTABLISHED",
                "2. (forged) ... <SEQ=100><ACK=300><DATA=10><CTL=ACK> --> ESTABLISHED",
                "3. ESTABLISHED <-- <SEQ=300><ACK=110><CTL=ACK> <-- ESTABLISHED",
                "4. ESTABLISHED --> <SEQ=100><ACK=300><CTL=ACK> --> ESTABLISHED");
        // A's own data are old at B now: dropped, never delivered.
        assertTrue(r.ladder().lines().stream().map(Figures::fold)
                .anyMatch(l -> l.equals("* B drops <SEQ=100><ACK=300><DATA=5><CTL=ACK>: TCP_INVALID_SEQUENCE")), r.text());
    }

    @ParameterizedTest(name = "under {0}")
    @ValueSource(strings = {"rfc793"})
    void underRfc793EachAckIsAnsweredWithAnAckForEver(String policy) {
        Run r = run("ack-storm", policy);
        // One ACK from A per 20 ms round trip for the 100 ms before it writes (5), then two loops, the bare
        // ACK's and the data's, for 50 ms (4): 9 in all, and no end in sight.
        assertEquals(9, acksFromA(r), r.text());
        List<String> lines = r.ladder().figureLines().stream().map(Figures::fold).toList();
        assertTrue(lines.get(lines.size() - 2).contains("<SEQ=300><ACK=110><CTL=ACK>"), "still going at the end:\n" + r.text());
    }

    @ParameterizedTest(name = "under {0}")
    @ValueSource(strings = {"linux"})
    void underLinuxTheRateLimitedChallengeAckEndsTheStorm(String policy) {
        Run r = run("ack-storm", policy);
        // Three ACKs of unsent data reach A (B's answer to the forgery, to the challenge ACK, to A's data): the
        // first draws a challenge ACK, the others, within 500 ms of it, nothing.
        assertEquals(3, r.ladder().lines().stream().map(Figures::fold)
                .filter(l -> l.equals("* A asks policy linux: ackOutsideWindow -> DROP_AND_ACK")).count(), r.text());
        assertEquals(1, acksFromA(r), r.text());
    }

    @ParameterizedTest(name = "under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void fragmentationNeededMakesTheSegmentsShrinkAndEverythingArrives(String policy) {
        Run r = run("path-mtu", policy);
        assertFigureStartsWith(r,
                "1. ESTABLISHED ESTABLISHED",
                // 1460 bytes of data: a 1500-byte datagram on a 1000-byte path. Nagle holds the 540-byte rest.
                "2. ESTABLISHED --> <SEQ=100><ACK=300><DATA=1460><CTL=ACK> XXX",
                "3. <-- <ICMP unreachable code=4> <--",
                "4. ESTABLISHED --> <SEQ=100><ACK=300><DATA=960><CTL=ACK> ...",
                "5. ESTABLISHED --> <SEQ=1060><ACK=300><DATA=960><CTL=ACK> ...");
        assertEquals(List.of("ok(2000 bytes)"), r.results("B", "recv"));
    }

    @ParameterizedTest(name = "under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void aPathMtuBlackHoleSwallowsTheSegmentAndEveryRetransmission(String policy) {
        Run r = run("pmtu-black-hole", policy);
        List<String> lines = r.ladder().figureLines().stream().map(Figures::fold).toList();
        long lost = lines.stream().filter(l -> l.endsWith("<SEQ=100><ACK=300><DATA=1460><CTL=ACK> XXX")).count();
        assertEquals(lines.size() - 1, lost, "nothing but the big segment, lost again and again:\n" + r.text());
        assertTrue(lost >= 3, r.text());
        assertEquals(List.of("EAGAIN"), r.results("B", "recv"));
    }
}
