package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tcplab.api.host.Counter;
import org.tcplab.api.host.DropReason;
import org.tcplab.api.host.RstReason;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.policy.rfc793.internal.Rfc793Policy;

/**
 * The state machine, segment by segment, in the manner of RFC 9293 §3.10: one nested class per state, a fixture
 * that reaches the state through the machine itself, and "exactly these segments, then nothing". We are TCP A
 * (10.0.0.1:1000, ISS 100); the peer is TCP B (10.0.0.2:80, ISS 300), as in the RFC 793 figures. Where the
 * policies differ, both answers are written out.
 */
class ConnectionTest {

    static final Endpoint A = Endpoint.of("10.0.0.1", 1000);
    static final Endpoint B = Endpoint.of("10.0.0.2", 80);
    static final long MS = 1_000_000L;
    static final long S = 1_000 * MS;

    static final RstPolicy RFC793 = new Rfc793Policy();
    static final RstPolicy LINUX = new LinuxPolicy();

    static Stream<RstPolicy> policies() {
        return Stream.of(RFC793, LINUX);
    }

    final Recorder fx = new Recorder();
    ConnConfig cfg;
    Connection conn;
    RstPolicy policy = LINUX;
    long now;

    @BeforeEach
    void config() {
        cfg = new ConnConfig();
    }

    // --- the language of the tests ---------------------------------------------------------------------------

    /** A segment from B arrives. */
    void in(String rfc) {
        conn.segmentArrives(Rfc.seg(B.port(), A.port(), rfc), now, policy, fx);
    }

    /** Exactly these segments went out since the last look, then nothing. */
    void expect(String... segments) {
        assertEquals(List.of(segments), fx.sentText());
        fx.sent.clear();
    }

    void expectNothing() {
        expect();
    }

    void at(long t) {
        now = t;
        if (conn.nextDeadline() <= now) {
            conn.timeout(now, policy, fx);
        }
    }

    void send(String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(b.length, conn.userSend(b, 0, b.length, now, fx));
    }

    String read() {
        return new String(conn.userRead(1 << 20, now, fx), StandardCharsets.US_ASCII);
    }

    // --- fixtures, one per state -----------------------------------------------------------------------------

    void synSent(long iss) {
        conn = new Connection(A, B, cfg);
        conn.open(iss, now, fx);
        fx.clear();
    }

    /** SYN at 0, SYN,ACK at 100 ms: SRTT 100 ms, RTO 300 ms. B offers a window of 1000 and an MSS of 1000. */
    void established() {
        synSent(100);
        now = 100 * MS;
        in("<SEQ=300><ACK=101><CTL=SYN,ACK><MSS=1000>");
        assertEquals(TcpState.ESTABLISHED, conn.state);
        fx.clear();
    }

    void synReceivedPassive() {
        conn = new Connection(A, B, cfg);
        conn.openPassive(Rfc.seg(B.port(), A.port(), "<SEQ=300><CTL=SYN><MSS=1000>"), 100, now, policy, fx);
        fx.clear();
    }

    void finWait1() {
        established();
        conn.userClose(false, now, policy, fx);
        assertEquals(List.of("<SEQ=101><ACK=301><CTL=FIN,ACK>"), fx.sentText());
        fx.clear();
    }

    void finWait2() {
        finWait1();
        in("<SEQ=301><ACK=102><CTL=ACK>");
        fx.clear();
    }

    void closeWait() {
        established();
        in("<SEQ=301><ACK=101><CTL=FIN,ACK>");
        fx.clear();
    }

    void closing() {
        finWait1();
        in("<SEQ=301><ACK=101><CTL=FIN,ACK>");
        fx.clear();
    }

    void lastAck() {
        closeWait();
        conn.userClose(false, now, policy, fx);
        fx.clear();
    }

    void timeWait() {
        finWait2();
        in("<SEQ=301><ACK=102><CTL=FIN,ACK>");
        fx.clear();
    }

    // ---------------------------------------------------------------------------------------------------------

    @Nested
    class Closed {

        Segment reply(String rfc) {
            return NoSocket.replyTo(Rfc.seg(B.port(), A.port(), rfc));
        }

        @Test
        void segmentWithAckGetsRstAtSegAckWithPortsSwapped() {
            Segment rst = reply("<SEQ=300><ACK=100><CTL=ACK>");
            assertEquals("<SEQ=100><CTL=RST>", rst.toString());
            assertEquals(A.port(), rst.srcPort());
            assertEquals(B.port(), rst.dstPort());
        }

        @Test
        void segmentWithoutAckGetsRstAckAtSeqPlusSegLen() {
            assertEquals("<SEQ=0><ACK=401><CTL=RST,ACK>", reply("<SEQ=400><CTL=SYN>").toString());
        }

        @Test
        void synFinAndPayloadAllCountInTheAckOfTheReset() {
            // Linux: ack_seq = seq + syn + fin + payload length
            assertEquals("<SEQ=0><ACK=1007><CTL=RST,ACK>", reply("<SEQ=1000><DATA=5><CTL=SYN,FIN>").toString());
        }

        @Test
        void ackOfTheResetWrapsAroundTheSequenceSpace() {
            assertEquals("<SEQ=0><ACK=2><CTL=RST,ACK>", reply("<SEQ=4294967295><DATA=2><CTL=FIN>").toString());
        }

        @Test
        void rstIsNeverAnswered() {
            assertNull(reply("<SEQ=300><CTL=RST>"));
            assertNull(reply("<SEQ=300><ACK=100><CTL=RST,ACK>"));
            assertNull(reply("<SEQ=300><CTL=SYN,RST>"));
        }
    }

    @Nested
    class Listen {

        final Listener listener = new Listener(A, new ConnConfig(), 1);

        Listener.Verdict arrives(String rfc) {
            return listener.segmentArrives(Rfc.seg(B.port(), A.port(), rfc));
        }

        @Test
        void rstIsIgnored() {
            assertEquals(Listener.Verdict.IGNORE_RST, arrives("<SEQ=300><CTL=RST>"));
            assertEquals(Listener.Verdict.IGNORE_RST, arrives("<SEQ=300><ACK=5><CTL=RST,ACK>"));
        }

        @Test
        void ackIsAnsweredWithRst() {
            assertEquals(Listener.Verdict.RESET_ACK, arrives("<SEQ=300><ACK=100><CTL=ACK>"));
            assertEquals(Listener.Verdict.RESET_ACK, arrives("<SEQ=300><ACK=100><CTL=SYN,ACK>"));
        }

        @Test
        void synMakesANewConnectionWithinTheBacklog() {
            assertEquals(Listener.Verdict.NEW_CONNECTION, arrives("<SEQ=300><CTL=SYN>"));
        }

        @Test
        void synBeyondTheBacklogOverflows() {
            listener.embryonic = 1;
            listener.acceptQueue.add(new Connection(A, B, cfg));
            assertEquals(Listener.Verdict.OVERFLOW, arrives("<SEQ=300><CTL=SYN>"));
        }

        @Test
        void segmentWithoutSynAckOrRstIsDropped() {
            assertEquals(Listener.Verdict.DROP, arrives("<SEQ=300><DATA=3><CTL=PSH>"));
        }
    }

    @Nested
    class SynSent {

        @BeforeEach
        void fixture() {
            synSent(100);
        }

        @Test
        void openSendsSynWithMssAndWindowScale() {
            conn = new Connection(A, B, cfg);
            conn.open(100, now, fx);
            assertEquals(TcpState.SYN_SENT, conn.state);
            Segment syn = fx.sent.get(0);
            expect("<SEQ=100><CTL=SYN>");
            assertEquals(1460, syn.mss());
            assertEquals(2, syn.windowScale());
            assertEquals(1, fx.countOf(Counter.TCP_ACTIVE_OPENS));
        }

