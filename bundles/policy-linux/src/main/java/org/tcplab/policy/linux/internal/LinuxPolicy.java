package org.tcplab.policy.linux.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.tcplab.api.config.ConfigReader;
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
import org.tcplab.api.tcp.Errno;

/**
 * Linux-style: the RFC 5961 mitigations as {@code tcp_validate_incoming} applies them, {@code tcp_reset_check}
 * for a RST at the FIN's sequence number, and {@code net.ipv4.tcp_rfc1337} for TIME-WAIT. Ranked above the
 * RFC 793 policy, so it is what a fresh container uses.
 *
 * <p>Configuration (PID {@value #PID}, e.g. {@code etc/org.tcplab.policy.linux.cfg}) is read strictly: a bad
 * value or an unknown key refuses the whole update, logs why, and the configuration in force stays.
 */
@Component(
        configurationPid = LinuxPolicy.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {RstPolicy.NAME_PROPERTY + "=" + LinuxPolicy.NAME, "service.ranking:Integer=100"})
@Designate(ocd = LinuxPolicy.Config.class)
public final class LinuxPolicy implements RstPolicy {

    static final String NAME = "linux";
    static final String PID = "org.tcplab.policy.linux";

    /** The metatype description of the configuration; {@link #apply} is what reads it. */
    @ObjectClassDefinition(name = "tcplab Linux-style RST policy")
    public @interface Config {
        @AttributeDefinition(description = "net.ipv4.tcp_rfc1337: ignore RSTs in TIME-WAIT (RFC 1337 §4)")
        boolean rfc1337() default false;

        @AttributeDefinition(min = "0", max = "3600000",
                description = "net.ipv4.tcp_invalid_ratelimit: at most one challenge ACK per connection per this many ms")
        int invalidRateLimitMs() default 500;

        @AttributeDefinition(min = "0",
                description = "net.ipv4.tcp_challenge_ack_limit: host-wide challenge ACKs per second, re-drawn at"
                        + " random each second in [n/2, 3n/2); 2147483647 (the default) turns the limit off")
        int challengeAckLimit() default ChallengeAckLimits.OFF;
    }

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    private volatile boolean rfc1337;
    private volatile ChallengeAckLimits limits = ChallengeAckLimits.LINUX_DEFAULTS;

    /** The container's constructor: {@link #configure} sets the configuration right after. */
    public LinuxPolicy() {
        this(false);
    }

    /** For plain-Java use (tests, embedding) without ConfigAdmin. */
    public LinuxPolicy(boolean rfc1337) {
        this.rfc1337 = rfc1337;
    }

    @Activate
    @Modified
    void configure(Map<String, Object> properties) {
        List<String> errors = apply(properties);
        if (!errors.isEmpty()) {
            logger.error("configuration refused, keeping {}: {}", configuration(), String.join("; ", errors));
        }
    }

