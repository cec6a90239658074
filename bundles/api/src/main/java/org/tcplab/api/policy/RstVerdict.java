package org.tcplab.api.policy;

/** What to do with a RST that is not simply acceptable or simply out of the window. */
public enum RstVerdict {
    /** Accept it: abort the connection. */
    RESET,
    /** RFC 5961 §3.2: answer with a challenge ACK and otherwise ignore it. */
    CHALLENGE_ACK,
    /** Ignore it silently. */
    DROP
}