        @Test
        void synAckWithAcceptableAckEstablishesAndAcks() {
            in("<SEQ=300><ACK=101><CTL=SYN,ACK>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
            assertEquals(TcpState.ESTABLISHED, conn.state);
            assertEquals(301, conn.rcvNxt);
            assertEquals(101, conn.sndUna);
        }

        @Test
        void synAckWithUnacceptableAckGetsRstAtSegAckAndStaysInSynSent() {
            // RFC 793 figure 9, line 4-5: <SEQ=300><ACK=91><CTL=SYN,ACK> answered by <SEQ=91><CTL=RST>.
            in("<SEQ=300><ACK=91><CTL=SYN,ACK>");
            expect("<SEQ=91><CTL=RST>");
            assertEquals(List.of(RstReason.TCP_INVALID_ACK_SEQUENCE), fx.rstReasons);
            assertEquals(TcpState.SYN_SENT, conn.state);
        }

        @Test
        void ackAboveSndNxtGetsRst() {
            in("<SEQ=300><ACK=102><CTL=SYN,ACK>");
            expect("<SEQ=102><CTL=RST>");
        }

        @Test
        void bareAckOfAHalfOpenPeerGetsRstAtSegAck() {
            // RFC 793 figure 10, lines 3-5: A (ISS 400) gets B's <SEQ=300><ACK=100><CTL=ACK>.
            synSent(400);
            in("<SEQ=300><ACK=100><CTL=ACK>");
            expect("<SEQ=100><CTL=RST>");
            assertEquals(TcpState.SYN_SENT, conn.state);
        }

        @Test
        void rstWithUnacceptableAckIsDroppedWithoutAnswer() {
            in("<SEQ=0><ACK=91><CTL=RST,ACK>");
            expectNothing();
            assertEquals(TcpState.SYN_SENT, conn.state);
        }

        @ParameterizedTest
        @MethodSource("org.tcplab.tcp.internal.ConnectionTest#policies")
        void rstWithAcceptableAckRefusesTheConnection(RstPolicy p) {
            policy = p;
            in("<SEQ=0><ACK=101><CTL=RST,ACK>");
            expectNothing();
            assertEquals(TcpState.CLOSED, conn.state);
            assertEquals(Errno.ECONNREFUSED, conn.pendingError);
            assertEquals(1, fx.countOf(Counter.TCP_ATTEMPT_FAILS));
            assertEquals(1, fx.deleted);
        }

        @Test
        void rstWithoutAckIsDropped() {
            in("<SEQ=0><CTL=RST>");
            expectNothing();
            assertEquals(TcpState.SYN_SENT, conn.state);
        }

        @Test
        void crossedSynEntersSynReceivedAndSendsSynAck() {
            // RFC 793 figure 8, line 3: A in SYN-SENT gets B's <SEQ=300><CTL=SYN>.
            in("<SEQ=300><CTL=SYN>");
            expect("<SEQ=100><ACK=301><CTL=SYN,ACK>");
            assertEquals(TcpState.SYN_RECEIVED, conn.state);
        }

        @Test
        void segmentWithNeitherSynNorRstIsDropped() {
            in("<SEQ=300><DATA=2><CTL=PSH>");
            expectNothing();
            assertEquals(TcpState.SYN_SENT, conn.state);
        }

        @Test
        void finIsNotProcessedInSynSent() {
            // "Do not process the FIN if the state is CLOSED, LISTEN, or SYN-SENT since the SEG.SEQ cannot be
            // validated" -- without SYN or RST the segment is dropped.
            in("<SEQ=300><CTL=FIN>");
            expectNothing();
            assertEquals(TcpState.SYN_SENT, conn.state);
        }

        @Test
        void synIsRetransmittedWithExponentialBackoffThenTheConnectionTimesOut() {
            long[] retransmitAt = {1, 3, 7, 15, 31, 63};
            for (long t : retransmitAt) {
                at(t * S - 1);
                expectNothing();
                at(t * S);
                expect("<SEQ=100><CTL=SYN>");
            }
            at(127 * S);
            expectNothing();
            assertEquals(TcpState.CLOSED, conn.state);
            assertEquals(Errno.ETIMEDOUT, conn.pendingError);
        }

        @Test
        void windowScaleIsUsedOnlyWhenBothSynsCarryIt() {
            in("<SEQ=300><ACK=101><CTL=SYN,ACK><WND=1000><WS=3>");
            fx.clear();
            in("<SEQ=301><ACK=101><CTL=ACK><WND=1000>");
            assertEquals(8000, conn.sndWnd);
            assertEquals(2, conn.rcvWscale);
        }

        @Test
        void withoutTheirWindowScaleNeitherSideScales() {
            in("<SEQ=300><ACK=101><CTL=SYN,ACK><WND=1000>");
            assertEquals(0, conn.rcvWscale);
            assertEquals(0, conn.sndWscale);
        }
    }

    @Nested
    class SynReceived {

        @BeforeEach
        void fixture() {
            synReceivedPassive();
        }

        @Test
        void synFromListenIsAnsweredWithSynAck() {
            conn = new Connection(A, B, cfg);
            conn.openPassive(Rfc.seg(B.port(), A.port(), "<SEQ=300><CTL=SYN>"), 100, now, policy, fx);
            expect("<SEQ=100><ACK=301><CTL=SYN,ACK>");
            assertEquals(TcpState.SYN_RECEIVED, conn.state);
            assertEquals(1, fx.countOf(Counter.TCP_PASSIVE_OPENS));
        }

        @Test
        void synAckOfAPeerWithoutWindowScaleCarriesNoWindowScale() {
            conn = new Connection(A, B, cfg);
            conn.openPassive(Rfc.seg(B.port(), A.port(), "<SEQ=300><CTL=SYN>"), 100, now, policy, fx);
            assertEquals(-1, fx.sent.get(0).windowScale());
        }

        @Test
        void ackOfOurSynEstablishesAndGoesToTheAcceptQueue() {
            in("<SEQ=301><ACK=101><CTL=ACK>");
            expectNothing();
            assertEquals(TcpState.ESTABLISHED, conn.state);
            assertEquals(1, fx.established);
        }

        @Test
        void unacceptableAckGetsRstAtSegAck() {
            in("<SEQ=301><ACK=999><CTL=ACK>");
            expect("<SEQ=999><CTL=RST>");
            assertEquals(TcpState.SYN_RECEIVED, conn.state);
        }

        @ParameterizedTest
        @MethodSource("org.tcplab.tcp.internal.ConnectionTest#policies")
        void rstReturnsAPassiveConnectionToListenWithoutTellingAnyone(RstPolicy p) {
            // RFC 793 figure 9, line 5 at B: <SEQ=91><CTL=RST> --> LISTEN.
            policy = p;
            in("<SEQ=301><CTL=RST>");
            expectNothing();
            assertEquals(List.of("SYN-RECEIVED -> LISTEN"), fx.states);
            assertEquals(1, fx.deleted);
            assertNull(conn.pendingError);
        }

        @Test
        void retransmittedSynIsAnsweredWithTheSynAckAgain() {
            in("<SEQ=300><CTL=SYN>");
            expect("<SEQ=100><ACK=301><CTL=SYN,ACK>");
        }

        @Test
        void finWithTheAckOfOurSynEntersCloseWait() {
            in("<SEQ=301><ACK=101><CTL=FIN,ACK>");
            expect("<SEQ=101><ACK=302><CTL=ACK>");
            assertEquals(List.of("SYN-RECEIVED -> ESTABLISHED", "ESTABLISHED -> CLOSE-WAIT"), fx.states);
        }

        @Test
        void finWithoutAckIsDroppedInSynReceived() {
            in("<SEQ=301><CTL=FIN>");
            expectNothing();
            assertEquals(TcpState.SYN_RECEIVED, conn.state);
        }

        @Test
        void synAckIsRetransmittedFiveTimesThenTheConnectionGoesBackToListen() {
            long[] retransmitAt = {1, 3, 7, 15, 31};
            for (long t : retransmitAt) {
                at(t * S);
                expect("<SEQ=100><ACK=301><CTL=SYN,ACK>");
            }
            at(63 * S);
            expectNothing();
            assertEquals(List.of("SYN-RECEIVED -> LISTEN"), fx.states);
        }

        @ParameterizedTest
        @MethodSource("org.tcplab.tcp.internal.ConnectionTest#policies")
        void simultaneousOpenSynAckEstablishesWithoutAChallenge(RstPolicy p) {
            // RFC 793 figure 8 line 6 (RFC 9293 figure 7): A in SYN-RECEIVED gets <SEQ=300><ACK=101><CTL=SYN,ACK>.
            policy = p;
            synSent(100);
            in("<SEQ=300><CTL=SYN>");
            expect("<SEQ=100><ACK=301><CTL=SYN,ACK>");
            in("<SEQ=300><ACK=101><CTL=SYN,ACK>");
            expectNothing();
            assertEquals(TcpState.ESTABLISHED, conn.state);
            assertEquals(List.of(), fx.decisions);
        }

        @Test
        void rstAfterCrossedSynsRefusesTheConnectionUnderRfc793() {
            policy = RFC793;
            synSent(100);
            in("<SEQ=300><CTL=SYN>");
            expect("<SEQ=100><ACK=301><CTL=SYN,ACK>");
            in("<SEQ=301><CTL=RST>");
            assertEquals(TcpState.CLOSED, conn.state);
            assertEquals(Errno.ECONNREFUSED, conn.pendingError);
            assertEquals(List.of("rfc793.errnoForRstInActiveSynReceived=ECONNREFUSED"), fx.decisions);
        }

        @Test
        void rstAfterCrossedSynsResetsTheConnectionUnderLinux() {
            policy = LINUX;
            synSent(100);
            in("<SEQ=300><CTL=SYN>");
            expect("<SEQ=100><ACK=301><CTL=SYN,ACK>");
            in("<SEQ=301><CTL=RST>");
            assertEquals(TcpState.CLOSED, conn.state);
            assertEquals(Errno.ECONNRESET, conn.pendingError);
            assertEquals(List.of("linux.errnoForRstInActiveSynReceived=ECONNRESET"), fx.decisions);
        }

        @Test
        void dataOnACrossedSynIsQueuedAndDeliveredOnceEstablishedUnderRfc793() {
            policy = RFC793;
            synSent(100);
            in("<SEQ=300><DATA=\"hello\"><CTL=SYN>");
            // RCV.NXT stays at 301: the data waits for ESTABLISHED.
            expect("<SEQ=100><ACK=301><CTL=SYN,ACK>");
            assertEquals(List.of("rfc793.dataOnCrossedSyn=QUEUE"), fx.decisions);
            assertEquals("", read());
            in("<SEQ=300><ACK=101><CTL=SYN,ACK>");
            expect("<SEQ=101><ACK=306><CTL=ACK>");
            assertEquals(TcpState.ESTABLISHED, conn.state);
            assertEquals("hello", read());
        }