    /**
     * Applies {@code properties} (the keys of {@link Config}) if every value is valid; otherwise changes nothing.
     * Returns the errors, one line each. What ConfigAdmin calls, and what plain-Java users call.
     */
    public List<String> apply(Map<String, ?> properties) {
        ConfigReader config = ConfigReader.of(PID, properties).ignore(NAME_PROPERTY);
        boolean newRfc1337 = config.bool("rfc1337", false);
        long invalidRateLimitMs = config.integer("invalidRateLimitMs",
                ChallengeAckLimits.LINUX_DEFAULTS.perSocket().toMillis(), 0, 3_600_000);
        long challengeAckLimit = config.integer("challengeAckLimit", ChallengeAckLimits.OFF, 0, Integer.MAX_VALUE);
        List<String> errors = config.check();
        if (errors.isEmpty()) {
            rfc1337 = newRfc1337;
            limits = new ChallengeAckLimits(Duration.ofMillis(invalidRateLimitMs), (int) challengeAckLimit);
        }
        return errors;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ChallengeAckLimits challengeAckLimits() {
        return limits;
    }

    @Override
    public Map<String, Object> configuration() {
        ChallengeAckLimits l = limits;
        Map<String, Object> shown = new TreeMap<>();
        shown.put("rfc1337", rfc1337);
        shown.put("invalidRateLimitMs", l.perSocket().toMillis());
        shown.put("challengeAckLimit", l.hostWidePerSecond() == ChallengeAckLimits.OFF ? "off" : l.hostWidePerSecond());
        return shown;
    }

    /** RFC 5961 §3.2, Linux tcp_validate_incoming: in window but not exact, send a challenge ACK. */
    @Override
    public RstVerdict rstInWindowNotExact(SegmentContext segment) {
        return RstVerdict.CHALLENGE_ACK;
    }

    /** Linux tcp_reset_check: after a FIN, a RST at RCV.NXT-1 (the FIN's own number) is accepted. */
    @Override
    public RstVerdict rstAtFinSequence(SegmentContext segment) {
        return RstVerdict.RESET;
    }

    /** RFC 5961 §4.2: any SYN on a synchronized connection gets a challenge ACK. */
    @Override
    public SynVerdict synInSynchronizedState(SegmentContext segment, boolean inWindow) {
        return SynVerdict.CHALLENGE_ACK;
    }

    /** Linux tcp_sequence: "if (after(seq, tp->rcv_nxt + tcp_receive_window(tp)))" drops; the edge itself is in. */
    @Override
    public WindowEdgeVerdict segmentAtRightEdge(SegmentContext segment) {
        return WindowEdgeVerdict.INSIDE;
    }

    /** Linux tcp_rcv_synsent_state_process, crossed SYNs: the SYN's data is not kept without TCP Fast Open. */
    @Override
    public SynDataVerdict dataOnCrossedSyn(SegmentContext segment) {
        return SynDataVerdict.DISCARD;
    }

    /** Linux tcp_conn_request: without a TCP Fast Open cookie the SYN's data is not kept (the SYN,ACK acks the SYN only). */
    @Override
    public SynDataVerdict dataOnSynToListener(SegmentContext segment) {
        return SynDataVerdict.DISCARD;
    }

    /**
     * Linux tcp_timewait_state_process: only a RST with SEG.SEQ = RCV.NXT is looked at ("In window segment, it
     * may be only reset or bare ack"); it kills TIME-WAIT unless net.ipv4.tcp_rfc1337 is set. Any other RST is
     * ignored, without a challenge ACK.
     */
    @Override
    public TimeWaitRstVerdict rstInTimeWait(SegmentContext segment) {
        boolean exact = segment.segSeq() == segment.rcvNxt();
        return exact && !rfc1337 ? TimeWaitRstVerdict.CLOSE : TimeWaitRstVerdict.IGNORE;
    }

    /** Linux tcp_reset: "case TCP_CLOSE_WAIT: sk->sk_err = EPIPE". */
    @Override
    public Errno errnoForRstInCloseWait() {
        return Errno.EPIPE;
    }

    /** Linux tcp_reset: "case TCP_SYN_SENT: ECONNREFUSED" only; a simultaneous open's SYN_RECV gets ECONNRESET. */
    @Override
    public Errno errnoForRstInActiveSynReceived() {
        return Errno.ECONNRESET;
    }

    /** RFC 5961 §5.2, Linux tcp_ack: an ACK outside the acceptable range is dropped and answered. */
    @Override
    public AckVerdict ackOutsideWindow(SegmentContext segment) {
        return AckVerdict.DROP_AND_ACK;
    }

    /**
     * Linux tcp_validate_incoming: "if (!tcp_oow_rate_limited(...)) tcp_send_dupack(sk, skb)"; a segment with
     * data or FIN is never limited ("Data packets without SYNs are not likely part of an ACK loop").
     */
    @Override
    public OutOfWindowAckVerdict outOfWindowAck(SegmentContext segment) {
        return OutOfWindowAckVerdict.RATE_LIMITED;
    }
}
