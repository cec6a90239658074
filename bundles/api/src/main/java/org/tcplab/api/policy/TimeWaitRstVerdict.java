package org.tcplab.api.policy;

/** What a RST does to a connection in TIME-WAIT. */
public enum TimeWaitRstVerdict {
    /** RFC 793: close the connection at once (TIME-WAIT assassination, RFC 1337's hazard). */
    CLOSE,
    /** RFC 1337 §4: ignore RSTs in TIME-WAIT and let the 2*MSL timer run out. */
    IGNORE
}