        @Test
        void dataOnACrossedSynIsDiscardedUnderLinuxAndTakenWhenSentAgain() {
            policy = LINUX;
            synSent(100);
            in("<SEQ=300><DATA=\"hello\"><CTL=SYN>");
            expect("<SEQ=100><ACK=301><CTL=SYN,ACK>");
            assertEquals(List.of("linux.dataOnCrossedSyn=DISCARD"), fx.decisions);
            in("<SEQ=300><ACK=101><CTL=SYN,ACK>");
            expectNothing();
            assertEquals("", read());
            in("<SEQ=301><ACK=101><DATA=\"hello\"><CTL=ACK>");
            expect("<SEQ=101><ACK=306><CTL=ACK>");
            assertEquals("hello", read());
        }

        void passiveOpenWith(String syn) {
            conn = new Connection(A, B, cfg);
            conn.openPassive(Rfc.seg(B.port(), A.port(), syn), 100, now, policy, fx);
        }

        @Test
        void dataOnASynToAListenerIsQueuedAndDeliveredOnceEstablishedUnderRfc793() {
            policy = RFC793;
            passiveOpenWith("<SEQ=300><DATA=\"hello\"><CTL=SYN>");
            // "queued for processing later": the SYN,ACK acknowledges the SYN only.
            expect("<SEQ=100><ACK=301><CTL=SYN,ACK>");
            assertEquals(List.of("rfc793.dataOnSynToListener=QUEUE"), fx.decisions);
            assertEquals("", read());
            in("<SEQ=301><ACK=101><CTL=ACK>");
            assertEquals(TcpState.ESTABLISHED, conn.state);
            expect("<SEQ=101><ACK=306><CTL=ACK>");
            assertEquals("hello", read());
        }

        @Test
        void dataOnASynToAListenerIsDiscardedUnderLinuxAndTakenWhenSentAgain() {
            policy = LINUX;
            passiveOpenWith("<SEQ=300><DATA=\"hello\"><CTL=SYN>");
            expect("<SEQ=100><ACK=301><CTL=SYN,ACK>");
            assertEquals(List.of("linux.dataOnSynToListener=DISCARD"), fx.decisions);
            in("<SEQ=301><ACK=101><CTL=ACK>");
            assertEquals(TcpState.ESTABLISHED, conn.state);
            expectNothing();
            assertEquals("", read());
            in("<SEQ=301><ACK=101><DATA=\"hello\"><CTL=ACK>");
            expect("<SEQ=101><ACK=306><CTL=ACK>");
            assertEquals("hello", read());
        }

        @ParameterizedTest
        @MethodSource("org.tcplab.tcp.internal.ConnectionTest#policies")
        void dataOnASynToAListenerSentAgainWithTheHandshakesAckIsTakenOnce(RstPolicy p) {
            policy = p;
            passiveOpenWith("<SEQ=300><DATA=\"hello\"><CTL=SYN>");
            expect("<SEQ=100><ACK=301><CTL=SYN,ACK>");
            in("<SEQ=301><ACK=101><DATA=\"hello\"><CTL=ACK>");
            assertEquals(TcpState.ESTABLISHED, conn.state);
            expect("<SEQ=101><ACK=306><CTL=ACK>");
            assertEquals("hello", read());
        }

        @ParameterizedTest
        @MethodSource("org.tcplab.tcp.internal.ConnectionTest#policies")
        void dataSentAgainWithTheCompletingSegmentIsTakenOnceWhateverThePolicy(RstPolicy p) {
            policy = p;
            synSent(100);
            in("<SEQ=300><DATA=\"hello\"><CTL=SYN>");
            expect("<SEQ=100><ACK=301><CTL=SYN,ACK>");
            in("<SEQ=300><ACK=101><DATA=\"hello\"><CTL=SYN,ACK>");
            assertEquals(TcpState.ESTABLISHED, conn.state);
            expect("<SEQ=101><ACK=306><CTL=ACK>");
            assertEquals("hello", read());
        }

        @Test
        void connectToSelfEstablishesThroughSimultaneousOpen() {
            Connection self = new Connection(A, A, cfg);
            conn = self;
            conn.open(100, now, fx);
            Segment syn = fx.sent.remove(0);
            conn.segmentArrives(syn, now, policy, fx);
            Segment synAck = fx.sent.remove(0);
            assertEquals("<SEQ=100><ACK=101><CTL=SYN,ACK>", synAck.toString());
            conn.segmentArrives(synAck, now, policy, fx);
            expectNothing();
            assertEquals(TcpState.ESTABLISHED, conn.state);
        }
    }

    @Nested
    class Established {

        @BeforeEach
        void fixture() {
            established();
        }

        @Test
        void rtoFollowsRfc6298FromTheHandshakeSample() {
            assertEquals(300 * MS, conn.rto);
        }

        @Test
        void inOrderDataIsAckedAndReadable() {
            in("<SEQ=301><ACK=101><DATA=\"hello\"><CTL=ACK>");
            expect("<SEQ=101><ACK=306><CTL=ACK>");
            assertEquals("hello", read());
        }

