package org.tcplab.scenarios;

import static org.tcplab.scenarios.Figures.assertFigure;
import static org.tcplab.scenarios.Figures.run;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 793 figures 7 to 14, each run on the simulated network under both policies and compared line by line
 * with the figure as printed (../shared/reference/rfc793-figures.txt). Where our ladder is not the figure
 * word for word, the comment above the line says why. Notation: the figures' comments where a state goes
 * ({@code (??)}, {@code (!!)}, {@code (Abort!!)}, {@code (return to LISTEN!)}) become the real state;
 * {@code <DATA>} is written {@code <DATA=n>} before CTL, as in figure 11.
 */
class RfcFigureTest {

    @ParameterizedTest(name = "figure 7 under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void figure7BasicThreeWayHandshake(String policy) {
        assertFigure(run("fig7", policy),
                "  1.  CLOSED                                               LISTEN",
                "  2.  SYN-SENT    --> <SEQ=100><CTL=SYN>               --> SYN-RECEIVED",
                "  3.  ESTABLISHED <-- <SEQ=300><ACK=101><CTL=SYN,ACK>  <-- SYN-RECEIVED",
                "  4.  ESTABLISHED --> <SEQ=101><ACK=301><CTL=ACK>       --> ESTABLISHED",
                "  5.  ESTABLISHED --> <SEQ=101><ACK=301><DATA=10><CTL=ACK> --> ESTABLISHED",
                // Not in the figure, which stops at the data: B acknowledges it.
                "  6.  ESTABLISHED <-- <SEQ=301><ACK=111><CTL=ACK>       <-- ESTABLISHED");
    }

    @ParameterizedTest(name = "figure 8 under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void figure8SimultaneousOpenWithRfc9293sLine7(String policy) {
        assertFigure(run("fig8", policy),
                "  1.  CLOSED                                           CLOSED",
                "  2.  SYN-SENT     --> <SEQ=100><CTL=SYN>              ...",
                "  3.  SYN-RECEIVED <-- <SEQ=300><CTL=SYN>              <-- SYN-SENT",
                // The figure's lines 4 and 5 in the other order: a real TCP answers B's SYN at once, so A's
                // SYN,ACK leaves before A's own SYN has reached B.
                "  4.  SYN-RECEIVED --> <SEQ=100><ACK=301><CTL=SYN,ACK> ...",
                "  5.               ... <SEQ=100><CTL=SYN>              --> SYN-RECEIVED",
                "  6.  ESTABLISHED  <-- <SEQ=300><ACK=101><CTL=SYN,ACK> <-- SYN-RECEIVED",
                // RFC 9293's corrected line 7: what B receives is A's SYN,ACK.
                "  7.               ... <SEQ=100><ACK=301><CTL=SYN,ACK> --> ESTABLISHED");
    }

    @ParameterizedTest(name = "figure 9 under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void figure9RecoveryFromOldDuplicateSyn(String policy) {
        assertFigure(run("fig9", policy),
                "  1.  CLOSED                                               LISTEN",
                "  2.  SYN-SENT    --> <SEQ=100><CTL=SYN>               ...",
                "  3.  (duplicate) ... <SEQ=90><CTL=SYN>               --> SYN-RECEIVED",
                "  4.  SYN-SENT    <-- <SEQ=300><ACK=91><CTL=SYN,ACK>  <-- SYN-RECEIVED",
                "  5.  SYN-SENT    --> <SEQ=91><CTL=RST>               --> LISTEN",
                "  6.              ... <SEQ=100><CTL=SYN>               --> SYN-RECEIVED",
                // The figure says SYN-SENT here: the state before the segment arrives. RFC 793's own reading key
                // (the state AFTER the segment) gives ESTABLISHED, as line 8 of the figure then shows.
                "  7.  ESTABLISHED <-- <SEQ=400><ACK=101><CTL=SYN,ACK>  <-- SYN-RECEIVED",
                "  8.  ESTABLISHED --> <SEQ=101><ACK=401><CTL=ACK>      --> ESTABLISHED");
    }

    @ParameterizedTest(name = "figure 10 under {0}")
    @ValueSource(strings = {"linux"})
    void figure10HalfOpenDiscoveryAsDrawnWhenTheSynDrawsAnAck(String policy) {
        assertFigure(run("fig10", policy),
                "  1.  (CRASH)                               (send 300,receive 100)",
                "  2.  CLOSED                                           ESTABLISHED",
                // (??): B is ESTABLISHED; Linux answers the SYN with a challenge ACK (RFC 5961 4.2), which is
                // exactly the figure's line 4.
                "  3.  SYN-SENT --> <SEQ=400><CTL=SYN>              --> ESTABLISHED",
                "  4.  SYN-SENT <-- <SEQ=300><ACK=100><CTL=ACK>     <-- ESTABLISHED",
                "  5.  SYN-SENT --> <SEQ=100><CTL=RST>              --> CLOSED",
                // Line 6 (B CLOSED) is the state line 5 already shows; line 7 is A's SYN retransmitted (RTO 1 s),
                // which now meets B's listener and opens a new connection.
                "  6.  SYN-SENT --> <SEQ=400><CTL=SYN>              --> SYN-RECEIVED",
                "  7.  ESTABLISHED <-- <SEQ=299><ACK=401><CTL=SYN,ACK> <-- SYN-RECEIVED",
                "  8.  ESTABLISHED --> <SEQ=401><ACK=300><CTL=ACK>     --> ESTABLISHED");
    }

