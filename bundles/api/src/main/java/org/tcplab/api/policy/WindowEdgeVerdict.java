package org.tcplab.api.policy;

/** Whether a segment that begins exactly at RCV.NXT+RCV.WND, the right edge of the receive window, is in it. */
public enum WindowEdgeVerdict {
    /** RFC 793 §3.3: acceptable only if RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND; the edge is outside. */
    OUTSIDE,
    /** Linux tcp_sequence: rejected only if SEG.SEQ is after RCV.NXT+RCV.WND; the edge is inside. */
    INSIDE
}
