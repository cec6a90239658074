package org.tcplab.link.sim;

/** Why the simulated network did not deliver a datagram. */
public enum WireDrop {
    /** Random loss on the path ({@link SimPath#loss}). */
    LOSS,
    /** A filter matched and dropped it ({@link SimPath#drop}). */
    FILTER,
    /** A filter matched and rejected it: dropped, and an ICMP error went back to the sender ({@link SimPath#reject}). */
    REJECTED,
    /** Larger than the path's MTU ({@link SimPath#mtu}). */
    MTU,
    /** The path is cut ({@link SimNetwork#partition}, {@link SimPath#cut}). */
    PARTITION,
    /** The sending or receiving host is down ({@link SimNetwork#crash}). */
    HOST_DOWN,
    /** No attached port owns the destination address. */
    NO_ROUTE,
    /** Not an IPv4 datagram at all (shorter than a header, wrong version). */
    MALFORMED
}