    /**
     * RFC 793 strict differs from the figure, by the RFC's own text: SEQ=400 lies inside B's receive window
     * (RCV.NXT = 100, RCV.WND = 64 KiB), and a SYN in the window is "an error, send a reset" (RFC 793 p. 71).
     * The reset answers a segment without ACK: {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>}, which A in
     * SYN-SENT accepts (its ACK is SND.NXT). The figure assumes a SYN outside the window.
     */
    @ParameterizedTest(name = "figure 10 under {0}")
    @ValueSource(strings = {"rfc793"})
    void figure10UnderRfc793AnInWindowSynResetsBothSides(String policy) {
        Run r = run("fig10", policy);
        assertFigure(r,
                "  1.  (CRASH)                               (send 300,receive 100)",
                "  2.  CLOSED                                           ESTABLISHED",
                "  3.  SYN-SENT --> <SEQ=400><CTL=SYN>              --> CLOSED",
                "  4.  CLOSED   <-- <SEQ=0><ACK=401><CTL=RST,ACK>   <-- CLOSED");
        org.junit.jupiter.api.Assertions.assertTrue(
                r.ladder().lines().contains("* B asks policy rfc793: synInSynchronizedState -> RESET"), r.text());
    }

    @ParameterizedTest(name = "figure 11 under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void figure11ActiveSideCausesHalfOpenDiscovery(String policy) {
        Run r = run("fig11", policy);
        assertFigure(r,
                "  1.  (CRASH)                                   (send 300,receive 100)",
                // (??): A has no connection; its column says CLOSED.
                "  2.  CLOSED <-- <SEQ=300><ACK=100><DATA=10><CTL=ACK> <-- ESTABLISHED",
                // (ABORT!!): B is CLOSED.
                "  3.  CLOSED --> <SEQ=100><CTL=RST>                   --> CLOSED");
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("ECONNRESET"), r.results("B", "recv"));
    }

    @ParameterizedTest(name = "figure 12 under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void figure12OldDuplicateSynResetsTwoPassiveSockets(String policy) {
        // Z = 100, X = 300.
        assertFigure(run("fig12", policy),
                "  1.  LISTEN                                        LISTEN",
                "  2.       ... <SEQ=100><CTL=SYN>                -->  SYN-RECEIVED",
                // (??): A is a listener; a listener answers any ACK with <SEQ=SEG.ACK><CTL=RST>.
                "  3.  LISTEN <-- <SEQ=300><ACK=101><CTL=SYN,ACK>   <--  SYN-RECEIVED",
                // (return to LISTEN!)
                "  4.  LISTEN --> <SEQ=101><CTL=RST>              -->  LISTEN",
                "  5.  LISTEN                                        LISTEN");
    }

    @ParameterizedTest(name = "figure 13 under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void figure13NormalClose(String policy) {
        assertFigure(run("fig13", policy),
                "  1.  ESTABLISHED                                          ESTABLISHED",
                "  2.  (Close)",
                "      FIN-WAIT-1  --> <SEQ=100><ACK=300><CTL=FIN,ACK>  --> CLOSE-WAIT",
                "  3.  FIN-WAIT-2  <-- <SEQ=300><ACK=101><CTL=ACK>      <-- CLOSE-WAIT",
                "  4.                                                       (Close)",
                "      TIME-WAIT   <-- <SEQ=300><ACK=101><CTL=FIN,ACK>  <-- LAST-ACK",
                "  5.  TIME-WAIT   --> <SEQ=101><ACK=301><CTL=ACK>      --> CLOSED",
                "  6.  (2 MSL)",
                "      CLOSED");
    }

    /**
     * The figure draws the crossing FINs and ACKs loosely, three segments to a line; the ladder gives each
     * departure and arrival its own line, in the order they happen. Same segments, same SEQ/ACK values, same
     * states: FIN-WAIT-1, CLOSING, TIME-WAIT, CLOSED on both sides.
     */
    @ParameterizedTest(name = "figure 14 under {0}")
    @ValueSource(strings = {"rfc793", "linux"})
    void figure14SimultaneousClose(String policy) {
        assertFigure(run("fig14", policy),
                "  1.  ESTABLISHED                                          ESTABLISHED",
                "  2.  (Close)                                              (Close)",
                "      FIN-WAIT-1  --> <SEQ=100><ACK=300><CTL=FIN,ACK>  ...",
                "  3.              ... <SEQ=300><ACK=100><CTL=FIN,ACK>  <-- FIN-WAIT-1",
                "  4.              ... <SEQ=100><ACK=300><CTL=FIN,ACK>  --> CLOSING",
                "  5.              ... <SEQ=301><ACK=101><CTL=ACK>      <-- CLOSING",
                "  6.  CLOSING     <-- <SEQ=300><ACK=100><CTL=FIN,ACK>  ...",
                "  7.  CLOSING     --> <SEQ=101><ACK=301><CTL=ACK>      ...",
                "  8.  TIME-WAIT   <-- <SEQ=301><ACK=101><CTL=ACK>      ...",
                "  9.              ... <SEQ=101><ACK=301><CTL=ACK>      --> TIME-WAIT",
                " 10.  TIME-WAIT                                            TIME-WAIT",
                " 11.  (2 MSL)                                              (2 MSL)",
                "      CLOSED                                               CLOSED");
    }
}
