package org.tcplab.itests.extra;

import org.tcplab.api.policy.AckVerdict;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.policy.RstVerdict;
import org.tcplab.api.policy.SegmentContext;
import org.tcplab.api.policy.SynVerdict;
import org.tcplab.api.policy.TimeWaitRstVerdict;
import org.tcplab.api.tcp.Errno;

/** A policy as a third party would write it; the test packs it into a bundle of its own at run time. */
public final class ThirdPartyPolicy implements RstPolicy {

    public static final String NAME = "third-party";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RstVerdict rstInWindowNotExact(SegmentContext segment) {
        return RstVerdict.DROP;
    }

    @Override
    public RstVerdict rstAtFinSequence(SegmentContext segment) {
        return RstVerdict.DROP;
    }

    @Override
    public SynVerdict synInSynchronizedState(SegmentContext segment, boolean inWindow) {
        return SynVerdict.ACK;
    }

    @Override
    public TimeWaitRstVerdict rstInTimeWait(SegmentContext segment) {
        return TimeWaitRstVerdict.IGNORE;
    }

    @Override
    public Errno errnoForRstInCloseWait() {
        return Errno.ECONNRESET;
    }

    @Override
    public AckVerdict ackOutsideWindow(SegmentContext segment) {
        return AckVerdict.RFC793;
    }
}
