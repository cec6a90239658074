package org.tcplab.policy.rfc793.internal;

import org.osgi.service.component.annotations.Component;
import org.tcplab.api.policy.AckVerdict;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.policy.RstVerdict;
import org.tcplab.api.policy.SegmentContext;
import org.tcplab.api.policy.SynDataVerdict;
import org.tcplab.api.policy.SynVerdict;
import org.tcplab.api.policy.TimeWaitRstVerdict;
import org.tcplab.api.policy.WindowEdgeVerdict;
import org.tcplab.api.tcp.Errno;

/**
 * RFC 793 as written (RFC 9293 §3.10.7.4 without the RFC 5961 mitigations). Ranked below the Linux-style
 * policy, so it is used where a host or connection is pinned to it, or when it is the only one installed.
 */
@Component(property = {RstPolicy.NAME_PROPERTY + "=" + Rfc793Policy.NAME, "service.ranking:Integer=50"})
public final class Rfc793Policy implements RstPolicy {

    static final String NAME = "rfc793";

    @Override
    public String name() {
        return NAME;
    }

    /** RFC 793 p.37: "If the RST bit is set then ... any outstanding RECEIVEs and SEND should receive reset". */
    @Override
    public RstVerdict rstInWindowNotExact(SegmentContext segment) {
        return RstVerdict.RESET;
    }

    /** RFC 793: SEG.SEQ = RCV.NXT-1 is below the window; an unacceptable segment is dropped. */
    @Override
    public RstVerdict rstAtFinSequence(SegmentContext segment) {
        return RstVerdict.DROP;
    }

    /** RFC 793 p.71: "If the SYN is in the window it is an error, send a reset"; outside, an ACK. */
    @Override
    public SynVerdict synInSynchronizedState(SegmentContext segment, boolean inWindow) {
        return inWindow ? SynVerdict.RESET : SynVerdict.ACK;
    }

    /** RFC 793 p.26: a segment is acceptable only if RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND. */
    @Override
    public WindowEdgeVerdict segmentAtRightEdge(SegmentContext segment) {
        return WindowEdgeVerdict.OUTSIDE;
    }

    /** RFC 793 p.68 (SYN-SENT, fourth): "queue them for processing after the ESTABLISHED state has been reached". */
    @Override
    public SynDataVerdict dataOnCrossedSyn(SegmentContext segment) {
        return SynDataVerdict.QUEUE;
    }

    /** RFC 793 p.70: in TIME-WAIT a RST closes the connection. */
    @Override
    public TimeWaitRstVerdict rstInTimeWait(SegmentContext segment) {
        return TimeWaitRstVerdict.CLOSE;
    }

    /** RFC 793 p.70: a RST in CLOSE-WAIT reports "connection reset". */
    @Override
    public Errno errnoForRstInCloseWait() {
        return Errno.ECONNRESET;
    }

    /** RFC 793 p.70, SYN-RECEIVED from an active OPEN: "the connection was refused". */
    @Override
    public Errno errnoForRstInActiveSynReceived() {
        return Errno.ECONNREFUSED;
    }

    @Override
    public AckVerdict ackOutsideWindow(SegmentContext segment) {
        return AckVerdict.RFC793;
    }
}
