package org.tcplab.tcp.internal;

import static org.tcplab.tcp.internal.Segment.ACK;
import static org.tcplab.tcp.internal.Segment.FIN;
import static org.tcplab.tcp.internal.Segment.PSH;
import static org.tcplab.tcp.internal.Segment.RST;
import static org.tcplab.tcp.internal.Segment.SYN;

import java.util.Map;
import java.util.TreeMap;

import org.tcplab.api.host.Counter;
import org.tcplab.api.host.DropReason;
import org.tcplab.api.host.RstReason;
import org.tcplab.api.policy.AckVerdict;
import org.tcplab.api.policy.ChallengeAckLimits;
import org.tcplab.api.policy.OutOfWindowAckVerdict;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.policy.RstVerdict;
import org.tcplab.api.policy.SegmentContext;
import org.tcplab.api.policy.SynDataVerdict;
import org.tcplab.api.policy.SynVerdict;
import org.tcplab.api.policy.TimeWaitRstVerdict;
import org.tcplab.api.policy.WindowEdgeVerdict;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpState;

/**
 * One connection: its TCB (RFC 9293 §3.3.1) and the event processing of RFC 9293 §3.10 as a pure function of
 * (connection, event, now, policy) -> actions. It never touches threads, clocks or links: time is passed in,
 * the policy is passed in (read once per segment by the caller) and every action goes to {@link Effects}.
 *
 * <p>Events: {@link #segmentArrives}, the user calls ({@link #open}, {@link #userSend}, {@link #userRead},
 * {@link #userClose}, {@link #userShutdownRead}, {@link #abort}) and {@link #timeout}. LISTEN and CLOSED (no
 * TCB) are handled by {@link Listener} and {@link NoSocket}.
 *
 * <p>Sequence numbers are compared only through {@link Seq}. Times are nanoseconds; {@link #NEVER} is "off".
 */
final class Connection {

    static final long NEVER = Long.MAX_VALUE;

    final Endpoint local;
    final Endpoint remote;
    final ConnConfig cfg;

    TcpState state = TcpState.CLOSED;
    /** Opened from LISTEN (RFC 9293: "if the connection was initiated with a passive OPEN"). */
    boolean passive;
    /** For the host: the listener a passive connection belongs to until accepted, the socket, the pinned policy. */
    Object owner;
    String policyPin;

    // RFC 9293 §3.3.1 send sequence variables.
    long iss;
    long sndUna;
    long sndNxt;
    long sndWnd;
    long sndWl1;
    long sndWl2;
    /** The highest sequence number sent plus one. SND.NXT goes back to SND.UNA on a retransmission timeout. */
    long sndMax;
    /** RFC 5961's MAX.SND.WND: the largest window the peer has offered. */
    long maxSndWnd;
    int sndMss = 536;
    /**
     * For the host: the connection's signing state (TCP-MD5 or TCP-AO), or null when it is not signed. The state
     * machine never touches it; it only knows how much header the signature takes.
     */
    org.tcplab.api.sign.SignedConnection signed;
    /** TCP header bytes the signature option takes in every segment, aligned to 4 (MD5: 20); 0 when unsigned. */
    int signatureOverhead;
    int sndWscale;
    boolean peerOfferedWs;
    /** The segment being processed was a SYN: its window field is not scaled (RFC 7323 §2.2). */
    private boolean unscaledWindow;

    // RFC 9293 §3.3.1 receive sequence variables; RCV.WND is rcvAdvRight - rcvNxt.
    long irs;
    long rcvNxt;
    long rcvAdvRight;
    int rcvWscale;

    // Buffers. sndBuf holds the data from sndBufSeq (the first unacknowledged data octet) on.
    final ByteQueue sndBuf = new ByteQueue();
    long sndBufSeq;
    final ByteQueue rcvBuf = new ByteQueue();
    /** Out-of-order segments, keyed by their offset from IRS (so keys do not wrap). */
    private final TreeMap<Long, Segment> ooo = new TreeMap<>();

    /** The user will send no more: a FIN follows the queued data (at sequence number finSeq()). */
    boolean finQueued;

    // Linux's view of the socket: sk_err, sk_err_soft, sk_shutdown, SOCK_DONE.
    Errno pendingError;
    /** An ICMP error in a synchronized state (RFC 1122 §4.2.3.9: soft); reported if the connection times out. */
    Errno softError;
    boolean sendShutdown;
    boolean rcvShutdown;
    boolean finReceived;
    /** The application closed the socket: nobody will read. */
    boolean orphan;

    // Timers, as deadlines.
    long rtxDeadline = NEVER;
    long persistDeadline = NEVER;
    long keepaliveDeadline = NEVER;
    long timeWaitDeadline = NEVER;
    long finWait2Deadline = NEVER;

    // RFC 6298.
    long rto;
    long srtt;
    long rttvar;
    boolean rttMeasured;
    long rttSeq;
    long rttStart = NEVER;
    int backoffs;
    int dupAcks;
    /** RFC 6582: in fast recovery until SND.UNA passes {@link #recover}. */
    boolean inRecovery;
    /** RFC 6582 "recover": the highest sequence number sent when fast recovery began or the last RTO fired. */
    long recover;
    /** RFC 6928, Linux TCP_INIT_CWND: the initial congestion window, in segments. */
    static final int INITIAL_WINDOW = 10;
    /**
     * The congestion window (RFC 5681), in bytes: {@link #INITIAL_WINDOW} segments once the MSS is known, then slow
     * start up to {@link #ssthresh} and congestion avoidance (one segment per window acknowledged) beyond it;
     * NewReno's window during fast recovery (RFC 6582); one segment after an RTO (the loss window). Counted as
     * Linux counts packets: a stretched ACK counts for all the segments it covers.
     */
    long cwnd = Long.MAX_VALUE;
    /** RFC 5681 ssthresh, bytes: unbounded until the first loss (Linux TCP_INFINITE_SSTHRESH). */
    long ssthresh = Long.MAX_VALUE;
    /** Congestion avoidance: bytes acknowledged towards the next segment of growth (Linux snd_cwnd_cnt). */
    private long caAcked;
    /** When data last went out (Linux tp->lsndtime), for the restart after idle; NEVER before. */
    private long lastDataSent = NEVER;
    long persistBackoff;
    /** When the oldest unacknowledged data was first sent, for TCP_USER_TIMEOUT. */
    long unackedSince = NEVER;

    long lastReceived;
    int keepaliveProbes;
    /** For the host's timer queue: the deadline it has queued for this connection. */
    long scheduledAt = NEVER;
    /** For the host: the connection has its own entry in the host's port index. */
    boolean holdsPort;
    /** When this connection last answered a segment outside its window (Linux tp->last_oow_ack_time). */
    long lastOowAck = NEVER;

    Connection(Endpoint local, Endpoint remote, ConnConfig cfg) {
        this.local = local;
        this.remote = remote;
        this.cfg = cfg;
        this.rto = cfg.initialRto;
        this.rcvWscale = scaleFor(cfg.receiveBuffer);
    }

    /** The smallest shift that lets a 16-bit window field cover the receive buffer (RFC 7323 §2.3, at most 14). */
    static int scaleFor(int buffer) {
        int shift = 0;
        while (shift < 14 && (buffer >> shift) > 0xFFFF) {
            shift++;
        }
        return shift;
    }

    // ------------------------------------------------------------------------------------------------------
    // RFC 9293 §3.10.1 OPEN
    // ------------------------------------------------------------------------------------------------------

    /**
     * Active OPEN from CLOSED. RFC 9293 §3.10.1: "A SYN segment of the form <SEQ=ISS><CTL=SYN> is sent. Set
     * SND.UNA to ISS, SND.NXT to ISS+1, enter SYN-SENT state, and return."
     */
    void open(long isn, long now, Effects fx) {
        iss = isn & Seq.MASK;
        recover = iss;
        sndUna = iss;
        sndNxt = Seq.add(iss, 1);
        sndMax = sndNxt;
        sndBufSeq = sndNxt;
        lastReceived = now;
        setState(TcpState.SYN_SENT, fx);
        fx.count(Counter.TCP_ACTIVE_OPENS);
        sendSyn(now, fx, false);
    }

    /**
     * LISTEN, third check, for a SYN (RFC 9293 §3.10.7.2): "Set RCV.NXT to SEG.SEQ+1, IRS is set to SEG.SEQ ...
     * ISS should be selected and a SYN segment sent of the form <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>. SND.NXT is
     * set to ISS+1 and SND.UNA to ISS. The connection state should be changed to SYN-RECEIVED."
     */
    void openPassive(Segment syn, long isn, long now, RstPolicy policy, Effects fx) {
        passive = true;
        iss = isn & Seq.MASK;
        recover = iss;
        sndUna = iss;
        sndNxt = Seq.add(iss, 1);
        sndMax = sndNxt;
        sndBufSeq = sndNxt;
        takeSynOptions(syn);
        irs = syn.seq();
        rcvNxt = Seq.add(syn.seq(), 1);
        // RFC 7323 §2.2: the window in a SYN is never scaled.
        sndWnd = syn.window();
        maxSndWnd = sndWnd;
        sndWl1 = syn.seq();
        sndWl2 = syn.ack();
        lastReceived = now;
        // "any other control or text should be queued for processing later" (RFC 9293 §3.10.7.2); Linux without
        // TCP Fast Open discards it (tcp_conn_request), and the peer sends it again once synchronized. Either way
        // the SYN,ACK acknowledges the SYN only; queued data are delivered on ESTABLISHED (deliverSynData).
        if (syn.len() > 0) {
            keepSynData(syn, decide(policy, "dataOnSynToListener", policy.dataOnSynToListener(context(syn)), fx));
        }
        setState(TcpState.SYN_RECEIVED, fx);
        fx.count(Counter.TCP_PASSIVE_OPENS);
        sendSyn(now, fx, true);
    }

