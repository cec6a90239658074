package org.tcplab.scenarios;

import org.tcplab.api.policy.AckVerdict;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.policy.RstVerdict;
import org.tcplab.api.policy.SegmentContext;
import org.tcplab.api.policy.SynVerdict;
import org.tcplab.api.policy.TimeWaitRstVerdict;
import org.tcplab.api.tcp.Errno;

/**
 * A policy exactly like {@code base} except that it ignores RSTs in TIME-WAIT (RFC 1337 §4, Linux's
 * {@code net.ipv4.tcp_rfc1337=1}). Named {@code <base>+rfc1337}, so the TIME-WAIT scenario can show both
 * settings in one run without touching the configuration of the installed policies.
 */
public final class Rfc1337 implements RstPolicy {

    /** The suffix added to the base policy's name. */
    public static final String SUFFIX = "+rfc1337";

    private final RstPolicy base;

    public Rfc1337(RstPolicy base) {
        this.base = base;
    }

    @Override
    public String name() {
        return base.name() + SUFFIX;
    }

    @Override
    public RstVerdict rstInWindowNotExact(SegmentContext segment) {
        return base.rstInWindowNotExact(segment);
    }

    @Override
    public RstVerdict rstAtFinSequence(SegmentContext segment) {
        return base.rstAtFinSequence(segment);
    }

    @Override
    public SynVerdict synInSynchronizedState(SegmentContext segment, boolean inWindow) {
        return base.synInSynchronizedState(segment, inWindow);
    }

    /** RFC 1337 §4: "ignore RST segments in TIME-WAIT state". */
    @Override
    public TimeWaitRstVerdict rstInTimeWait(SegmentContext segment) {
        return TimeWaitRstVerdict.IGNORE;
    }

    @Override
    public Errno errnoForRstInCloseWait() {
        return base.errnoForRstInCloseWait();
    }

    @Override
    public AckVerdict ackOutsideWindow(SegmentContext segment) {
        return base.ackOutsideWindow(segment);
    }
}
