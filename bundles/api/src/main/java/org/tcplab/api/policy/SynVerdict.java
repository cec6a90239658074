package org.tcplab.api.policy;

/** What to do with a SYN that arrives on a synchronized connection. */
public enum SynVerdict {
    /** RFC 793: a SYN in the window is an error; send a RST and abort the connection. */
    RESET,
    /** RFC 793: a SYN outside the window is answered with an ACK and dropped. */
    ACK,
    /** RFC 5961 §4.2: answer with a challenge ACK, whatever the sequence number. */
    CHALLENGE_ACK
}
