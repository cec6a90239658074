package org.tcplab.api.policy;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;
import org.tcplab.api.tcp.Errno;

/**
 * The decision points where TCP implementations legitimately differ on resets and challenge ACKs.
 *
 * <p>A policy holds no connection state: each method answers from the {@link SegmentContext} alone, so one
 * policy instance serves every connection of every host, and swapping it changes behaviour on the next
 * segment. Rate limiting of the answers (challenge ACKs) lives in the stack, not here.
 *
 * <p>Register implementations as OSGi services with a {@code name} property equal to {@link #name()};
 * {@code service.ranking} decides which one a host uses by default.
 */
@ConsumerType
public interface RstPolicy {

    /** The service property that carries {@link #name()}, used for pinning a host or connection. */
    String NAME_PROPERTY = "name";

    /** A short, stable name such as {@code rfc793} or {@code linux}. */
    String name();

    /**
     * How often the stack may send the challenge ACKs this policy asks for. Read at each challenge ACK, so a
     * configuration change applies at once. Linux's defaults unless a policy says otherwise.
     */
    default ChallengeAckLimits challengeAckLimits() {
        return ChallengeAckLimits.LINUX_DEFAULTS;
    }

    /** The configuration in force, for display ({@code tcplab:policy}); empty for a policy without any. */
    default Map<String, Object> configuration() {
        return Map.of();
    }

    /**
     * A RST whose SEG.SEQ is inside the receive window but not exactly RCV.NXT, in a synchronized state.
     * RFC 793: reset. RFC 5961 §3.2: challenge ACK.
     */
    RstVerdict rstInWindowNotExact(SegmentContext segment);

    /**
     * A RST with SEG.SEQ = RCV.NXT - 1 after our FIN was received (CLOSE-WAIT, CLOSING, LAST-ACK): the peer
     * sent the RST with the sequence number of its own FIN. RFC 793: outside the window, drop.
     * Linux ({@code tcp_reset_check}): accept it and reset.
     */
    RstVerdict rstAtFinSequence(SegmentContext segment);

    /**
     * A SYN in a synchronized state. RFC 793: in window, reset the connection; outside it, send an ACK.
     * RFC 5961 §4.2: always a challenge ACK.
     */
    SynVerdict synInSynchronizedState(SegmentContext segment, boolean inWindow);

    /**
     * A segment without data (a RST, a pure ACK) whose SEG.SEQ is exactly RCV.NXT+RCV.WND, with RCV.WND > 0.
     * RFC 793's acceptability test puts it outside the window (a RST is dropped, an ACK answered); Linux's
     * {@code tcp_sequence} lets it in (a RST then draws a challenge ACK, an ACK is processed). The default is
     * RFC 793's answer, so policies written before this decision point keep their behaviour.
     */
    default WindowEdgeVerdict segmentAtRightEdge(SegmentContext segment) {
        return WindowEdgeVerdict.OUTSIDE;
    }

    /**
     * Data on a SYN that crossed ours (simultaneous open: SYN-SENT to SYN-RECEIVED). RFC 793 queues it for
     * after ESTABLISHED; Linux ({@code tcp_rcv_synsent_state_process}) discards it. The default is RFC 793's.
     */
    default SynDataVerdict dataOnCrossedSyn(SegmentContext segment) {
        return SynDataVerdict.QUEUE;
    }

    /**
     * Data carried by a SYN to a listener. RFC 9293 §3.10.7.2 (LISTEN): "any other control or text should be queued
     * for processing later", i.e. delivered once ESTABLISHED (the default); Linux without TCP Fast Open
     * ({@code tcp_conn_request}) discards it, and the peer sends it again once the connection is synchronized.
     */
    default SynDataVerdict dataOnSynToListener(SegmentContext segment) {
        return SynDataVerdict.QUEUE;
    }

    /** A RST in TIME-WAIT. RFC 793: close (TIME-WAIT assassination). RFC 1337: ignore it. */
    TimeWaitRstVerdict rstInTimeWait(SegmentContext segment);

    /** The errno the application sees when a RST arrives in CLOSE-WAIT. RFC 793: ECONNRESET; Linux: EPIPE. */
    Errno errnoForRstInCloseWait();

    /**
     * The errno the application sees when a RST arrives in SYN-RECEIVED entered from SYN-SENT (a simultaneous
     * open). RFC 9293 §3.10.7.4: "the connection was refused", ECONNREFUSED (the default); Linux
     * {@code tcp_reset} gives ECONNREFUSED only in SYN-SENT, so ECONNRESET.
     */
    default Errno errnoForRstInActiveSynReceived() {
        return Errno.ECONNREFUSED;
    }

    /**
     * An ACK whose SEG.ACK is outside SND.UNA - MAX.SND.WND .. SND.NXT. RFC 793 rules: a duplicate is
     * ignored and an ACK beyond SND.NXT is answered with an ACK and dropped. RFC 5961 §5.2: drop and ACK.
     */
    AckVerdict ackOutsideWindow(SegmentContext segment);

    /**
     * A segment outside the receive window that carries no data, SYN or FIN (a bare ACK): RFC 793 §3.9 answers
     * each with an ACK (the default); Linux {@code tcp_oow_rate_limited} at most one per
     * {@link ChallengeAckLimits#perSocket()} per connection, sharing that allowance with challenge ACKs, because two
     * ends answering each other's out-of-window ACKs loop for ever (an ACK storm).
     */
    default OutOfWindowAckVerdict outOfWindowAck(SegmentContext segment) {
        return OutOfWindowAckVerdict.EVERY_TIME;
    }
}