    private void takeSynOptions(Segment syn) {
        // RFC 9293 §3.7.1: without an MSS option the peer takes 536.
        int peerMss = syn.mss() > 0 ? syn.mss() : 536;
        // Linux tcp_connect_init adds TCPOLEN_MD5SIG_ALIGNED (20) to tcp_header_len, so tcp_current_mss leaves room
        // for the option in every segment we send; the MSS we announce stays the path's (tcp_advertise_mss), and
        // the peer does the same on its side. A full-sized signed segment still fits the MTU.
        sndMss = Math.max(1, Math.min(peerMss, cfg.mss) - signatureOverhead);
        cwnd = (long) INITIAL_WINDOW * sndMss;
        // RFC 7323 §2.2: window scaling is on only if both SYNs carry the option.
        peerOfferedWs = syn.windowScale() >= 0;
        if (peerOfferedWs) {
            sndWscale = Math.min(syn.windowScale(), 14);
        } else {
            sndWscale = 0;
            rcvWscale = 0;
        }
    }

    private void sendSyn(long now, Effects fx, boolean withAck) {
        int window = (int) Math.min(cfg.receiveBuffer, 0xFFFF);
        rcvAdvRight = Seq.add(rcvNxt, window);
        // RFC 7323 §1.3: a SYN,ACK carries the window-scale option only if the SYN did.
        int ws = withAck && !peerOfferedWs ? -1 : rcvWscale;
        Segment syn = new Segment(local.port(), remote.port(), iss, withAck ? rcvNxt : 0,
                withAck ? SYN | ACK : SYN, window, cfg.mss, ws, null);
        fx.send(this, syn, null);
        fx.count(Counter.TCP_OUT_SEGS);
        if (rttStart == NEVER && backoffs == 0) {
            rttSeq = Seq.add(iss, 1);
            rttStart = now;
        }
        if (rtxDeadline == NEVER) {
            rtxDeadline = now + rto;
        }
        if (unackedSince == NEVER) {
            unackedSince = now;
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // RFC 9293 §3.10.7 SEGMENT ARRIVES (SYN-SENT and "otherwise"; CLOSED and LISTEN live in NoSocket, Listener)
    // ------------------------------------------------------------------------------------------------------

    void segmentArrives(Segment seg, long now, RstPolicy policy, Effects fx) {
        lastReceived = now;
        keepaliveProbes = 0;
        switch (state) {
            case SYN_SENT -> synSent(seg, now, policy, fx);
            case CLOSED, LISTEN -> fx.dropped(this, seg, DropReason.NO_SOCKET);
            default -> otherwise(seg, now, policy, fx);
        }
        rearm(now);
    }

    /** RFC 9293 §3.10.7.3: "If the state is SYN-SENT, then". */
    private void synSent(Segment seg, long now, RstPolicy policy, Effects fx) {
        // "First, check the ACK bit: If the ACK bit is set,"
        boolean ackAcceptable = false;
        if (seg.has(ACK)) {
            // "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the RST bit is set, if so drop the
            // segment and return) <SEQ=SEG.ACK><CTL=RST> and discard the segment. Return."
            // Linux (tcp_rcv_synsent_state_process): with no data on the SYN this is SEG.ACK != SND.NXT.
            if (Seq.leq(seg.ack(), iss) || Seq.gt(seg.ack(), sndNxt)) {
                if (!seg.has(RST)) {
                    sendRst(Segment.of(local.port(), remote.port(), seg.ack(), 0, RST, 0, null),
                            RstReason.TCP_INVALID_ACK_SEQUENCE, fx);
                }
                fx.dropped(this, seg, DropReason.TCP_ACK_UNSENT_DATA);
                return;
            }
            // "If SND.UNA < SEG.ACK =< SND.NXT, then the ACK is acceptable."
            ackAcceptable = Seq.lt(sndUna, seg.ack()) && Seq.leq(seg.ack(), sndNxt);
        }
        // "Second, check the RST bit:"
        if (seg.has(RST)) {
            // "If the ACK was acceptable, then signal to the user "error: connection reset", drop the segment,
            // enter CLOSED state, delete TCB, and return. Otherwise (no ACK), drop the segment and return."
            // RFC 5961 §3.2 keeps this rule for SYN-SENT. Linux tcp_reset: SYN-SENT gives ECONNREFUSED.
            if (ackAcceptable) {
                reset(policy, fx);
            } else {
                fx.dropped(this, seg, DropReason.TCP_RESET);
            }
            return;
        }
        // "Third, check the security" -- tcplab has no security compartments.
        // "Fourth, check the SYN bit: This step should be reached only if the ACK is ok, or there is no ACK,
        // and the segment did not contain a RST."
        if (seg.has(SYN)) {
            // "If the SYN bit is on ... then RCV.NXT is set to SEG.SEQ+1, IRS is set to SEG.SEQ."
            irs = seg.seq();
            rcvNxt = Seq.add(seg.seq(), 1);
            rcvAdvRight = Seq.add(rcvNxt, Math.min(cfg.receiveBuffer, 0xFFFF));
            takeSynOptions(seg);
            if (ackAcceptable) {
                // "SND.UNA should be advanced to equal SEG.ACK (if there is an ACK), and any segments on the
                // retransmission queue that are thereby acknowledged should be removed."
                ackSyn(seg.ack(), now);
            }
            // "If SND.UNA > ISS (our SYN has been ACKed), change the connection state to ESTABLISHED, form an
            // ACK segment <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and send it."
            if (Seq.gt(sndUna, iss)) {
                // RFC 7323 §2.2: the window of a SYN is not scaled.
                sndWnd = seg.window();
                maxSndWnd = sndWnd;
                sndWl1 = seg.seq();
                sndWl2 = seg.ack();
                setState(TcpState.ESTABLISHED, fx);
                // Linux: data on a SYN-ACK is not queued without TCP Fast Open; it will be sent again.
                sendAck(fx);
                output(now, fx);
                return;
            }
            // "Otherwise, enter SYN-RECEIVED, form a SYN,ACK segment <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> and
            // send it." This is the simultaneous open with crossed SYNs (RFC 793 figure 8), and connect to self.
            // Linux: "We see SYN without ACK. It is attempt of simultaneous connect with crossed SYNs.
            // Particularly, it can be connect to self." Linux discards data on that SYN; RFC 793 queues it
            // "for processing after the ESTABLISHED state has been reached". The policy decides.
            if (seg.len() > 0) {
                keepSynData(seg, decide(policy, "dataOnCrossedSyn", policy.dataOnCrossedSyn(context(seg)), fx));
            }
            sndWnd = seg.window();
            maxSndWnd = sndWnd;
            sndWl1 = seg.seq();
            setState(TcpState.SYN_RECEIVED, fx);
            rtxDeadline = NEVER;
            backoffs = 0;
            sendSyn(now, fx, true);
            return;
        }
        // "Fifth, if neither of the SYN or RST bits is set, then drop the segment and return."
        fx.dropped(this, seg, DropReason.TCP_FLAGS);
    }

    /** Keeps a copy of the SYN's data for {@link #deliverSynData} when the policy says QUEUE (RFC 793). */
    private void keepSynData(Segment syn, SynDataVerdict v) {
        if (v == SynDataVerdict.QUEUE) {
            synData = java.util.Arrays.copyOfRange(syn.buf(), syn.off(), syn.off() + syn.len());
        }
    }

    /**
     * Data queued from the peer's SYN (RFC 793), delivered now that the connection is ESTABLISHED, right after
     * the SYN (RCV.NXT = IRS+1), and acknowledged. If the segment that completed the handshake carries data
     * itself, the peer has sent it again: the queued copy is dropped and the segment's text is processed.
     */
    private void deliverSynData(Segment completing) {
        byte[] queued = synData;
        synData = null;
        if (queued == null || completing.len() > 0 || rcvNxt != Seq.add(irs, 1)) {
            return;
        }
        rcvBuf.append(queued, 0, queued.length);
        rcvNxt = Seq.add(rcvNxt, queued.length);
        ackPending = true;
    }

    /** RFC 9293 §3.10.7.4: "Otherwise," -- SYN-RECEIVED and the synchronized states. */
    private void otherwise(Segment seg, long now, RstPolicy policy, Effects fx) {
        unscaledWindow = seg.has(SYN);
        if (state == TcpState.SYN_RECEIVED && seg.has(SYN) && !seg.has(RST)) {
            if (seg.seq() == irs && !seg.has(ACK)) {
                // The peer's SYN again: our SYN,ACK was lost. Linux tcp_check_req: "Retransmitted SYN" -- send
                // the SYN,ACK again.
                sendSyn(now, fx, true);
                return;
            }
            if (seg.seq() == irs && seg.has(ACK) && seg.ack() == sndNxt && !passive) {
                // Simultaneous open, RFC 793 figure 8 line 6 (RFC 9293 figure 7): the peer's SYN,ACK arrives in
                // SYN-RECEIVED and "ESTABLISHED" follows. Its SYN is the one we already have: take the segment
                // without it. Linux makes the same exemption from the RFC 5961 §4.2 challenge ACK.
                seg = seg.withData(Seq.add(seg.seq(), 1), seg.flags() & ~SYN, seg.off(), seg.len());
            }
        }

        // first: "check sequence number"
        if (!acceptable(seg) && !inAtTheRightEdge(seg, policy, fx)) {
            // "If an incoming segment is not acceptable, an acknowledgment should be sent in reply (unless the
            // RST bit is set, if so drop the segment and return): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>"
            if (seg.has(RST)) {
                if (state.hasReceivedFin() && state != TcpState.TIME_WAIT
                        && seg.seq() == Seq.add(rcvNxt, -1)) {
                    // A RST carrying the sequence number of the peer's FIN: just below the window. RFC 793
                    // drops it; Linux tcp_reset_check accepts it.
                    RstVerdict v = decide(policy, "rstAtFinSequence", policy.rstAtFinSequence(context(seg)), fx);
                    applyRstVerdict(v, seg, now, policy, fx);
                    return;
                }
                fx.dropped(this, seg, DropReason.TCP_RESET);
                return;
            }
            if (seg.has(SYN)) {
                // RFC 5961 §4.2 applies to any SYN, in the window or not; RFC 793 answers one outside the window
                // with the ordinary ACK.
                synInSynchronizedState(seg, false, now, policy, fx);
                return;
            }
            fx.dropped(this, seg, DropReason.TCP_INVALID_SEQUENCE);
            if (seg.len() > 0 && Seq.lt(seg.seq(), rcvNxt)) {
                // Linux tcp_send_dupack: old data came again, so our ACK of it was lost or late: ACK quickly.
                enterQuickAckMode();
            }
            if (seg.len() == 0 && !seg.has(FIN)
                    && decide(policy, "outOfWindowAck", policy.outOfWindowAck(context(seg)), fx)
                            == OutOfWindowAckVerdict.RATE_LIMITED
                    && oowRateLimited(now, policy.challengeAckLimits(), Counter.TCP_EXT_ACK_SKIPPED_SEQ, fx)) {
                return;
            }
            sendAck(fx);
            if (state == TcpState.TIME_WAIT && seg.has(FIN)) {
                // TIME-WAIT: "The only thing that can arrive in this state is a retransmission of the remote
                // FIN. Acknowledge it, and restart the 2 MSL timeout."
                timeWaitDeadline = now + 2 * cfg.msl;
            }
            return;
        }
        // "In the following it is assumed that the segment is the idealized segment that begins at RCV.NXT and
        // does not exceed the window."
        Segment trimmed = trim(seg);

        // second: "check the RST bit"
        if (seg.has(RST)) {
            rstArrives(seg, now, policy, fx);
            return;
        }

        // third: "check security" -- tcplab has no security compartments.

        // fourth: "check the SYN bit"
        if (trimmed.has(SYN)) {
            if (state == TcpState.SYN_RECEIVED && passive) {
                // "If the connection was initiated with a passive OPEN, then return this connection to the
                // LISTEN state and return." Linux tcp_check_req: a SYN in the window aborts the embryonic
                // connection the same way.
                fx.count(Counter.TCP_ATTEMPT_FAILS);
                fx.count(Counter.TCP_EXT_EMBRYONIC_RSTS);
                backToListen(fx);
                return;
            }
            synInSynchronizedState(seg, true, now, policy, fx);
            return;
        }

        // fifth: "check the ACK field"
        if (!trimmed.has(ACK)) {
            // "if the ACK bit is off, drop the segment and return"
            fx.dropped(this, seg, DropReason.TCP_NO_ACK);
            return;
        }
        if (state == TcpState.SYN_RECEIVED) {
            // "If SND.UNA < SEG.ACK =< SND.NXT, then enter ESTABLISHED state and continue processing with the
            // variables below set to: SND.WND <- SEG.WND, SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK"
            if (Seq.lt(sndUna, trimmed.ack()) && Seq.leq(trimmed.ack(), sndNxt)) {
                ackSyn(trimmed.ack(), now);
                sndWnd = (long) trimmed.window() << (unscaledWindow ? 0 : sndWscale);
                maxSndWnd = Math.max(maxSndWnd, sndWnd);
                sndWl1 = trimmed.seq();
                sndWl2 = trimmed.ack();
                setState(TcpState.ESTABLISHED, fx);
                if (passive) {
                    fx.established(this);
                }
                deliverSynData(trimmed);
            } else {
                // "If the segment acknowledgment is not acceptable, form a reset segment <SEQ=SEG.ACK><CTL=RST>
                // and send it."
                sendRst(Segment.of(local.port(), remote.port(), trimmed.ack(), 0, RST, 0, null),
                        RstReason.TCP_FLAGS, fx);
                fx.dropped(this, seg, DropReason.TCP_ACK_UNSENT_DATA);
                return;
            }
        }
        if (!ackArrives(trimmed, now, policy, fx)) {
            if (state != TcpState.CLOSED) {
                // The segment is ignored, but what its ACK did (a window opening) may let queued data go.
                output(now, fx);
            }
            return;
        }

        // sixth: "check the URG bit" -- urgent data is not implemented; the pointer is ignored.

        // seventh: "process the segment text"
        boolean finInOrder = textArrives(trimmed, now, policy, fx);
        if (state == TcpState.CLOSED) {
            return; // aborted on data after close
        }

        // eighth: "check the FIN bit"
        if (finInOrder) {
            finArrives(now, fx);
        }
        output(now, fx);
    }

    /**
     * A segment without data exactly at RCV.NXT+RCV.WND: outside the window for RFC 793's test, inside for
     * Linux's tcp_sequence. The policy decides; only asked for that one sequence number.
     */
    private boolean inAtTheRightEdge(Segment seg, RstPolicy policy, Effects fx) {
        long rcvWnd = rcvWnd();
        if (seg.segLen() != 0 || rcvWnd == 0 || seg.seq() != Seq.add(rcvNxt, rcvWnd)) {
            return false;
        }
        WindowEdgeVerdict v = decide(policy, "segmentAtRightEdge", policy.segmentAtRightEdge(context(seg)), fx);
        return v == WindowEdgeVerdict.INSIDE;
    }

    /** RFC 9293 §3.10.7.4, first check: the four cases of the acceptability test. */
    boolean acceptable(Segment seg) {
        long rcvWnd = rcvWnd();
        int len = seg.segLen();
        if (len == 0) {
            return rcvWnd == 0 ? seg.seq() == rcvNxt : Seq.inWindow(seg.seq(), rcvNxt, rcvWnd);
        }
        if (rcvWnd == 0) {
            return false;
        }
        return Seq.inWindow(seg.seq(), rcvNxt, rcvWnd)
                || Seq.inWindow(Seq.add(seg.seq(), len - 1), rcvNxt, rcvWnd);
    }

    /** RCV.WND as last advertised. */
    long rcvWnd() {
        return Math.max(0, Seq.diff(rcvAdvRight, rcvNxt));
    }

    /** Cuts what lies before RCV.NXT (SYN first, then data) and beyond the window (data, then FIN). */
    private Segment trim(Segment seg) {
        long seq = seg.seq();
        int flags = seg.flags();
        int off = seg.off();
        int len = seg.len();
        int before = Seq.diff(rcvNxt, seq);
        if (before > 0) {
            if ((flags & SYN) != 0) {
                flags &= ~SYN;
                before--;
                seq = Seq.add(seq, 1);
            }
            int cut = Math.min(before, len);
            if (cut > 0) {
                off += cut;
                len -= cut;
                seq = Seq.add(seq, cut);
            }
        }
        long wnd = rcvWnd();
        int room = (int) Math.max(0, wnd - Seq.diff(seq, rcvNxt) - ((flags & SYN) != 0 ? 1 : 0));
        if (len > room) {
            len = room;
            flags &= ~FIN;
        }
        if (seq == seg.seq() && flags == seg.flags() && len == seg.len()) {
            return seg;
        }
        return seg.withData(seq, flags, off, len);
    }

    /** Second check, "If the RST bit is set", for SYN-RECEIVED and the synchronized states. */
    private void rstArrives(Segment seg, long now, RstPolicy policy, Effects fx) {
        if (state == TcpState.SYN_RECEIVED && passive) {
            // SYN-RECEIVED: "If this connection was initiated with a passive OPEN (i.e., came from the LISTEN
            // state), then return this connection to LISTEN state and return. The user need not be informed."
            // Linux tcp_check_req (embryonic reset) does this for any RST in the window.
            fx.count(Counter.TCP_ATTEMPT_FAILS);
            fx.count(Counter.TCP_EXT_EMBRYONIC_RSTS);
            backToListen(fx);
            return;
        }
        if (state == TcpState.TIME_WAIT) {
            // TIME-WAIT: "If the RST bit is set, then enter the CLOSED state, delete the TCB, and return."
            // RFC 1337 §4 (Linux tcp_rfc1337=1): ignore it and let 2*MSL run out. Linux also ignores, silently,
            // a RST not exactly at RCV.NXT (tcp_timewait_state_process takes only seq == tw_rcv_nxt): the
            // policy sees SEG.SEQ and RCV.NXT in the context and decides the whole case, with no challenge ACK.
            TimeWaitRstVerdict v = decide(policy, "rstInTimeWait", policy.rstInTimeWait(context(seg)), fx);
            if (v == TimeWaitRstVerdict.CLOSE) {
                delete(fx);
            } else {
                // The policy's decision, so counted as POLICY (Linux gives this drop no reason of its own).
                fx.dropped(this, seg, DropReason.POLICY);
            }
            return;
        }
        // RFC 5961 §3.2 (RFC 9293 §3.10.7.4): "1) If the RST bit is set and the sequence number is outside the
        // current receive window, silently drop the segment. 2) If the RST bit is set and the sequence number
        // exactly matches the next expected sequence number (RCV.NXT), then TCP endpoints MUST reset the
        // connection in the manner prescribed below according to the connection state. 3) If the RST bit is set
        // and the sequence number does not exactly match the next expected sequence value, yet is within the
        // current receive window, TCP endpoints MUST send an acknowledgment (challenge ACK)".
        if (seg.seq() == rcvNxt) {
            reset(policy, fx);
            return;
        }
        // RFC 793: any RST in the window resets. The policy decides.
        RstVerdict v = decide(policy, "rstInWindowNotExact", policy.rstInWindowNotExact(context(seg)), fx);
        applyRstVerdict(v, seg, now, policy, fx);
    }

    private void applyRstVerdict(RstVerdict v, Segment seg, long now, RstPolicy policy, Effects fx) {
        switch (v) {
            case RESET -> {
                if (state == TcpState.TIME_WAIT) {
                    delete(fx);
                } else {
                    reset(policy, fx);
                }
            }
            case CHALLENGE_ACK -> {
                fx.dropped(this, seg, DropReason.TCP_RESET);
                challengeAck(now, policy, fx);
            }
            case DROP -> fx.dropped(this, seg, DropReason.POLICY);
        }
    }

    /** Fourth check: a SYN in a synchronized state (or outside the window, from the first check). */
    private void synInSynchronizedState(Segment seg, boolean inWindow, long now, RstPolicy policy, Effects fx) {
        SynVerdict v = decide(policy, "synInSynchronizedState",
                policy.synInSynchronizedState(context(seg), inWindow), fx);
        switch (v) {
            case RESET -> {
                // RFC 793: "If the SYN is in the window it is an error, send a reset, any outstanding RECEIVEs
                // and SEND should receive "reset" responses, all segment queues should be flushed, the user
                // should also receive an unsolicited general "connection reset" signal, enter the CLOSED state,
                // delete the TCB, and return." The reset takes its numbers from the segment (RFC 793 §3.4).
                sendRst(NoSocket.replyTo(seg), RstReason.TCP_STATE, fx);
                if (state == TcpState.TIME_WAIT) {
                    delete(fx);
                } else {
                    reset(policy, fx);
                }
            }
            case ACK -> {
                fx.dropped(this, seg, DropReason.TCP_INVALID_SEQUENCE);
                sendAck(fx);
            }
            case CHALLENGE_ACK -> {
                // RFC 5961 §4.2: "the receiver MUST send an ACK (challenge ACK) to the remote peer".
                fx.count(Counter.TCP_EXT_SYN_CHALLENGE);
                fx.dropped(this, seg, DropReason.TCP_INVALID_SYN);
                challengeAck(now, policy, fx);
            }
        }
    }

    /**
     * Fifth check for the synchronized states, after SYN-RECEIVED became ESTABLISHED. Returns false when the
     * segment was dropped.
     */
    private boolean ackArrives(Segment seg, long now, RstPolicy policy, Effects fx) {
        long ack = seg.ack();
        // RFC 5961 §5.2: "The ACK value is considered acceptable only if it is in the range of
        // ((SND.UNA - MAX.SND.WND) =< SEG.ACK =< SND.NXT)". SND.NXT here is the highest number sent (sndMax):
        // after a timeout SND.NXT goes back, but what was sent beyond it may still be acknowledged.
        boolean tooNew = Seq.gt(ack, sndMax);
        boolean tooOld = Seq.lt(ack, Seq.add(sndUna, -maxSndWnd));
        if (tooNew || tooOld) {
            AckVerdict v = decide(policy, "ackOutsideWindow", policy.ackOutsideWindow(context(seg)), fx);
            if (v == AckVerdict.DROP_AND_ACK) {
                // RFC 5961 §5.2: "All incoming segments whose ACK value doesn't satisfy the above condition
                // MUST be discarded and an ACK sent back." Linux rate-limits it as a challenge ACK.
                fx.dropped(this, seg, tooNew ? DropReason.TCP_ACK_UNSENT_DATA : DropReason.TCP_TOO_OLD_ACK);
                challengeAck(now, policy, fx);
                return false;
            }
            if (tooNew) {
                // RFC 793: "If the ACK acks something not yet sent (SEG.ACK > SND.NXT) then send an ACK, drop
                // the segment, and return."
                fx.dropped(this, seg, DropReason.TCP_ACK_UNSENT_DATA);
                sendAck(fx);
                return false;
            }
            // RFC 793: "If the ACK is a duplicate (SEG.ACK < SND.UNA), it can be ignored." -- the text is still
            // processed below.
            return true;
        }
        // RFC 5681 §2: a duplicate ACK acknowledges nothing new, carries no data, SYN or FIN, and leaves the
        // window as it was while data is outstanding. §3.2: the third one retransmits what seems lost.
        if (ack == sndUna && seg.len() == 0 && !seg.has(FIN) && Seq.lt(sndUna, sndMax)
                && ((long) seg.window() << (unscaledWindow ? 0 : sndWscale)) == sndWnd) {
            // RFC 6582 §3.2 step 2: fast retransmit only "if the Cumulative Acknowledgment field covers more
            // than recover" -- not again for the same loss, nor for what an RTO already sent again.
            if (++dupAcks == 3 && !inRecovery && Seq.gt(ack, recover)) {
                inRecovery = true;
                recover = Seq.add(sndMax, -1);
                // RFC 5681 §3.2 steps 2-3 (RFC 6582 §3.2 step 2): halve, then inflate by the three segments
                // the duplicate ACKs say have left the network.
                ssthresh = lossThreshold();
                cwnd = ssthresh + 3L * sndMss;
                fastRetransmit(now, fx);
                rtxDeadline = now + rto;
            } else if (inRecovery && dupAcks > 3) {
                cwnd += sndMss; // §3.2 step 4: one more segment has left the network
            }
        }
        // ESTABLISHED: "If SND.UNA < SEG.ACK =< SND.NXT, then set SND.UNA <- SEG.ACK. Any segments on the
        // retransmission queue that are thereby entirely acknowledged are removed."
        if (Seq.lt(sndUna, ack)) {
            dupAcks = 0;
            long deadline = rtxDeadline;
            boolean firstPartial = !partialSeen;
            long flightBefore = Seq.diff(sndMax, sndUna);
            long acked = Seq.diff(ack, sndUna);
            newlyAcked(ack, now);
            if (!inRecovery) {
                grow(acked, flightBefore);
            } else {
                if (Seq.gt(ack, recover)) {
                    // RFC 6582 §3.2 step 3, full acknowledgment: "exit the fast recovery procedure", and deflate
                    // the window to ssthresh (the RFC's second choice, and Linux's tcp_end_cwnd_reduction).
                    inRecovery = false;
                    partialSeen = false;
                    cwnd = ssthresh;
                } else if (sndUna != sndMax) {
                    // Step 5: "deflate the congestion window by the amount of new data acknowledged by the
                    // cumulative acknowledgment field. If the partial ACK acknowledges at least one SMSS of new
                    // data, then add back SMSS bytes".
                    cwnd = Math.max(sndMss, cwnd - acked + (acked >= sndMss ? sndMss : 0));
                    // Step 5, partial acknowledgment: "retransmit the first unacknowledged segment" at once --
                    // a burst of losses is repaired one segment per round trip, not one per RTO. "For the first
                    // partial ACK that arrives during fast recovery, also reset the retransmit timer" (the
                    // Impatient variant): a long burst ends in one RTO, whose go-back-N resends the rest.
                    fastRetransmit(now, fx);
                    partialSeen = true;
                    rtxDeadline = firstPartial ? now + rto : deadline;
                }
            }
        }
        // "If SND.UNA =< SEG.ACK =< SND.NXT, the send window should be updated. If (SND.WL1 < SEG.SEQ or
        // (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK)), set SND.WND <- SEG.WND, set SND.WL1 <- SEG.SEQ, and set
        // SND.WL2 <- SEG.ACK."
        if (Seq.leq(sndUna, ack)
                && (Seq.lt(sndWl1, seg.seq()) || (sndWl1 == seg.seq() && Seq.leq(sndWl2, ack)))) {
            long before = sndWnd;
            sndWnd = (long) seg.window() << (unscaledWindow ? 0 : sndWscale);
            maxSndWnd = Math.max(maxSndWnd, sndWnd);
            sndWl1 = seg.seq();
            sndWl2 = ack;
            if (before == 0 && sndWnd > 0) {
                persistDeadline = NEVER;
                persistBackoff = 0;
            }
        }
        boolean finAcked = finQueued && sndUna == finSeqPlusOne();
        switch (state) {
            case FIN_WAIT_1 -> {
                // "In addition to the processing for the ESTABLISHED state, if the FIN segment is now
                // acknowledged, then enter FIN-WAIT-2 and continue processing in that state."
                if (finAcked) {
                    setState(TcpState.FIN_WAIT_2, fx);
                    if (orphan) {
                        // Linux: an orphaned FIN-WAIT-2 lives at most tcp_fin_timeout.
                        finWait2Deadline = now + cfg.finTimeout;
                    }
                }
            }
            case CLOSING -> {
                // "In addition to the processing for the ESTABLISHED state, if the ACK acknowledges our FIN,
                // then enter the TIME-WAIT state; otherwise, ignore the segment."
                if (finAcked) {
                    enterTimeWait(now, fx);
                } else {
                    return false;
                }
            }
            case LAST_ACK -> {
                // "The only thing that can arrive in this state is an acknowledgment of our FIN. If our FIN is
                // now acknowledged, delete the TCB, enter the CLOSED state, and return."
                if (finAcked) {
                    delete(fx);
                    return false;
                }
            }
            default -> {
            }
        }
        return true;
    }

    /** SND.UNA moves to {@code ack} for a SYN being acknowledged. */
    private void ackSyn(long ack, long now) {
        newlyAcked(ack, now);
    }

    private void newlyAcked(long ack, long now) {
        int dataAcked = Math.min(Math.max(0, Seq.diff(ack, sndBufSeq)), sndBuf.size());
        sndBuf.drop(dataAcked);
        sndBufSeq = Seq.add(sndBufSeq, dataAcked);
        sndUna = ack;
        if (Seq.gt(ack, sndNxt)) {
            sndNxt = ack;
        }
        // RFC 6298 §2: take a sample when the timed segment is acknowledged (Karn: none after a retransmission).
        if (rttStart != NEVER && Seq.geq(ack, rttSeq)) {
            rttSample(now - rttStart);
            rttStart = NEVER;
        }
        backoffs = 0;
        // RFC 6298 §5.2, 5.3: when everything is acknowledged stop the timer, else restart it.
        if (sndUna == sndMax) {
            rtxDeadline = NEVER;
            unackedSince = NEVER;
        } else {
            rtxDeadline = now + rto;
            unackedSince = now;
        }
    }

    /**
     * RFC 5681 §3.1: slow start below ssthresh (cwnd grows by what was acknowledged, as Linux's tcp_slow_start adds
     * the packets acknowledged, a stretched ACK included), congestion avoidance above it (one segment per window
     * acknowledged, Linux tcp_cong_avoid_ai). Only while the window was what limited the sender (Linux
     * tcp_is_cwnd_limited: in slow start, more than half of it in flight), so an application that sends little
     * does not inflate it.
     */
    private void grow(long acked, long flightBefore) {
        if (acked <= 0 || cwnd == Long.MAX_VALUE) {
            return;
        }
        if (cwnd < ssthresh) {
            if (2 * flightBefore < cwnd) {
                return;
            }
            long add = Math.min(acked, ssthresh - cwnd);
            cwnd += add;
            acked -= add;
            if (acked == 0) {
                return;
            }
        } else if (flightBefore + sndMss < cwnd) {
            return;
        }
        caAcked += acked;
        if (caAcked >= cwnd) {
            caAcked -= cwnd;
            cwnd += sndMss;
        }
    }

    /**
     * RFC 5681 §4.1 as Linux does it (tcp_cwnd_restart, net.ipv4.tcp_slow_start_after_idle = 1): new data after
     * more than an RTO with nothing in flight and nothing sent finds the network as unknown as at the start, so
     * the window halves for each RTO of silence, down to the initial window; ssthresh keeps 3/4 of the old window.
     * (Linux skips this for a congestion control with its own model, BBR.)
     */
    private void restartAfterIdle(long now) {
        if (lastDataSent == NEVER || sndUna != sndMax || cwnd == Long.MAX_VALUE || Seq.diff(finSeq(), sndNxt) <= 0) {
            return;
        }
        long idle = now - lastDataSent;
        if (idle <= rto) {
            return;
        }
        long restart = Math.min(cwnd, (long) INITIAL_WINDOW * sndMss);
        ssthresh = Math.max(ssthresh, cwnd / 4 * 3); // Linux tcp_current_ssthresh (an unbounded one stays so)
        long w = cwnd;
        for (long d = idle - rto; d > 0 && w > restart; d -= rto) {
            w >>= 1;
        }
        cwnd = Math.max(w, restart);
        lastDataSent = now;
    }

    /** RFC 5681 (4): ssthresh = max(FlightSize / 2, 2*SMSS). */
    private long lossThreshold() {
        return Math.max(Seq.diff(sndMax, sndUna) / 2, 2L * sndMss);
    }

    /** RFC 5681 §3.2 step 2: retransmit the first unacknowledged segment, leaving SND.NXT where it is. */
    private void fastRetransmit(long now, Effects fx) {
        int offset = Math.max(0, Seq.diff(sndUna, sndBufSeq));
        int outstanding = Math.max(0, Math.min(sndBuf.size() - offset, Seq.diff(sndMax, sndUna)));
        int len = Math.min(sndMss, outstanding);
        boolean fin = finQueued && offset + len == sndBuf.size() && Seq.gt(sndMax, finSeq());
        if (len == 0 && !fin) {
            return;
        }
        int flags = ACK | (fin ? FIN : 0) | (len > 0 && len == outstanding ? PSH : 0);
        fx.send(this, Segment.of(local.port(), remote.port(), sndUna, rcvNxt, flags, windowField(),
                sndBuf.peek(offset, len)), null);
        fx.count(Counter.TCP_OUT_SEGS);
        fx.count(Counter.TCP_RETRANS_SEGS);
        fx.count(Counter.TCP_EXT_FAST_RETRANS);
        acked();
        rttStart = NEVER; // Karn: no sample from a retransmitted segment
        rtxDeadline = now + rto;
    }

    private void rttSample(long r) {
        r = Math.max(r, 1);
        if (!rttMeasured) {
            // RFC 6298 §2.2
            srtt = r;
            rttvar = r / 2;
            rttMeasured = true;
        } else {
            // RFC 6298 §2.3, alpha 1/8, beta 1/4
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
            srtt = (7 * srtt + r) / 8;
        }
        long g = 1_000_000L; // 1 ms clock granularity
        rto = clampRto(srtt + Math.max(g, 4 * rttvar));
    }

    private long clampRto(long value) {
        // RFC 6298 §2.4 says a 1 s minimum; Linux uses TCP_RTO_MIN, 200 ms. §2.5: a maximum may be placed.
        return Math.min(cfg.maxRto, Math.max(cfg.minRto, value));
    }

    /**
     * Seventh check, "process the segment text", for ESTABLISHED, FIN-WAIT-1 and FIN-WAIT-2. Returns whether a
     * FIN is now next in order (the eighth check then processes it).
     */
    private boolean textArrives(Segment seg, long now, RstPolicy policy, Effects fx) {
        int len = seg.len();
        boolean fin = seg.has(FIN);
        if (len == 0 && !fin) {
            return false;
        }
        boolean newData = len > 0 && Seq.gt(Seq.add(seg.seq(), len), rcvNxt);
        if (newData && rcvShutdown && (state == TcpState.FIN_WAIT_1 || state == TcpState.FIN_WAIT_2
                || state == TcpState.CLOSE_WAIT || state == TcpState.CLOSING || state == TcpState.LAST_ACK
                || orphan)) {
            // RFC 1122 §4.2.2.13 / RFC 2525 §2.17: new data after the application closed is lost, so tell the
            // peer with a RST. Linux tcp_rcv_state_process: "RFC 793 says to queue data in these states,
            // RFC 1122 says we MUST send a reset." (TCPAbortOnData; the RST answers the segment.)
            fx.count(Counter.TCP_EXT_ABORT_ON_DATA);
            sendRst(NoSocket.replyTo(seg), RstReason.TCP_ABORT_ON_DATA, fx);
            reset(policy, fx);
            return false;
        }
        switch (state) {
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, SYN_RECEIVED -> {
                // "Once in the ESTABLISHED state, it is possible to deliver segment data to user RECEIVE
                // buffers. ... Send an acknowledgment of the form: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>"
                if (seg.seq() == rcvNxt) {
                    boolean fillsHole = !ooo.isEmpty();
                    if (len > 0) {
                        rcvBuf.append(seg.buf(), seg.off(), len);
                        rcvNxt = Seq.add(rcvNxt, len);
                    }
                    boolean finNext = fin;
                    if (!fin) {
                        finNext = drainOutOfOrder();
                    } else {
                        ooo.clear();
                    }
                    ackInOrder(len, fillsHole || finNext, now, fx);
                    return finNext;
                }
                // Out of order (after trimming it starts beyond RCV.NXT): queue it and ACK what we have, which
                // tells the peer where the hole is.
                long key = Integer.toUnsignedLong(Seq.diff(seg.seq(), irs));
                Segment prev = ooo.get(key);
                if (prev == null || prev.segLen() < seg.segLen()) {
                    ooo.put(key, seg);
                    fx.count(Counter.TCP_EXT_OFO_QUEUE);
                }
                // RFC 5681 §4.2: "Out-of-order data segments SHOULD be acknowledged immediately, in order to
                // accelerate loss recovery." Each of these duplicate ACKs counts at the sender: never merged.
                ackPending = true;
                ackNow = true;
                return false;
            }
            default -> {
                // CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: "This should not occur since a FIN has been received
                // from the remote side. Ignore the segment text."
                return false;
            }
        }
    }

    private boolean ackPending;
    /**
     * How many full-sized segments one ACK may cover at most when the host holds ACKs to the end of a batch. One
     * ACK per batch of hundreds of segments opens the sender's window in one jump: a kernel sender then bursts
     * more than the TUN device's queue holds (1000 datagrams), and drops follow (measured: about 6,000 per
     * 100 MB transfer, and a fifth of the throughput; with 8, none). RFC 9293 asks for an ACK per two full-sized
     * segments; Linux's GRO stretches that to up to 64 KB per ACK.
     */
    static final int STRETCH = 8;
    /** The ACK owed goes out now, never held to the end of the host's batch (a duplicate ACK). */
    private boolean ackNow;
    /** Data octets taken in order since the last segment we sent (every one of them carries ACK=RCV.NXT). */
    private int rcvUnacked;
    /** When the delayed ACK must go at the latest; NEVER when no ACK is being delayed. */
    long delAckDeadline = NEVER;
    /** The host holds this connection's ACK until the end of its batch of datagrams ({@link Effects#deferAck}). */
    private boolean ackDeferred;
    /** Linux TCP_MAX_QUICKACKS: quick-ACK mode covers at most this many ACKs. */
    static final int MAX_QUICK_ACKS = 16;
    /**
     * Linux's quick-ACK mode (icsk_ack.quick): how many more ACKs of new data go at once instead of being delayed.
     * Set when a connection's first data arrive and after a silence longer than the RTO, so that a sender in slow
     * start is not held back by delayed ACKs; spent one per ACK of new data.
     */
    int quickAcks;
    /** When data last arrived in order (Linux icsk_ack.lrcvtime); NEVER before the first. */
    long lastDataAt = NEVER;
    /**
     * Interactive (Linux pingpong mode, tcp_pingpong_thresh 1): we sent data within the delayed-ACK time of
     * receiving some, so our ACKs may wait to ride on the next reply even in quick-ACK mode. Left when a delayed
     * ACK had to go on its own, or on entering quick-ACK mode.
     */
    boolean pingpong;

    /**
     * Data arrived in order: acknowledge it now or delay the ACK. RFC 9293 §3.8.6.3: "A TCP SHOULD implement a
     * delayed ACK, but an ACK should not be excessively delayed; in particular, the delay MUST be less than 0.5
     * seconds. An ACK SHOULD be generated for at least every second full-sized segment". RFC 5681 §4.2: "a TCP
     * receiver SHOULD send an immediate ACK when the incoming segment fills in all or part of a gap in the
     * sequence space". Linux __tcp_ack_snd_check: at once when more than one full-sized segment is unacknowledged.
     * A FIN is acknowledged at once ({@code quick}).
     */
    private void ackInOrder(int len, boolean quick, long now, Effects fx) {
        rcvUnacked += len;
        if (len > 0) {
            // Linux tcp_event_data_recv: the first data of a connection, and data after a silence longer than the
            // RTO ("sender failed to restart window"), start quick-ACK mode.
            if (lastDataAt == NEVER || now - lastDataAt > rto) {
                incrQuickAcks();
            }
            lastDataAt = now;
        }
        if (quick || cfg.delayedAck == 0 || rcvUnacked > sndMss || (quickAcks > 0 && !pingpong)) {
            ackPending = true;
            return;
        }
        if (delAckDeadline == NEVER) {
            delAckDeadline = now + cfg.delayedAck;
            fx.ackDelayed(this, delAckDeadline);
        }
    }

    /** The end of the host's batch: the ACK it held for this connection goes now (if nothing carried it since). */
    void flushAck(Effects fx) {
        if (ackDeferred) {
            ackDeferred = false;
            if (state != TcpState.CLOSED) {
                sendAck(fx);
            }
        }
    }

    /**
     * Linux tcp_incr_quickack: as many quick ACKs as half the receive window holds full-sized segments (at least
     * 2, at most {@link #MAX_QUICK_ACKS}), unless more are left already.
     */
    private void incrQuickAcks() {
        // Linux's rcv_wnd: the window as advertised with our last ACK, i.e. counted from what that ACK covered.
        int n = (int) Math.min((rcvWnd() + rcvUnacked) / (2L * sndMss), Integer.MAX_VALUE);
        if (n == 0) {
            n = 2;
        }
        quickAcks = Math.max(quickAcks, Math.min(n, MAX_QUICK_ACKS));
    }

    /** Linux tcp_enter_quickack_mode: more quick ACKs, and no longer interactive. */
    private void enterQuickAckMode() {
        incrQuickAcks();
        pingpong = false;
    }

    /** A segment carrying ACK=RCV.NXT left: nothing is owed any more. */
    private void acked() {
        if (rcvUnacked > 0 && quickAcks > 0) {
            quickAcks--; // Linux tcp_dec_quickack_mode: one per ACK of new data
        }
        rcvUnacked = 0;
        delAckDeadline = NEVER;
        ackDeferred = false;
    }

    /** Data that came on the peer's SYN (crossed, or to our listener), kept until ESTABLISHED when the policy says so (RFC 793). */
    private byte[] synData;

    /** Moves out-of-order segments that now follow RCV.NXT into the receive buffer; true when a FIN came next. */
    private boolean drainOutOfOrder() {
        while (!ooo.isEmpty()) {
            Map.Entry<Long, Segment> first = ooo.firstEntry();
            Segment s = first.getValue();
            int skip = Seq.diff(rcvNxt, s.seq());
            if (skip < 0) {
                return false; // still a hole
            }
            ooo.pollFirstEntry();
            if (skip < s.len()) {
                rcvBuf.append(s.buf(), s.off() + skip, s.len() - skip);
                rcvNxt = Seq.add(rcvNxt, s.len() - skip);
            }
            if (s.has(FIN) && skip <= s.len()) {
                ooo.clear();
                return true;
            }
        }
        return false;
    }

    /** Eighth check, "check the FIN bit", for a FIN that is next in sequence. */
    private void finArrives(long now, Effects fx) {
        // "If the FIN bit is set, signal the user "connection closing" and return any pending RECEIVEs with
        // same message, advance RCV.NXT over the FIN, and send an acknowledgment for the FIN."
        if (!state.hasReceivedFin()) {
            rcvNxt = Seq.add(rcvNxt, 1);
            finReceived = true;
        }
        ackPending = true;
        switch (state) {
            // "SYN-RECEIVED STATE, ESTABLISHED STATE: Enter the CLOSE-WAIT state."
            case SYN_RECEIVED, ESTABLISHED -> setState(TcpState.CLOSE_WAIT, fx);
            case FIN_WAIT_1 -> {
                // "If our FIN has been ACKed (perhaps in this segment), then enter TIME-WAIT, start the
                // time-wait timer, turn off the other timers; otherwise, enter the CLOSING state."
                if (finQueued && sndUna == finSeqPlusOne()) {
                    enterTimeWait(now, fx);
                } else {
                    setState(TcpState.CLOSING, fx);
                }
            }
            // "FIN-WAIT-2 STATE: Enter the TIME-WAIT state. Start the time-wait timer, turn off the other timers."
            case FIN_WAIT_2 -> enterTimeWait(now, fx);
            // "TIME-WAIT STATE: Remain in the TIME-WAIT state. Restart the 2 MSL time-wait timeout."
            case TIME_WAIT -> timeWaitDeadline = now + 2 * cfg.msl;
            // "CLOSE-WAIT, CLOSING, LAST-ACK: Remain in the state."
            default -> {
            }
        }
    }

    private void enterTimeWait(long now, Effects fx) {
        setState(TcpState.TIME_WAIT, fx);
        delAckDeadline = NEVER;
        rtxDeadline = NEVER;
        persistDeadline = NEVER;
        keepaliveDeadline = NEVER;
        finWait2Deadline = NEVER;
        timeWaitDeadline = now + 2 * cfg.msl;
    }

    /**
     * Linux tcp_timewait_state_process: a SYN without ACK or RST in TIME-WAIT whose SEG.SEQ is beyond RCV.NXT
     * may open a new connection (RFC 1122 §4.2.2.13, RFC 6191); the TIME-WAIT connection then goes.
     */
    boolean acceptsNewSynInTimeWait(Segment seg) {
        return state == TcpState.TIME_WAIT && seg.has(SYN) && !seg.has(ACK) && !seg.has(RST)
                && Seq.gt(seg.seq(), rcvNxt);
    }

    // ------------------------------------------------------------------------------------------------------
    // Output
    // ------------------------------------------------------------------------------------------------------

    /** The sequence number of our FIN, once the user has closed the sending side. */
    long finSeq() {
        return Seq.add(sndBufSeq, sndBuf.size());
    }

    private long finSeqPlusOne() {
        return Seq.add(finSeq(), 1);
    }

    private boolean mayCarryData() {
        return switch (state) {
            case ESTABLISHED, CLOSE_WAIT, FIN_WAIT_1, CLOSING, LAST_ACK -> true;
            default -> false;
        };
    }

    /** Sends what the window allows (data, then our FIN), or a bare ACK when one is owed. */
    void output(long now, Effects fx) {
        boolean sent = false;
        if (mayCarryData()) {
            restartAfterIdle(now);
            while (true) {
                long dataEnd = finSeq();
                int unsent = Math.max(0, Seq.diff(dataEnd, sndNxt));
                long usable = Math.min(sndWnd, cwnd) - Seq.diff(sndNxt, sndUna);
                boolean finNow = finQueued && Seq.leq(sndNxt, dataEnd);
                if (unsent > 0 && usable > 0) {
                    int len = (int) Math.min(Math.min(unsent, usable), sndMss);
                    // RFC 896 (Nagle) as RFC 9293 §3.8.6.2.1: hold a small segment while data is unacknowledged.
                    if (len < sndMss && len == unsent && !cfg.nodelay && sndNxt != sndUna && !finQueued) {
                        break;
                    }
                    boolean fin = finNow && len == unsent;
                    int flags = ACK | (len == unsent ? PSH : 0) | (fin ? FIN : 0);
                    // The data are a view of the send buffer when they do not wrap around its ring: Effects.send
                    // emits them before returning, and whoever keeps a sent segment copies it (Segment).
                    int offset = Seq.diff(sndNxt, sndBufSeq);
                    int at = sndBuf.indexOf(offset, len);
                    Segment seg = at >= 0
                            ? new Segment(local.port(), remote.port(), sndNxt, rcvNxt, flags, windowField(), -1, -1,
                                    sndBuf.array(), at, len)
                            : Segment.of(local.port(), remote.port(), sndNxt, rcvNxt, flags, windowField(),
                                    sndBuf.peek(offset, len));
                    transmit(seg, len + (fin ? 1 : 0), now, fx);
                    sent = true;
                    continue;
                }
                if (unsent == 0 && finNow && (state == TcpState.FIN_WAIT_1 || state == TcpState.LAST_ACK
                        || state == TcpState.CLOSING)) {
                    transmit(Segment.of(local.port(), remote.port(), sndNxt, rcvNxt, FIN | ACK, windowField(), null),
                            1, now, fx);
                    sent = true;
                }
                if (unsent > 0 && sndWnd == 0 && sndNxt == sndUna && persistDeadline == NEVER) {
                    // RFC 9293 §3.8.6.1: probe a zero window; the persist timer backs off like the RTO.
                    persistBackoff = rto;
                    persistDeadline = now + persistBackoff;
                }
                break;
            }
        }
        if (ackPending && !sent) {
            if (!ackNow && rcvUnacked < STRETCH * sndMss && (ackDeferred || fx.deferAck(this))) {
                ackDeferred = true;
            } else {
                sendAck(fx);
            }
        }
        ackPending = false;
        ackNow = false;
    }

    private void transmit(Segment seg, int seqLen, long now, Effects fx) {
        boolean retransmission = Seq.lt(seg.seq(), sndMax);
        fx.send(this, seg, null);
        fx.count(Counter.TCP_OUT_SEGS);
        if (retransmission) {
            fx.count(Counter.TCP_RETRANS_SEGS);
        }
        long end = Seq.add(seg.seq(), seqLen);
        sndNxt = end;
        if (Seq.gt(end, sndMax)) {
            sndMax = end;
        }
        if (!retransmission && rttStart == NEVER) {
            rttSeq = end;
            rttStart = now;
        }
        if (seg.len() > 0) {
            lastDataSent = now;
            if (lastDataAt != NEVER && now - lastDataAt < cfg.delayedAck) {
                pingpong = true; // Linux tcp_event_data_sent: a reply within the delayed-ACK time of the data
            }
        }
        if (rtxDeadline == NEVER) {
            rtxDeadline = now + rto;
        }
        if (unackedSince == NEVER) {
            unackedSince = now;
        }
        ackPending = false;
        acked();
    }

    /** The window field we send: free receive buffer, scaled, never moving the right edge back (RFC 9293 §3.8.6.2.2). */
    private int windowField() {
        long free = Math.max(0, cfg.receiveBuffer - rcvBuf.size());
        long field = Math.min(free >> rcvWscale, 0xFFFF);
        long right = Seq.add(rcvNxt, field << rcvWscale);
        if (Seq.gt(right, rcvAdvRight)) {
            rcvAdvRight = right;
        }
        return (int) Math.min(0xFFFF, rcvWnd() >> rcvWscale);
    }

    void sendAck(Effects fx) {
        // <SEQ=SND.NXT>: the highest number sent (sndMax), not the retransmission pointer. An ACK numbered below
        // what the peer already holds would itself be unacceptable there and draw an ACK back, forever.
        fx.send(this, Segment.of(local.port(), remote.port(), sndMax, rcvNxt, ACK, windowField(), null), null);
        fx.count(Counter.TCP_OUT_SEGS);
        ackPending = false;
        acked();
    }

    /**
     * RFC 5961 challenge ACK within the policy's limits, checked as Linux tcp_send_challenge_ack does: first at
     * most one per tcp_invalid_ratelimit per connection (tcp_oow_rate_limited), then the host-wide budget.
     */
    private void challengeAck(long now, RstPolicy policy, Effects fx) {
        ChallengeAckLimits limits = policy.challengeAckLimits();
        if (oowRateLimited(now, limits, Counter.TCP_EXT_ACK_SKIPPED_CHALLENGE, fx)) {
            return;
        }
        if (!fx.takeHostChallengeAck(limits.hostWidePerSecond(), now)) {
            return; // Linux counts nothing here: the host-wide limit must not be observable.
        }
        fx.count(Counter.TCP_EXT_CHALLENGE_ACK);
        sendAck(fx);
    }

    /**
     * Linux __tcp_oow_rate_limited: true (and {@code skipped} counted) when this connection answered a segment
     * outside its window, with a challenge ACK or a duplicate ACK, less than the policy's per-socket interval ago;
     * else the answer may go, and its time is noted.
     */
    private boolean oowRateLimited(long now, ChallengeAckLimits limits, Counter skipped, Effects fx) {
        if (lastOowAck != NEVER && now - lastOowAck < limits.perSocket().toNanos()) {
            fx.count(skipped);
            return true;
        }
        lastOowAck = now;
        return false;
    }

    private void sendRst(Segment rst, RstReason reason, Effects fx) {
        fx.send(this, rst, reason);
        fx.count(Counter.TCP_OUT_SEGS);
        fx.count(Counter.TCP_OUT_RSTS);
    }

    // ------------------------------------------------------------------------------------------------------
    // User calls (RFC 9293 §3.10.2 - §3.10.6)
    // ------------------------------------------------------------------------------------------------------

    /** SEND: queues what fits in the send buffer and returns how much that was. */
    int userSend(byte[] data, int off, int len, long now, Effects fx) {
        int room = Math.max(0, cfg.sendBuffer - sndBuf.size());
        int n = Math.min(room, len);
        if (n > 0) {
            sndBuf.append(data, off, n);
            if (state != TcpState.SYN_SENT && state != TcpState.SYN_RECEIVED) {
                output(now, fx);
                rearm(now);
            }
        }
        return n;
    }

    int sendSpace() {
        return Math.max(0, cfg.sendBuffer - sndBuf.size());
    }

    /** RECEIVE: takes up to {@code max} bytes; opens the window again with an update when it had closed. */
    byte[] userRead(int max, long now, Effects fx) {
        int n = Math.min(max, rcvBuf.size());
        long before = rcvWnd();
        byte[] out = rcvBuf.take(n);
        readDone(n, before, fx);
        return out;
    }

    /** RECEIVE into {@code dst}: up to its remaining bytes, put at its position; returns how many. */
    int userRead(java.nio.ByteBuffer dst, long now, Effects fx) {
        int n = Math.min(dst.remaining(), rcvBuf.size());
        long before = rcvWnd();
        rcvBuf.takeInto(dst, n);
        readDone(n, before, fx);
        return n;
    }

    private void readDone(int n, long before, Effects fx) {
        if (n > 0 && state.isSynchronized() && !state.hasReceivedFin()) {
            long free = cfg.receiveBuffer - rcvBuf.size();
            // Receiver side of silly window avoidance (RFC 9293 §3.8.6.2.2): announce when the window grows by
            // an MSS or half the buffer.
            if (free - before >= Math.min(cfg.receiveBuffer / 2, sndMss) && before < free) {
                sendAck(fx);
            }
        }
    }

    /**
     * CLOSE. RFC 9293 §3.10.4 per state; Linux tcp_close sends a RST instead of a FIN when unread data remains
     * (RFC 2525 §2.17) or when SO_LINGER is zero.
     */
    void userClose(boolean lingerZero, long now, RstPolicy policy, Effects fx) {
        orphan = true;
        boolean unread = !rcvBuf.isEmpty();
        rcvShutdown = true;
        sendShutdown = true;
        rcvBuf.clear();
        if (state == TcpState.CLOSED) {
            return;
        }
        if (unread || lingerZero) {
            if (state != TcpState.SYN_SENT && state != TcpState.TIME_WAIT) {
                fx.count(unread ? Counter.TCP_EXT_ABORT_ON_CLOSE : Counter.TCP_EXT_ABORT_ON_LINGER);
                abort(unread ? RstReason.TCP_ABORT_ON_CLOSE : RstReason.TCP_ABORT_ON_LINGER, fx);
            } else {
                delete(fx);
            }
            return;
        }
        switch (state) {
            // "SYN-SENT STATE: Delete the TCB and return "error: closing" responses to any queued SENDs"
            case SYN_SENT -> delete(fx);
            // "SYN-RECEIVED STATE: If no SENDs have been issued and there is no pending data to send, then form
            // a FIN segment and send it, and enter FIN-WAIT-1 state"
            case SYN_RECEIVED, ESTABLISHED -> {
                finQueued = true;
                setState(TcpState.FIN_WAIT_1, fx);
                output(now, fx);
            }
            // "CLOSE-WAIT STATE: Queue this request until all preceding SENDs have been segmentized; then send a
            // FIN segment, enter LAST-ACK state."
            case CLOSE_WAIT -> {
                finQueued = true;
                setState(TcpState.LAST_ACK, fx);
                output(now, fx);
            }
            case FIN_WAIT_2 -> finWait2Deadline = now + cfg.finTimeout;
            default -> {
                // FIN-WAIT-1, CLOSING, LAST-ACK, TIME-WAIT: "error: connection closing" -- already closing.
            }
        }
        rearm(now);
    }

    /** shutdown(SHUT_WR): the FIN half of CLOSE without giving up the socket. */
    void userShutdownWrite(long now, Effects fx) {
        sendShutdown = true;
        switch (state) {
            case SYN_RECEIVED, ESTABLISHED -> {
                finQueued = true;
                setState(TcpState.FIN_WAIT_1, fx);
                output(now, fx);
            }
            case CLOSE_WAIT -> {
                finQueued = true;
                setState(TcpState.LAST_ACK, fx);
                output(now, fx);
            }
            default -> {
            }
        }
        rearm(now);
    }

    void userShutdownRead() {
        rcvShutdown = true;
    }

    /**
     * ABORT (RFC 9293 §3.10.5): "a reset segment should be sent <SEQ=SND.NXT><CTL=RST>". Linux
     * tcp_send_active_reset sends RST,ACK with the ACK at RCV.NXT.
     */
    void abort(RstReason reason, Effects fx) {
        if (state.isSynchronized() || state == TcpState.SYN_RECEIVED) {
            sendRst(Segment.of(local.port(), remote.port(), sndMax, rcvNxt, RST | ACK, 0, null), reason, fx);
        }
        if (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT) {
            fx.count(Counter.TCP_ESTAB_RESETS);
        }
        delete(fx);
    }

    // ------------------------------------------------------------------------------------------------------
    // Timeouts (RFC 9293 §3.10.8)
    // ------------------------------------------------------------------------------------------------------

    long nextDeadline() {
        long d = Math.min(rtxDeadline, persistDeadline);
        if (cfg.userTimeout > 0 && unackedSince != NEVER && rtxDeadline != NEVER) {
            // Linux tcp_clamp_rto_to_user_timeout: the user timeout fires on time, not at the next backoff.
            d = Math.min(d, unackedSince + cfg.userTimeout);
        }
        d = Math.min(d, keepaliveDeadline);
        d = Math.min(d, timeWaitDeadline);
        d = Math.min(d, delAckDeadline);
        return Math.min(d, finWait2Deadline);
    }

    /** Runs every timer due at {@code now}. */
    void timeout(long now, RstPolicy policy, Effects fx) {
        if (state == TcpState.CLOSED) {
            return;
        }
        if (timeWaitDeadline <= now) {
            // "TIME-WAIT TIMEOUT: If the time-wait timeout expires on a connection, delete the TCB, enter the
            // CLOSED state, and return."
            timeWaitDeadline = NEVER;
            delete(fx);
            return;
        }
        if (finWait2Deadline <= now) {
            finWait2Deadline = NEVER;
            if (state == TcpState.FIN_WAIT_2) {
                delete(fx);
                return;
            }
        }
        // "USER TIMEOUT: For any state if the user timeout expires, flush all queues, signal the user "error:
        // connection aborted due to user timeout" in general and for any outstanding calls, delete the TCB,
        // enter the CLOSED state, and return." (RFC 5482 TCP_USER_TIMEOUT; Linux reports ETIMEDOUT.)
        if (cfg.userTimeout > 0 && unackedSince != NEVER && rtxDeadline != NEVER
                && now - unackedSince >= cfg.userTimeout) {
            timedOut(fx);
            return;
        }
        if (delAckDeadline <= now) {
            // The delayed ACK's time is up: RFC 5681 §4.2 "MUST be generated within 500 ms". Linux
            // tcp_delack_timer_handler: no reply carried it, so the exchange is not interactive after all.
            pingpong = false;
            sendAck(fx);
        }
        if (rtxDeadline <= now) {
            retransmissionTimeout(now, fx);
            if (state == TcpState.CLOSED) {
                return;
            }
        }
        if (persistDeadline <= now) {
            // Linux tcp_send_probe0 / tcp_xmit_probe_skb: an ACK at SND.UNA-1 the receiver must answer with its
            // window.
            fx.count(Counter.TCP_EXT_WIN_PROBE);
            fx.send(this, Segment.of(local.port(), remote.port(), Seq.add(sndUna, -1), rcvNxt, ACK, windowField(),
                    null), null);
            fx.count(Counter.TCP_OUT_SEGS);
            persistBackoff = Math.min(cfg.maxRto, Math.max(persistBackoff, cfg.minRto) * 2);
            persistDeadline = now + persistBackoff;
        }
        if (keepaliveDeadline <= now) {
            keepaliveDeadline = NEVER;
            if (keepaliveProbes >= cfg.keepCnt) {
                // Linux tcp_keepalive_timer: "tcp_send_active_reset(sk, ..., SK_RST_REASON_TCP_KEEPALIVE_TIMEOUT);
                // tcp_write_err(sk);" -- ETIMEDOUT.
                sendRst(Segment.of(local.port(), remote.port(), sndMax, rcvNxt, RST | ACK, 0, null),
                        RstReason.TCP_KEEPALIVE_TIMEOUT, fx);
                timedOut(fx);
                return;
            }
            // RFC 9293 §3.8.4 / RFC 1122 §4.2.3.6: a probe with SEG.SEQ = SND.NXT-1 and no data.
            fx.count(Counter.TCP_EXT_KEEPALIVE);
            fx.send(this, Segment.of(local.port(), remote.port(), Seq.add(sndMax, -1), rcvNxt, ACK, windowField(),
                    null), null);
            fx.count(Counter.TCP_OUT_SEGS);
            keepaliveProbes++;
            keepaliveDeadline = now + cfg.keepIntvl;
            return;
        }
        rearm(now);
    }

    /** A partial ACK came in this fast recovery (RFC 6582): later ones leave the retransmission timer alone. */
    private boolean partialSeen;

    private void retransmissionTimeout(long now, Effects fx) {
        int limit = switch (state) {
            case SYN_SENT -> cfg.synRetries;
            case SYN_RECEIVED -> passive ? cfg.synAckRetries : cfg.synRetries;
            default -> cfg.retries2;
        };
        fx.count(Counter.TCP_EXT_TIMEOUTS);
        if (backoffs >= limit) {
            timedOut(fx);
            return;
        }
        backoffs++;
        // RFC 6298 §5.5: "The host MUST set RTO <- RTO * 2 ("back off the timer")"; §5.6 restart it.
        rto = Math.min(cfg.maxRto, rto * 2);
        rttStart = NEVER; // Karn
        rtxDeadline = NEVER;
        if (state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED) {
            fx.count(Counter.TCP_RETRANS_SEGS);
            fx.count(Counter.TCP_EXT_SYN_RETRANS);
            sendSyn(now, fx, state == TcpState.SYN_RECEIVED);
            return;
        }
        // RFC 5681 (4), on the first timeout of a loss ("if the segment has already been retransmitted by way of
        // the retransmission timer at least once, the value of ssthresh is held constant").
        if (backoffs == 1) {
            ssthresh = lossThreshold();
        }
        caAcked = 0;
        // RFC 6582 §3.2 step 1: "after a retransmit timeout, record the highest sequence number transmitted in
        // the variable recover, and exit the fast recovery procedure if applicable."
        recover = Seq.add(sndMax, -1);
        inRecovery = false;
        partialSeen = false;
        dupAcks = 0;
        // §5.4: "Retransmit the earliest segment that has not been acknowledged". We go back to SND.UNA and
        // send again, starting with the loss window of one segment (RFC 5681 §3.1).
        sndNxt = sndUna;
        cwnd = sndMss;
        output(now, fx);
        // Nothing went out (a closed window): the persist timer takes over.
        rtxDeadline = sndNxt == sndUna ? NEVER : now + rto;
    }

    private void timedOut(Effects fx) {
        fx.count(Counter.TCP_EXT_ABORT_ON_TIMEOUT);
        if (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT) {
            fx.count(Counter.TCP_ESTAB_RESETS);
        }
        // Linux tcp_write_err: "sk->sk_err = READ_ONCE(sk->sk_err_soft) ? : ETIMEDOUT".
        pendingError = softError != null ? softError : Errno.ETIMEDOUT;
        if (state == TcpState.SYN_RECEIVED && passive) {
            backToListen(fx);
            return;
        }
        done(fx);
    }

    /**
     * An ICMP destination unreachable quoting one of our segments, already matched (RFC 5927 §4.1: SND.UNA =<
     * SEG.SEQ < SND.NXT). Linux tcp_v4_err: in SYN-SENT and SYN-RECEIVED it aborts the connection; in the
     * synchronized states it is a soft error, reported only if the connection later times out (RFC 1122
     * §4.2.3.9).
     */
    void icmpError(Errno errno, Effects fx) {
        if (state == TcpState.SYN_SENT || (state == TcpState.SYN_RECEIVED && !passive)) {
            pendingError = errno;
            done(fx);
        } else {
            softError = errno;
        }
    }

    /** Linux net.ipv4.route.min_pmtu: a smaller next-hop MTU (or none, RFC 1191's 0 from an old router) counts as this. */
    static final int MIN_PMTU = 552;

    /**
     * ICMP "fragmentation needed and DF set" with the next-hop MTU (RFC 1191 §6.1; Linux tcp_v4_mtu_reduced):
     * segments shrink to fit the path, and what is in flight goes again at once at the new size (Linux
     * tcp_simple_retransmit: the big ones were dropped on the way, so no congestion signal and no back-off).
     * Nothing changes when our segments fit already. tcplab never fragments: below {@link #MIN_PMTU} the path stays
     * a black hole, as for Linux, which would fragment there instead.
     */
    void pathMtuReduced(int nextHopMtu, long now, Effects fx) {
        int mss = Math.max(nextHopMtu, MIN_PMTU) - 40 - signatureOverhead;
        if (mss >= sndMss) {
            return;
        }
        if (cwnd != Long.MAX_VALUE) {
            cwnd = Math.max(mss, cwnd / sndMss * mss); // Linux counts its window in segments: as many as before
        }
        sndMss = mss;
        if (Seq.lt(sndUna, sndNxt)) {
            sndNxt = sndUna;
            rttStart = NEVER; // Karn: what goes now is sent again
            output(now, fx);
        }
    }

    /** Whether a quoted sequence number is one we have sent and not seen acknowledged (RFC 5927 §4.1). */
    boolean icmpSeqAcceptable(long seq) {
        return Seq.leq(sndUna, seq) && Seq.lt(seq, sndMax);
    }

    /** Sets the keepalive timer after activity; the other timers are set where their events happen. */
    void rearm(long now) {
        boolean idleState = state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT
                || state == TcpState.FIN_WAIT_2;
        if (!cfg.keepalive || !idleState) {
            keepaliveDeadline = NEVER;
        } else if (keepaliveProbes == 0) {
            // Linux tcp_keepalive_timer: no probes while data is outstanding.
            keepaliveDeadline = sndUna == sndMax ? lastReceived + cfg.keepIdle : NEVER;
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Closing down
    // ------------------------------------------------------------------------------------------------------

    /**
     * Linux tcp_reset: "We want the right error as BSD sees it": SYN-SENT ECONNREFUSED, CLOSE-WAIT as the policy
     * says (Linux EPIPE), otherwise ECONNRESET; then the queues are purged and tcp_done.
     */
    void reset(RstPolicy policy, Effects fx) {
        Errno errno = switch (state) {
            case SYN_SENT -> Errno.ECONNREFUSED;
            case CLOSE_WAIT -> decide(policy, "errnoForRstInCloseWait", policy.errnoForRstInCloseWait(), fx);
            // RFC 9293: SYN-RECEIVED from an active OPEN, "the connection was refused"; Linux: ECONNRESET.
            case SYN_RECEIVED -> passive ? Errno.ECONNRESET : decide(policy, "errnoForRstInActiveSynReceived",
                    policy.errnoForRstInActiveSynReceived(), fx);
            default -> Errno.ECONNRESET;
        };
        if (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT) {
            fx.count(Counter.TCP_ESTAB_RESETS);
        }
        pendingError = errno;
        done(fx);
    }

    /** Linux tcp_done: CLOSED, timers off, both directions shut down, send queue purged. */
    private void done(Effects fx) {
        if (state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED) {
            fx.count(Counter.TCP_ATTEMPT_FAILS);
        }
        sendShutdown = true;
        rcvShutdown = true;
        delete(fx);
    }

    /** "delete the TCB, enter the CLOSED state". Data already received stays readable. */
    void delete(Effects fx) {
        sndBuf.clear();
        ooo.clear();
        acked();
        rtxDeadline = NEVER;
        persistDeadline = NEVER;
        keepaliveDeadline = NEVER;
        timeWaitDeadline = NEVER;
        finWait2Deadline = NEVER;
        if (state != TcpState.CLOSED) {
            setState(TcpState.CLOSED, fx);
            fx.deleted(this);
        }
    }

    /** A passive SYN-RECEIVED connection goes: its listener simply carries on ("return to LISTEN"). */
    private void backToListen(Effects fx) {
        sndBuf.clear();
        rtxDeadline = NEVER;
        TcpState from = state;
        state = TcpState.CLOSED;
        fx.stateChanged(this, from, TcpState.LISTEN);
        fx.deleted(this);
    }

    void setState(TcpState to, Effects fx) {
        TcpState from = state;
        if (from == to) {
            return;
        }
        state = to;
        fx.stateChanged(this, from, to);
    }

    /** Whether the connection has data or a FIN in flight or queued. */
    boolean hasUnsent() {
        return Seq.diff(finSeq(), sndNxt) > 0;
    }

    SegmentContext context(Segment seg) {
        return new SegmentContext(state, seg.seq(), seg.has(ACK) ? seg.ack() : 0, seg.segLen(), rcvNxt, rcvWnd(),
                sndUna, sndNxt, maxSndWnd);
    }

    private <V> V decide(RstPolicy policy, String method, V verdict, Effects fx) {
        fx.decided(this, policy.name(), method, verdict);
        return verdict;
    }

    @Override
    public String toString() {
        return local + " -> " + remote + " " + state;
    }
}
