package org.tcplab.api.policy;

/** How to treat an ACK outside SND.UNA - MAX.SND.WND .. SND.NXT. */
public enum AckVerdict {
    /** RFC 793 §3.9: an old duplicate ACK is ignored; an ACK of something not yet sent gets an ACK and is dropped. */
    RFC793,
    /** RFC 5961 §5.2: drop the segment and send an ACK (rate-limited as a challenge ACK). */
    DROP_AND_ACK
}
