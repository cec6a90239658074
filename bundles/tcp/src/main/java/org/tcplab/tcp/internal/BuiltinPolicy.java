package org.tcplab.tcp.internal;

import org.tcplab.api.policy.AckVerdict;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.policy.RstVerdict;
import org.tcplab.api.policy.SegmentContext;
import org.tcplab.api.policy.SynVerdict;
import org.tcplab.api.policy.TimeWaitRstVerdict;
import org.tcplab.api.tcp.Errno;

/**
 * What a host does when no {@link RstPolicy} is installed at all: RFC 9293 as written, which includes the
 * RFC 5961 mitigations (§3.10.7.4) and keeps RFC 793's TIME-WAIT and errno rules. The trace names it, so a run
 * without a policy bundle is never mistaken for one with.
 */
final class BuiltinPolicy implements RstPolicy {

    static final BuiltinPolicy INSTANCE = new BuiltinPolicy();

    private BuiltinPolicy() {
    }

    @Override
    public String name() {
        return "builtin-rfc9293";
    }

    @Override
    public RstVerdict rstInWindowNotExact(SegmentContext segment) {
        return RstVerdict.CHALLENGE_ACK;
    }

    @Override
    public RstVerdict rstAtFinSequence(SegmentContext segment) {
        return RstVerdict.DROP;
    }

    @Override
    public SynVerdict synInSynchronizedState(SegmentContext segment, boolean inWindow) {
        return SynVerdict.CHALLENGE_ACK;
    }

    @Override
    public TimeWaitRstVerdict rstInTimeWait(SegmentContext segment) {
        return TimeWaitRstVerdict.CLOSE;
    }

    @Override
    public Errno errnoForRstInCloseWait() {
        return Errno.ECONNRESET;
    }

    @Override
    public AckVerdict ackOutsideWindow(SegmentContext segment) {
        return AckVerdict.DROP_AND_ACK;
    }
}
