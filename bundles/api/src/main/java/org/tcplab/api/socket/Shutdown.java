package org.tcplab.api.socket;

/** The {@code how} argument of shutdown(2). */
public enum Shutdown {
    /** SHUT_RD: further receives return end of stream. */
    RD,
    /** SHUT_WR: send a FIN after the queued data; further sends give EPIPE. */
    WR,
    /** SHUT_RDWR: both. */
    RDWR
}
