package org.tcplab.api.policy;

/** How often to answer a bare segment (no data, SYN or FIN) outside the receive window with an ACK. */
public enum OutOfWindowAckVerdict {
    /** RFC 793 §3.9: "an acknowledgment should be sent in reply", every time. */
    EVERY_TIME,
    /**
     * Linux {@code tcp_oow_rate_limited}: at most one per {@link ChallengeAckLimits#perSocket()} per connection,
     * sharing that allowance with challenge ACKs, so that two ends answering each other's ACKs cannot loop for ever.
     */
    RATE_LIMITED
}