        @Test
        void outOfOrderDataIsQueuedUntilTheHoleIsFilled() {
            in("<SEQ=306><ACK=101><DATA=\"world\"><CTL=ACK>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
            assertEquals("", read());
            in("<SEQ=301><ACK=101><DATA=\"hello\"><CTL=ACK>");
            expect("<SEQ=101><ACK=311><CTL=ACK>");
            assertEquals("helloworld", read());
            assertEquals(1, fx.countOf(Counter.TCP_EXT_OFO_QUEUE));
        }

        @Test
        void overlappingRetransmissionDeliversOnlyTheNewBytes() {
            in("<SEQ=301><ACK=101><DATA=\"hel\"><CTL=ACK>");
            in("<SEQ=301><ACK=101><DATA=\"hello\"><CTL=ACK>");
            expect("<SEQ=101><ACK=304><CTL=ACK>", "<SEQ=101><ACK=306><CTL=ACK>");
            assertEquals("hello", read());
        }

        @ParameterizedTest
        @MethodSource("org.tcplab.tcp.internal.ConnectionTest#policies")
        void segmentBelowTheWindowIsAnsweredWithAnAck(RstPolicy p) {
            policy = p;
            in("<SEQ=200><ACK=101><DATA=5><CTL=ACK>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
            assertEquals("", read());
        }

        @Test
        void dataBeyondTheWindowIsTrimmedToIt() {
            conn.rcvAdvRight = Seq.add(conn.rcvNxt, 3);
            in("<SEQ=301><ACK=101><DATA=\"hello\"><CTL=ACK>");
            assertEquals("hel", read());
        }

        @ParameterizedTest
        @MethodSource("org.tcplab.tcp.internal.ConnectionTest#policies")
        void rstAtRcvNxtResetsWithEconnreset(RstPolicy p) {
            policy = p;
            in("<SEQ=301><CTL=RST>");
            expectNothing();
            assertEquals(TcpState.CLOSED, conn.state);
            assertEquals(Errno.ECONNRESET, conn.pendingError);
            assertEquals(1, fx.countOf(Counter.TCP_ESTAB_RESETS));
            assertTrue(conn.sendShutdown && conn.rcvShutdown);
        }

        @Test
        void rstInWindowNotExactResetsUnderRfc793() {
            policy = RFC793;
            in("<SEQ=400><CTL=RST>");
            expectNothing();
            assertEquals(TcpState.CLOSED, conn.state);
            assertEquals(List.of("rfc793.rstInWindowNotExact=RESET"), fx.decisions);
        }

        @Test
        void rstInWindowNotExactDrawsAChallengeAckUnderLinux() {
            policy = LINUX;
            in("<SEQ=400><CTL=RST>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
            assertEquals(TcpState.ESTABLISHED, conn.state);
            assertEquals(1, fx.countOf(Counter.TCP_EXT_CHALLENGE_ACK));
            assertEquals(List.of("linux.rstInWindowNotExact=CHALLENGE_ACK"), fx.decisions);
        }

        @Test
        void challengeAcksAreLimitedToOnePerHalfSecondPerSocket() {
            in("<SEQ=400><CTL=RST>");
            now += 499 * MS;
            in("<SEQ=401><CTL=RST>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
            assertEquals(1, fx.countOf(Counter.TCP_EXT_ACK_SKIPPED_CHALLENGE));
            now += MS;
            in("<SEQ=402><CTL=RST>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
        }

        @Test
        void theIntervalBetweenChallengeAcksIsThePolicysInvalidRateLimit() {
            LinuxPolicy unthrottled = new LinuxPolicy();
            assertEquals(List.of(), unthrottled.apply(Map.of("invalidRateLimitMs", 0)));
            policy = unthrottled;
            in("<SEQ=400><CTL=RST>");
            in("<SEQ=401><CTL=RST>");
            expect("<SEQ=101><ACK=301><CTL=ACK>", "<SEQ=101><ACK=301><CTL=ACK>");
            assertEquals(0, fx.countOf(Counter.TCP_EXT_ACK_SKIPPED_CHALLENGE));
        }

        @Test
        void aSpentHostWideBudgetSilencesTheChallengeAckAndCountsNothing() {
            // Linux tcp_send_challenge_ack: no counter betrays the host-wide limit (CVE-2016-5696).
            fx.hostChallengeAcks = 0;
            in("<SEQ=400><CTL=RST>");
            expectNothing();
            assertEquals(TcpState.ESTABLISHED, conn.state);
            assertEquals(0, fx.countOf(Counter.TCP_EXT_CHALLENGE_ACK));
            assertEquals(0, fx.countOf(Counter.TCP_EXT_ACK_SKIPPED_CHALLENGE));
        }

        /** RCV.NXT + RCV.WND, the first sequence number past the receive window. */
        long rightEdge() {
            return Seq.add(conn.rcvNxt, conn.rcvWnd());
        }

        @Test
        void rstAtTheRightEdgeOfTheWindowIsOutsideAndDroppedUnderRfc793() {
            policy = RFC793;
            in("<SEQ=" + rightEdge() + "><CTL=RST>");
            expectNothing();
            assertEquals(TcpState.ESTABLISHED, conn.state);
            assertEquals(List.of("rfc793.segmentAtRightEdge=OUTSIDE"), fx.decisions);
        }

        @Test
        void rstAtTheRightEdgeOfTheWindowIsInsideAndDrawsAChallengeAckUnderLinux() {
            policy = LINUX;
            in("<SEQ=" + rightEdge() + "><CTL=RST>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
            assertEquals(TcpState.ESTABLISHED, conn.state);
            assertEquals(List.of("linux.segmentAtRightEdge=INSIDE", "linux.rstInWindowNotExact=CHALLENGE_ACK"),
                    fx.decisions);
        }

        @ParameterizedTest
        @MethodSource("org.tcplab.tcp.internal.ConnectionTest#policies")
        void rstOneBeyondTheRightEdgeIsDroppedWithoutAskingThePolicy(RstPolicy p) {
            policy = p;
            in("<SEQ=" + Seq.add(rightEdge(), 1) + "><CTL=RST>");
            expectNothing();
            assertEquals(TcpState.ESTABLISHED, conn.state);
            assertEquals(List.of(), fx.decisions);
        }

        @ParameterizedTest
        @MethodSource("org.tcplab.tcp.internal.ConnectionTest#policies")
        void rstOutsideTheWindowIsDroppedSilently(RstPolicy p) {
            policy = p;
            in("<SEQ=100000><CTL=RST>");
            expectNothing();
            assertEquals(TcpState.ESTABLISHED, conn.state);
            assertEquals(List.of(), fx.decisions);
        }

        @Test
        void synInTheWindowResetsUnderRfc793() {
            policy = RFC793;
            in("<SEQ=350><CTL=SYN>");
            expect("<SEQ=0><ACK=351><CTL=RST,ACK>");
            assertEquals(TcpState.CLOSED, conn.state);
            assertEquals(Errno.ECONNRESET, conn.pendingError);
        }

        @Test
        void synInTheWindowDrawsAChallengeAckUnderLinux() {
            policy = LINUX;
            in("<SEQ=350><CTL=SYN>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
            assertEquals(TcpState.ESTABLISHED, conn.state);
            assertEquals(1, fx.countOf(Counter.TCP_EXT_SYN_CHALLENGE));
        }

        @Test
        void synOutsideTheWindowGetsAnAckUnderRfc793() {
            policy = RFC793;
            in("<SEQ=90000><CTL=SYN>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
            assertEquals(List.of("rfc793.synInSynchronizedState=ACK"), fx.decisions);
            assertEquals(0, fx.countOf(Counter.TCP_EXT_CHALLENGE_ACK));
        }

        @Test
        void synOutsideTheWindowDrawsAChallengeAckUnderLinux() {
            policy = LINUX;
            in("<SEQ=90000><CTL=SYN>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
            assertEquals(1, fx.countOf(Counter.TCP_EXT_CHALLENGE_ACK));
        }

        @Test
        void ackOfUnsentDataIsAckedAndDroppedUnderRfc793() {
            policy = RFC793;
            in("<SEQ=301><ACK=5000><DATA=5><CTL=ACK>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
            assertEquals("", read());
            assertEquals(0, fx.countOf(Counter.TCP_EXT_CHALLENGE_ACK));
        }

        @Test
        void ackOfUnsentDataDrawsARateLimitedChallengeAckUnderLinux() {
            policy = LINUX;
            in("<SEQ=301><ACK=5000><DATA=5><CTL=ACK>");
            in("<SEQ=301><ACK=5000><DATA=5><CTL=ACK>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
            assertEquals("", read());
            assertEquals(1, fx.countOf(Counter.TCP_EXT_CHALLENGE_ACK));
        }

        @Test
        void aBareSegmentOutsideTheWindowIsAnsweredEveryTimeUnderRfc793() {
            policy = RFC793;
            in("<SEQ=200><ACK=101><CTL=ACK>");
            in("<SEQ=200><ACK=101><CTL=ACK>");
            expect("<SEQ=101><ACK=301><CTL=ACK>", "<SEQ=101><ACK=301><CTL=ACK>");
            assertEquals(List.of("rfc793.outOfWindowAck=EVERY_TIME", "rfc793.outOfWindowAck=EVERY_TIME"), fx.decisions);
        }

        @Test
        void aBareSegmentOutsideTheWindowIsAnsweredOncePerHalfSecondUnderLinux() {
            policy = LINUX;
            in("<SEQ=200><ACK=101><CTL=ACK>");
            now += 499 * MS;
            in("<SEQ=200><ACK=101><CTL=ACK>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
            assertEquals(1, fx.countOf(Counter.TCP_EXT_ACK_SKIPPED_SEQ));
            now += MS;
            in("<SEQ=200><ACK=101><CTL=ACK>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
        }

        @Test
        void dataOrAFinOutsideTheWindowIsAnsweredEveryTimeUnderLinux() {
            // tcp_oow_rate_limited: "Data packets without SYNs are not likely part of an ACK loop."
            policy = LINUX;
            in("<SEQ=200><ACK=101><DATA=5><CTL=ACK>");
            in("<SEQ=200><ACK=101><DATA=5><CTL=ACK>");
            in("<SEQ=200><ACK=101><CTL=FIN,ACK>");
            expect("<SEQ=101><ACK=301><CTL=ACK>", "<SEQ=101><ACK=301><CTL=ACK>", "<SEQ=101><ACK=301><CTL=ACK>");
            assertEquals(0, fx.countOf(Counter.TCP_EXT_ACK_SKIPPED_SEQ));
            assertEquals(List.of(), fx.decisions);
        }

        @Test
        void challengeAcksAndAcksToBareSegmentsOutsideTheWindowShareOneAllowanceUnderLinux() {
            // Linux keeps one last_oow_ack_time per socket for both.
            policy = LINUX;
            in("<SEQ=400><CTL=RST>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
            now += 100 * MS;
            in("<SEQ=200><ACK=101><CTL=ACK>");
            expectNothing();
            assertEquals(1, fx.countOf(Counter.TCP_EXT_ACK_SKIPPED_SEQ));
            now += 100 * MS;
            in("<SEQ=401><CTL=RST>");
            expectNothing();
            assertEquals(1, fx.countOf(Counter.TCP_EXT_ACK_SKIPPED_CHALLENGE));
        }

        @Test
        void tooOldAckIsIgnoredButTheDataTakenUnderRfc793() {
            policy = RFC793;
            conn.maxSndWnd = 10;
            in("<SEQ=301><ACK=4000000000><DATA=\"hello\"><CTL=ACK>");
            expect("<SEQ=101><ACK=306><CTL=ACK>");
            assertEquals("hello", read());
        }

        @Test
        void tooOldAckDropsTheSegmentUnderLinux() {
            policy = LINUX;
            conn.maxSndWnd = 10;
            in("<SEQ=301><ACK=4000000000><DATA=\"hello\"><CTL=ACK>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
            assertEquals("", read());
        }

        @Test
        void segmentWithoutAckIsDropped() {
            in("<SEQ=301><DATA=5><CTL=PSH>");
            expectNothing();
            assertEquals("", read());
        }

        @Test
        void finEntersCloseWaitAndIsAcked() {
            in("<SEQ=301><ACK=101><CTL=FIN,ACK>");
            expect("<SEQ=101><ACK=302><CTL=ACK>");
            assertEquals(TcpState.CLOSE_WAIT, conn.state);
            assertTrue(conn.finReceived);
        }

        @Test
        void finAfterAHoleWaitsForTheHole() {
            in("<SEQ=304><ACK=101><DATA=\"lo\"><CTL=FIN,ACK>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
            assertEquals(TcpState.ESTABLISHED, conn.state);
            in("<SEQ=301><ACK=101><DATA=\"hel\"><CTL=ACK>");
            expect("<SEQ=101><ACK=307><CTL=ACK>");
            assertEquals(TcpState.CLOSE_WAIT, conn.state);
            assertEquals("hello", read());
        }

        @Test
        void closeSendsFinAndEntersFinWait1() {
            conn.userClose(false, now, policy, fx);
            expect("<SEQ=101><ACK=301><CTL=FIN,ACK>");
            assertEquals(TcpState.FIN_WAIT_1, conn.state);
        }

        @Test
        void closeWithUnreadDataAbortsWithRst() {
            in("<SEQ=301><ACK=101><DATA=5><CTL=ACK>");
            fx.clear();
            conn.userClose(false, now, policy, fx);
            expect("<SEQ=101><ACK=306><CTL=RST,ACK>");
            assertEquals(List.of(RstReason.TCP_ABORT_ON_CLOSE), fx.rstReasons);
            assertEquals(TcpState.CLOSED, conn.state);
        }

        @Test
        void closeWithLingerZeroAbortsWithRst() {
            conn.userClose(true, now, policy, fx);
            expect("<SEQ=101><ACK=301><CTL=RST,ACK>");
            assertEquals(List.of(RstReason.TCP_ABORT_ON_LINGER), fx.rstReasons);
        }

        @Test
        void dataIsCutIntoMssSegmentsWithinTheSendWindow() {
            byte[] data = new byte[2500];
            conn.userSend(data, 0, data.length, now, fx);
            expect("<SEQ=101><ACK=301><DATA=1000><CTL=ACK>");
            in("<SEQ=301><ACK=1101><CTL=ACK><WND=3000>");
            // Nagle holds the 500-byte tail while the second full segment is unacknowledged.
            expect("<SEQ=1101><ACK=301><DATA=1000><CTL=ACK>");
            in("<SEQ=301><ACK=2101><CTL=ACK><WND=3000>");
            expect("<SEQ=2101><ACK=301><DATA=500><CTL=PSH,ACK>");
        }

        @Test
        void nagleHoldsASmallSegmentWhileDataIsUnacknowledged() {
            send("a");
            send("b");
            expect("<SEQ=101><ACK=301><DATA=1><CTL=PSH,ACK>");
            in("<SEQ=301><ACK=102><CTL=ACK>");
            expect("<SEQ=102><ACK=301><DATA=1><CTL=PSH,ACK>");
        }

        @Test
        void nodelaySendsSmallSegmentsAtOnce() {
            cfg.nodelay = true;
            send("a");
            send("b");
            expect("<SEQ=101><ACK=301><DATA=1><CTL=PSH,ACK>", "<SEQ=102><ACK=301><DATA=1><CTL=PSH,ACK>");
        }

        @Test
        void retransmissionTimeoutResendsFromSndUnaAndBacksOff() {
            send("hello");
            expect("<SEQ=101><ACK=301><DATA=5><CTL=PSH,ACK>");
            at(now + 300 * MS);
            expect("<SEQ=101><ACK=301><DATA=5><CTL=PSH,ACK>");
            assertEquals(1, fx.countOf(Counter.TCP_RETRANS_SEGS));
            at(now + 599 * MS);
            expectNothing();
            at(now + MS);
            expect("<SEQ=101><ACK=301><DATA=5><CTL=PSH,ACK>");
            in("<SEQ=301><ACK=106><CTL=ACK>");
            assertEquals(Connection.NEVER, conn.rtxDeadline);
        }

        @Test
        void threeDuplicateAcksRetransmitTheFirstUnacknowledgedSegment() {
            cfg.nodelay = true;
            in("<SEQ=301><ACK=101><CTL=ACK><WND=5000>");
            byte[] data = new byte[3000];
            conn.userSend(data, 0, data.length, now, fx);
            expect("<SEQ=101><ACK=301><DATA=1000><CTL=ACK>", "<SEQ=1101><ACK=301><DATA=1000><CTL=ACK>",
                    "<SEQ=2101><ACK=301><DATA=1000><CTL=PSH,ACK>");
            in("<SEQ=301><ACK=101><CTL=ACK><WND=5000>");
            in("<SEQ=301><ACK=101><CTL=ACK><WND=5000>");
            expectNothing();
            in("<SEQ=301><ACK=101><CTL=ACK><WND=5000>");
            expect("<SEQ=101><ACK=301><DATA=1000><CTL=ACK>");
            assertEquals(1, fx.countOf(Counter.TCP_EXT_FAST_RETRANS));
            in("<SEQ=301><ACK=3101><CTL=ACK><WND=5000>");
            expectNothing();
            assertEquals(Connection.NEVER, conn.rtxDeadline);
        }

        @Test
        void theInitialWindowIsTenSegmentsAndSlowStartGrowsItByWhatIsAcknowledged() {
            cfg.nodelay = true;
            in("<SEQ=301><ACK=101><CTL=ACK><WND=60000>");
            byte[] data = new byte[30000];
            conn.userSend(data, 0, data.length, now, fx);
            // RFC 6928 (Linux TCP_INIT_CWND): 10 segments, though the peer's window would take 60.
            assertEquals(10, fx.sent.size());
            assertEquals(10_000, conn.cwnd);
            fx.clear();
            // An ACK of two segments: the window grows by two and four segments go (two replace, two more).
            in("<SEQ=301><ACK=2101><CTL=ACK><WND=60000>");
            assertEquals(12_000, conn.cwnd);
            assertEquals(4, fx.sent.size());
        }

        @Test
        void afterMoreThanAnRtoOfSilenceTheWindowHalvesPerRtoDownToTheInitialWindow() {
            cfg.nodelay = true;
            in("<SEQ=301><ACK=101><CTL=ACK><WND=60000>");
            conn.cwnd = 40_000;
            send("a");
            in("<SEQ=301><ACK=102><CTL=ACK><WND=60000>");
            fx.clear();
            long rto = conn.rto;
            // Less than an RTO: nothing changes.
            now += rto;
            send("b");
            assertEquals(40_000, conn.cwnd);
            in("<SEQ=301><ACK=103><CTL=ACK><WND=60000>");
            // One and a half RTOs of silence: halved once (Linux halves per RTO beyond the first).
            now += rto * 3 / 2;
            send("c");
            assertEquals(20_000, conn.cwnd);
            assertEquals(Long.MAX_VALUE, conn.ssthresh); // an unbounded ssthresh stays so
            in("<SEQ=301><ACK=104><CTL=ACK><WND=60000>");
            // Ten RTOs: halved until the initial window, 10 segments, and no further.
            now += rto * 10;
            send("d");
            assertEquals(10_000, conn.cwnd);
        }

        @Test
        void fastRetransmitHalvesTheWindowAndAFullAckDeflatesItToSsthresh() {
            cfg.nodelay = true;
            in("<SEQ=301><ACK=101><CTL=ACK><WND=60000>");
            byte[] data = new byte[10000];
            conn.userSend(data, 0, data.length, now, fx);
            fx.clear();
            for (int i = 0; i < 3; i++) {
                in("<SEQ=301><ACK=101><CTL=ACK><WND=60000>");
            }
            expect("<SEQ=101><ACK=301><DATA=1000><CTL=ACK>");
            // RFC 5681 §3.2: ssthresh = max(FlightSize / 2, 2 * SMSS), cwnd = ssthresh + 3 * SMSS.
            assertEquals(5000, conn.ssthresh);
            assertEquals(8000, conn.cwnd);
            in("<SEQ=301><ACK=101><CTL=ACK><WND=60000>");
            assertEquals(9000, conn.cwnd); // step 4: inflated by one segment per further duplicate
            in("<SEQ=301><ACK=10101><CTL=ACK><WND=60000>");
            assertFalse(conn.inRecovery);
            // RFC 6582 step 3, as Linux ends a window reduction: back to ssthresh.
            assertEquals(5000, conn.cwnd);
        }

        /** Four segments out, the first and second lost: 3 duplicate ACKs, then RFC 6582's partial ACK. */
        void twoLostOfFour() {
            cfg.nodelay = true;
            in("<SEQ=301><ACK=101><CTL=ACK><WND=5000>");
            byte[] data = new byte[4000];
            conn.userSend(data, 0, data.length, now, fx);
            fx.clear();
            for (int i = 0; i < 3; i++) {
                in("<SEQ=301><ACK=101><CTL=ACK><WND=5000>");
            }
            expect("<SEQ=101><ACK=301><DATA=1000><CTL=ACK>");
        }

        @Test
        void aPartialAckInFastRecoveryRetransmitsTheNextHoleAtOnce() {
            twoLostOfFour();
            now += 10 * MS;
            in("<SEQ=301><ACK=1101><CTL=ACK><WND=5000>");
            expect("<SEQ=1101><ACK=301><DATA=1000><CTL=ACK>");
            assertTrue(conn.inRecovery);
            in("<SEQ=301><ACK=4101><CTL=ACK><WND=5000>");
            expectNothing();
            assertFalse(conn.inRecovery);
            assertEquals(2, fx.countOf(Counter.TCP_EXT_FAST_RETRANS));
        }

        @Test
        void moreDuplicateAcksInFastRecoveryDoNotRetransmitAgain() {
            twoLostOfFour();
            for (int i = 0; i < 5; i++) {
                in("<SEQ=301><ACK=101><CTL=ACK><WND=5000>");
            }
            expectNothing();
        }

        @Test
        void onlyTheFirstPartialAckRestartsTheRetransmissionTimer() {
            twoLostOfFour();
            now += 10 * MS;
            in("<SEQ=301><ACK=1101><CTL=ACK><WND=5000>");
            long deadline = conn.rtxDeadline;
            assertEquals(now + conn.rto, deadline);
            now += 10 * MS;
            in("<SEQ=301><ACK=2101><CTL=ACK><WND=5000>");
            expect("<SEQ=1101><ACK=301><DATA=1000><CTL=ACK>", "<SEQ=2101><ACK=301><DATA=1000><CTL=ACK>");
            assertEquals(deadline, conn.rtxDeadline);
        }

        @Test
        void afterATimeoutDataIsSentAgainFromOneSegmentInSlowStart() {
            cfg.nodelay = true;
            in("<SEQ=301><ACK=101><CTL=ACK><WND=5000>");
            byte[] data = new byte[4000];
            conn.userSend(data, 0, data.length, now, fx);
            fx.clear();
            at(conn.rtxDeadline);
            expect("<SEQ=101><ACK=301><DATA=1000><CTL=ACK>");
            // The receiver held the rest: its ACK covers everything, nothing is sent twice.
            in("<SEQ=301><ACK=4101><CTL=ACK><WND=5000>");
            expectNothing();
            // The timeout set ssthresh to max(4000 / 2, 2 * 1000) (RFC 5681 (4)); the ACK of all 4000 brought the
            // window from one segment up to it in slow start, then one segment more in congestion avoidance.
            assertEquals(2000, conn.ssthresh);
            assertEquals(3000, conn.cwnd);
        }

        @Test
        void afterATimeoutEachAckLetsTwoMoreSegmentsGo() {
            cfg.nodelay = true;
            in("<SEQ=301><ACK=101><CTL=ACK><WND=5000>");
            byte[] data = new byte[4000];
            conn.userSend(data, 0, data.length, now, fx);
            fx.clear();
            at(conn.rtxDeadline);
            expect("<SEQ=101><ACK=301><DATA=1000><CTL=ACK>");
            in("<SEQ=301><ACK=1101><CTL=ACK><WND=5000>");
            expect("<SEQ=1101><ACK=301><DATA=1000><CTL=ACK>", "<SEQ=2101><ACK=301><DATA=1000><CTL=ACK>");
        }

        @Test
        void aWindowUpdateIsNotADuplicateAck() {
            in("<SEQ=301><ACK=101><CTL=ACK><WND=5000>");
            send("hello");
            fx.clear();
            for (int w = 5001; w < 5005; w++) {
                in("<SEQ=301><ACK=101><CTL=ACK><WND=" + w + ">");
            }
            expectNothing();
        }

        @Test
        void retransmissionsExhaustedGiveEtimedout() {
            cfg.retries2 = 2;
            send("hello");
            for (int i = 0; i < 3; i++) {
                at(conn.rtxDeadline);
            }
            assertEquals(TcpState.CLOSED, conn.state);
            assertEquals(Errno.ETIMEDOUT, conn.pendingError);
        }

        @Test
        void zeroWindowIsProbedAtSndUnaMinusOne() {
            in("<SEQ=301><ACK=101><CTL=ACK><WND=0>");
            send("hello");
            expectNothing();
            at(conn.persistDeadline);
            expect("<SEQ=100><ACK=301><CTL=ACK>");
            assertEquals(1, fx.countOf(Counter.TCP_EXT_WIN_PROBE));
            in("<SEQ=301><ACK=101><CTL=ACK><WND=1000>");
            expect("<SEQ=101><ACK=301><DATA=5><CTL=PSH,ACK>");
            assertEquals(Connection.NEVER, conn.persistDeadline);
        }

        @Test
        void zeroWindowProbesBackOff() {
            in("<SEQ=301><ACK=101><CTL=ACK><WND=0>");
            send("hello");
            long first = conn.persistDeadline;
            at(first);
            long second = conn.persistDeadline;
            at(second);
            long third = conn.persistDeadline;
            assertEquals(2 * (second - first), third - second);
        }

        @Test
        void ourClosedWindowRejectsDataAndReopensWithAnUpdate() {
            cfg = new ConnConfig();
            cfg.receiveBuffer = 4;
            established();
            in("<SEQ=301><ACK=101><DATA=\"abcd\"><CTL=ACK>");
            Segment ack = fx.sent.get(0);
            assertEquals(0, ack.window());
            fx.clear();
            in("<SEQ=305><ACK=101><DATA=\"e\"><CTL=ACK>");
            expect("<SEQ=101><ACK=305><CTL=ACK>");
            assertEquals("abcd", read());
            assertEquals(List.of("<SEQ=101><ACK=305><CTL=ACK>"), fx.sentText());
            assertEquals(4, fx.sent.get(0).window());
        }

        @Test
        void keepaliveProbesAfterIdleThenResetsAndTimesOut() {
            cfg.keepalive = true;
            cfg.keepIdle = 10 * S;
            cfg.keepIntvl = S;
            cfg.keepCnt = 3;
            conn.rearm(now);
            long idleFrom = now;
            at(idleFrom + 10 * S);
            expect("<SEQ=100><ACK=301><CTL=ACK>");
            at(idleFrom + 11 * S);
            at(idleFrom + 12 * S);
            expect("<SEQ=100><ACK=301><CTL=ACK>", "<SEQ=100><ACK=301><CTL=ACK>");
            at(idleFrom + 13 * S);
            expect("<SEQ=101><ACK=301><CTL=RST,ACK>");
            assertEquals(List.of(RstReason.TCP_KEEPALIVE_TIMEOUT), fx.rstReasons);
            assertEquals(Errno.ETIMEDOUT, conn.pendingError);
        }

        @Test
        void keepaliveAnswerKeepsTheConnection() {
            cfg.keepalive = true;
            cfg.keepIdle = 10 * S;
            conn.rearm(now);
            at(now + 10 * S);
            expect("<SEQ=100><ACK=301><CTL=ACK>");
            in("<SEQ=301><ACK=101><CTL=ACK>");
            assertEquals(0, conn.keepaliveProbes);
            assertEquals(now + 10 * S, conn.keepaliveDeadline);
        }

        @Test
        void userTimeoutAbortsWhenDataStaysUnacknowledged() {
            cfg.userTimeout = 1 * S;
            long sent = now;
            send("hello");
            while (conn.state != TcpState.CLOSED && now < sent + 10 * S) {
                at(conn.nextDeadline());
            }
            assertEquals(Errno.ETIMEDOUT, conn.pendingError);
            assertEquals(sent + S, now);
        }

        @Test
        void icmpErrorIsSoftAndReportedOnlyOnTimeout() {
            cfg.retries2 = 1;
            send("hello");
            assertTrue(conn.icmpSeqAcceptable(101));
            assertFalse(conn.icmpSeqAcceptable(106));
            conn.icmpError(Errno.EHOSTUNREACH, fx);
            assertEquals(TcpState.ESTABLISHED, conn.state);
            at(conn.rtxDeadline);
            at(conn.rtxDeadline);
            assertEquals(Errno.EHOSTUNREACH, conn.pendingError);
        }
    }

    /**
     * Linux's quick-ACK mode beside delayed ACKs (tcp_event_data_recv, tcp_incr_quickack, tcp_event_data_sent,
     * tcp_send_dupack, tcp_delack_timer_handler): the first data of a connection are acknowledged at once, as many
     * times as half the receive window holds full-sized segments (at most 16), so that a sender in slow start is
     * not held back; a reply within the delay makes the exchange interactive (pingpong), whose ACKs wait to ride on
     * the next reply. B's MSS is 1000, our receive buffer 128 KiB, the delay 40 ms, the RTO 300 ms.
     */
    @Nested
    class QuickAck {

        @BeforeEach
        void on() {
            cfg.delayedAck = 40 * MS;
            established();
        }

        /** {@code n} in-order segments of 100 octets from B, starting at {@code seq}, each ACKed at once; the next seq. */
        long eachAckedAtOnce(long seq, int n) {
            for (int i = 0; i < n; i++) {
                in("<SEQ=" + seq + "><ACK=101><DATA=100><CTL=ACK>");
                seq += 100;
                expect("<SEQ=101><ACK=" + seq + "><CTL=ACK>");
            }
            return seq;
        }

        @Test
        void theFirstSixteenSegmentsAreAcknowledgedAtOnceThenTheDelayStarts() {
            assertEquals(16, Connection.MAX_QUICK_ACKS);
            long seq = eachAckedAtOnce(301, 16);
            assertTrue(fx.ackDelays.isEmpty());
            in("<SEQ=" + seq + "><ACK=101><DATA=100><CTL=ACK>");
            expectNothing();
            assertEquals(List.of(now + 40 * MS), fx.ackDelays);
        }

        @Test
        void aSmallReceiveWindowGivesFewerQuickAcksButAtLeastTwo() {
            cfg.receiveBuffer = 6000; // 6000 / (2 * 1000): 3
            established();
            long seq = eachAckedAtOnce(301, 3);
            in("<SEQ=" + seq + "><ACK=101><DATA=100><CTL=ACK>");
            expectNothing();

            cfg.receiveBuffer = 1500; // 1500 / 2000 is 0: Linux takes 2
            established();
            seq = eachAckedAtOnce(301, 2);
            in("<SEQ=" + seq + "><ACK=101><DATA=100><CTL=ACK>");
            expectNothing();
        }

        @Test
        void aReplyWithinTheDelayMakesTheExchangeInteractiveUntilADelayedAckGoesAlone() {
            long seq = eachAckedAtOnce(301, 1);
            now += 5 * MS;
            send("reply");
            expect("<SEQ=101><ACK=" + seq + "><DATA=5><CTL=PSH,ACK>");
            assertTrue(conn.pingpong);
            // Interactive: the ACK of the next request waits for our reply, though quick ACKs are left.
            in("<SEQ=" + seq + "><ACK=106><DATA=100><CTL=ACK>");
            seq += 100;
            expectNothing();
            // No reply came within the delay: the ACK goes alone, and the exchange is not interactive any more.
            at(now + 40 * MS);
            expect("<SEQ=106><ACK=" + seq + "><CTL=ACK>");
            assertFalse(conn.pingpong);
            in("<SEQ=" + seq + "><ACK=106><DATA=100><CTL=ACK>");
            expect("<SEQ=106><ACK=" + (seq + 100) + "><CTL=ACK>");
        }

        @Test
        void aReplyAfterTheDelayIsNotInteractive() {
            long seq = eachAckedAtOnce(301, 1);
            now += 40 * MS;
            send("late");
            expect("<SEQ=101><ACK=" + seq + "><DATA=4><CTL=PSH,ACK>");
            assertFalse(conn.pingpong);
        }

        @Test
        void dataAfterASilenceLongerThanTheRtoAreAcknowledgedAtOnceAgain() {
            long seq = eachAckedAtOnce(301, 16);
            in("<SEQ=" + seq + "><ACK=101><DATA=100><CTL=ACK>");
            seq += 100;
            expectNothing();
            at(now + 40 * MS);
            expect("<SEQ=101><ACK=" + seq + "><CTL=ACK>");
            now += 300 * MS; // the delayed ACK came 40 ms after the last data: 340 ms of silence, RTO 300 ms
            eachAckedAtOnce(seq, 16);
        }

        @Test
        void aSilenceShorterThanTheRtoLeavesTheDelay() {
            long seq = eachAckedAtOnce(301, 16);
            now += 250 * MS;
            in("<SEQ=" + seq + "><ACK=101><DATA=100><CTL=ACK>");
            expectNothing();
        }

        @Test
        void oldDataAgainStartQuickAcksAgain() {
            long seq = eachAckedAtOnce(301, 16);
            // B sends again what we acknowledged (our ACK was lost): the duplicate ACK goes at once, and so do
            // the ACKs of the new data after it (Linux tcp_send_dupack enters quick-ACK mode).
            in("<SEQ=" + (seq - 100) + "><ACK=101><DATA=100><CTL=ACK>");
            expect("<SEQ=101><ACK=" + seq + "><CTL=ACK>");
            eachAckedAtOnce(seq, 16);
            in("<SEQ=" + (seq + 1600) + "><ACK=101><DATA=100><CTL=ACK>");
            expectNothing();
        }
    }

    /**
     * RFC 9293 §3.8.6.3 and RFC 5681 §4.2 as Linux does them: B's MSS is 1000 (the fixture), the delay 40 ms.
     * The connection is past its quick-ACK start (see {@link QuickAck}): data arrived a moment ago and every
     * quick ACK is spent.
     */
    @Nested
    class DelayedAck {

        @BeforeEach
        void on() {
            cfg.delayedAck = 40 * MS;
            established();
            conn.lastDataAt = now;
            conn.quickAcks = 0;
        }

        @Test
        void oneSegmentIsAcknowledgedWhenTheDelayRunsOut() {
            long t = now;
            in("<SEQ=301><ACK=101><DATA=1000><CTL=ACK>");
            expectNothing();
            assertEquals(List.of(t + 40 * MS), fx.ackDelays);
            at(t + 39 * MS);
            expectNothing();
            at(t + 40 * MS);
            expect("<SEQ=101><ACK=1301><CTL=ACK>");
            assertEquals(Connection.NEVER, conn.nextDeadline());
        }

        @Test
        void theSecondFullSizedSegmentIsAcknowledgedAtOnce() {
            in("<SEQ=301><ACK=101><DATA=1000><CTL=ACK>");
            expectNothing();
            in("<SEQ=1301><ACK=101><DATA=1000><CTL=ACK>");
            expect("<SEQ=101><ACK=2301><CTL=ACK>");
            assertEquals(Connection.NEVER, conn.delAckDeadline);
        }

        @Test
        void smallSegmentsAreAcknowledgedOnceMoreThanAFullSegmentIsUnacknowledged() {
            in("<SEQ=301><ACK=101><DATA=600><CTL=ACK>");
            expectNothing();
            in("<SEQ=901><ACK=101><DATA=400><CTL=ACK>");
            expectNothing(); // 1000 octets: not more than one full-sized segment
            in("<SEQ=1301><ACK=101><DATA=1><CTL=ACK>");
            expect("<SEQ=101><ACK=1302><CTL=ACK>");
        }

        @Test
        void outOfOrderSegmentsAreAcknowledgedAtOnceEveryOne() {
            in("<SEQ=1301><ACK=101><DATA=1000><CTL=ACK>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
            in("<SEQ=2301><ACK=101><DATA=1000><CTL=ACK>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
        }

        @Test
        void aSegmentFillingTheHoleIsAcknowledgedAtOnce() {
            in("<SEQ=1301><ACK=101><DATA=1000><CTL=ACK>");
            expect("<SEQ=101><ACK=301><CTL=ACK>");
            in("<SEQ=301><ACK=101><DATA=1000><CTL=ACK>");
            expect("<SEQ=101><ACK=2301><CTL=ACK>");
        }

        @Test
        void aFinIsAcknowledgedAtOnce() {
            in("<SEQ=301><ACK=101><DATA=10><CTL=FIN,ACK>");
            expect("<SEQ=101><ACK=312><CTL=ACK>");
            assertEquals(TcpState.CLOSE_WAIT, conn.state);
        }

        @Test
        void ourDataCarriesTheDelayedAck() {
            in("<SEQ=301><ACK=101><DATA=100><CTL=ACK>");
            expectNothing();
            send("hello");
            expect("<SEQ=101><ACK=401><DATA=5><CTL=PSH,ACK>");
            assertEquals(Connection.NEVER, conn.delAckDeadline);
        }

        @Test
        void offEverySegmentIsAcknowledgedAtOnce() {
            cfg.delayedAck = 0;
            in("<SEQ=301><ACK=101><DATA=100><CTL=ACK>");
            expect("<SEQ=101><ACK=401><CTL=ACK>");
            in("<SEQ=401><ACK=101><DATA=100><CTL=ACK>");
            expect("<SEQ=101><ACK=501><CTL=ACK>");
            assertTrue(fx.ackDelays.isEmpty());
        }

        @Test
        void inAHostBatchOneAckGoesAtTheEndOfTheBatch() {
            fx.batch = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                in("<SEQ=" + (301 + 1000 * i) + "><ACK=101><DATA=1000><CTL=ACK>");
            }
            expectNothing();
            assertEquals(List.of(conn), fx.batch);
            conn.flushAck(fx);
            expect("<SEQ=101><ACK=4301><CTL=ACK>");
            conn.flushAck(fx);
            expectNothing();
        }

        @Test
        void inAHostBatchAnAckCoversAtMostEightFullSegments() {
            fx.batch = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                in("<SEQ=" + (301 + 1000 * i) + "><ACK=101><DATA=1000><CTL=ACK>");
            }
            expect("<SEQ=101><ACK=8301><CTL=ACK>", "<SEQ=101><ACK=16301><CTL=ACK>");
            conn.flushAck(fx);
            expect("<SEQ=101><ACK=20301><CTL=ACK>");
        }

        @Test
        void inAHostBatchDuplicateAcksAreNotMerged() {
            fx.batch = new java.util.ArrayList<>();
            in("<SEQ=1301><ACK=101><DATA=1000><CTL=ACK>");
            in("<SEQ=2301><ACK=101><DATA=1000><CTL=ACK>");
            expect("<SEQ=101><ACK=301><CTL=ACK>", "<SEQ=101><ACK=301><CTL=ACK>");
            assertTrue(fx.batch.isEmpty());
        }
    }

    @Nested
    class FinWait1 {

        @BeforeEach
        void fixture() {
            finWait1();
        }

        @Test
        void ackOfOurFinEntersFinWait2() {
            in("<SEQ=301><ACK=102><CTL=ACK>");
            expectNothing();
            assertEquals(TcpState.FIN_WAIT_2, conn.state);
        }

        @Test
        void finWithoutAckOfOurFinEntersClosing() {
            // RFC 793 figure 14 (simultaneous close), line 3.
            in("<SEQ=301><ACK=101><CTL=FIN,ACK>");
            expect("<SEQ=102><ACK=302><CTL=ACK>");
            assertEquals(TcpState.CLOSING, conn.state);
        }

        @Test
        void finWithAckOfOurFinEntersTimeWait() {
            in("<SEQ=301><ACK=102><CTL=FIN,ACK>");
            expect("<SEQ=102><ACK=302><CTL=ACK>");
            assertEquals(TcpState.TIME_WAIT, conn.state);
        }

        @Test
        void dataAfterCloseIsAnsweredWithRst() {
            // RFC 1122 §4.2.2.13; Linux TCPAbortOnData.
            in("<SEQ=301><ACK=102><DATA=5><CTL=ACK>");
            expect("<SEQ=102><CTL=RST>");
            assertEquals(List.of(RstReason.TCP_ABORT_ON_DATA), fx.rstReasons);
            assertEquals(TcpState.CLOSED, conn.state);
        }

        @Test
        void unacknowledgedFinIsRetransmitted() {
            at(conn.rtxDeadline);
            expect("<SEQ=101><ACK=301><CTL=FIN,ACK>");
        }
    }

    @Nested
    class FinWait2 {

        @BeforeEach
        void fixture() {
            finWait2();
        }

        @Test
        void finEntersTimeWaitAndIsAcked() {
            in("<SEQ=301><ACK=102><CTL=FIN,ACK>");
            expect("<SEQ=102><ACK=302><CTL=ACK>");
            assertEquals(TcpState.TIME_WAIT, conn.state);
        }

        @Test
        void orphanGoesAfterFinTimeout() {
            assertEquals(now + cfg.finTimeout, conn.finWait2Deadline);
            at(conn.finWait2Deadline);
            expectNothing();
            assertEquals(TcpState.CLOSED, conn.state);
        }
    }

    @Nested
    class CloseWait {

        @BeforeEach
        void fixture() {
            closeWait();
        }

        @Test
        void closeSendsFinAndEntersLastAck() {
            conn.userClose(false, now, policy, fx);
            expect("<SEQ=101><ACK=302><CTL=FIN,ACK>");
            assertEquals(TcpState.LAST_ACK, conn.state);
        }

        @Test
        void queuedDataGoesBeforeTheFin() {
            send("bye");
            conn.userClose(false, now, policy, fx);
            expect("<SEQ=101><ACK=302><DATA=3><CTL=PSH,ACK>", "<SEQ=104><ACK=302><CTL=FIN,ACK>");
        }

        @Test
        void rstGivesEconnresetUnderRfc793() {
            policy = RFC793;
            in("<SEQ=302><CTL=RST>");
            assertEquals(Errno.ECONNRESET, conn.pendingError);
        }

        @Test
        void rstGivesEpipeUnderLinux() {
            policy = LINUX;
            in("<SEQ=302><CTL=RST>");
            assertEquals(Errno.EPIPE, conn.pendingError);
            assertEquals(List.of("linux.errnoForRstInCloseWait=EPIPE"), fx.decisions);
        }

        @Test
        void rstAtTheFinSequenceIsDroppedUnderRfc793() {
            policy = RFC793;
            in("<SEQ=301><CTL=RST>");
            assertEquals(TcpState.CLOSE_WAIT, conn.state);
            assertEquals(List.of("rfc793.rstAtFinSequence=DROP"), fx.decisions);
        }

        @Test
        void rstAtTheFinSequenceResetsUnderLinux() {
            policy = LINUX;
            in("<SEQ=301><CTL=RST>");
            assertEquals(TcpState.CLOSED, conn.state);
            assertEquals(Errno.EPIPE, conn.pendingError);
        }

        @Test
        void retransmittedFinIsAckedAgain() {
            in("<SEQ=301><ACK=101><CTL=FIN,ACK>");
            expect("<SEQ=101><ACK=302><CTL=ACK>");
            assertEquals(TcpState.CLOSE_WAIT, conn.state);
        }
    }

    @Nested
    class Closing {

        @BeforeEach
        void fixture() {
            closing();
        }

        @Test
        void ackOfOurFinEntersTimeWait() {
            in("<SEQ=302><ACK=102><CTL=ACK>");
            expectNothing();
            assertEquals(TcpState.TIME_WAIT, conn.state);
        }

        @Test
        void otherAckIsIgnored() {
            in("<SEQ=302><ACK=101><CTL=ACK>");
            expectNothing();
            assertEquals(TcpState.CLOSING, conn.state);
        }

        @Test
        void retransmittedFinIsAckedAgain() {
            in("<SEQ=301><ACK=101><CTL=FIN,ACK>");
            expect("<SEQ=102><ACK=302><CTL=ACK>");
            assertEquals(TcpState.CLOSING, conn.state);
        }
    }

    @Nested
    class LastAck {

        @BeforeEach
        void fixture() {
            lastAck();
        }

        @Test
        void ackOfOurFinDeletesTheConnection() {
            in("<SEQ=302><ACK=102><CTL=ACK>");
            expectNothing();
            assertEquals(TcpState.CLOSED, conn.state);
            assertEquals(1, fx.deleted);
            assertNull(conn.pendingError);
        }

        @Test
        void rstAtTheFinSequenceResetsUnderLinuxOnly() {
            policy = LINUX;
            in("<SEQ=301><CTL=RST>");
            assertEquals(TcpState.CLOSED, conn.state);
        }

        @Test
        void rstAtTheFinSequenceIsDroppedUnderRfc793() {
            policy = RFC793;
            in("<SEQ=301><CTL=RST>");
            assertEquals(TcpState.LAST_ACK, conn.state);
        }

        @Test
        void retransmittedFinIsAckedAgain() {
            in("<SEQ=301><ACK=101><CTL=FIN,ACK>");
            expect("<SEQ=102><ACK=302><CTL=ACK>");
            assertEquals(TcpState.LAST_ACK, conn.state);
        }

        @Test
        void unacknowledgedFinIsRetransmittedThenTheConnectionTimesOut() {
            cfg.retries2 = 1;
            at(conn.rtxDeadline);
            expect("<SEQ=101><ACK=302><CTL=FIN,ACK>");
            at(conn.rtxDeadline);
            assertEquals(TcpState.CLOSED, conn.state);
        }
    }

    @Nested
    class TimeWait {

        @BeforeEach
        void fixture() {
            timeWait();
        }

        @Test
        void lastsTwoMsl() {
            long entered = now;
            at(entered + 2 * cfg.msl - 1);
            assertEquals(TcpState.TIME_WAIT, conn.state);
            at(entered + 2 * cfg.msl);
            assertEquals(TcpState.CLOSED, conn.state);
        }

        @Test
        void retransmittedFinIsAckedAndRestartsTheTimer() {
            now += 10 * S;
            in("<SEQ=301><ACK=102><CTL=FIN,ACK>");
            expect("<SEQ=102><ACK=302><CTL=ACK>");
            assertEquals(now + 2 * cfg.msl, conn.timeWaitDeadline);
        }

        @Test
        void rstClosesItUnderRfc793() {
            policy = RFC793;
            in("<SEQ=302><CTL=RST>");
            assertEquals(TcpState.CLOSED, conn.state);
        }

        @Test
        void rstClosesItUnderLinuxWithoutRfc1337() {
            policy = new LinuxPolicy(false);
            in("<SEQ=302><CTL=RST>");
            assertEquals(TcpState.CLOSED, conn.state);
        }

        @Test
        void rstInTheWindowButNotAtRcvNxtClosesItUnderRfc793() {
            policy = RFC793;
            in("<SEQ=310><CTL=RST>");
            expectNothing();
            assertEquals(TcpState.CLOSED, conn.state);
            assertEquals(List.of("rfc793.rstInTimeWait=CLOSE"), fx.decisions);
        }

        @Test
        void rstInTheWindowButNotAtRcvNxtIsIgnoredSilentlyUnderLinux() {
            // Linux tcp_timewait_state_process: no challenge ACK from a TIME-WAIT socket.
            policy = new LinuxPolicy(false);
            in("<SEQ=310><CTL=RST>");
            expectNothing();
            assertEquals(TcpState.TIME_WAIT, conn.state);
            assertEquals(List.of("linux.rstInTimeWait=IGNORE"), fx.decisions);
        }

        @Test
        void rstIsIgnoredUnderLinuxWithRfc1337() {
            policy = new LinuxPolicy(true);
            in("<SEQ=302><CTL=RST>");
            assertEquals(TcpState.TIME_WAIT, conn.state);
            assertEquals(List.of("linux.rstInTimeWait=IGNORE"), fx.decisions);
            assertEquals(List.of(DropReason.POLICY), fx.drops);
        }

        @Test
        void newSynBeyondRcvNxtMayReopen() {
            assertTrue(conn.acceptsNewSynInTimeWait(Rfc.seg(80, 1000, "<SEQ=5000><CTL=SYN>")));
            assertFalse(conn.acceptsNewSynInTimeWait(Rfc.seg(80, 1000, "<SEQ=302><CTL=SYN>")));
            assertFalse(conn.acceptsNewSynInTimeWait(Rfc.seg(80, 1000, "<SEQ=5000><ACK=1><CTL=SYN,ACK>")));
        }
    }

    @Test
    void receivedDataStaysReadableAfterAReset() {
        established();
        in("<SEQ=301><ACK=101><DATA=\"hello\"><CTL=ACK>");
        in("<SEQ=306><CTL=RST>");
        assertEquals(TcpState.CLOSED, conn.state);
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), conn.userRead(100, now, fx));
    }
}
