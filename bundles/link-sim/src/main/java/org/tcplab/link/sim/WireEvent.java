package org.tcplab.link.sim;

/**
 * One thing the network did with one datagram. {@code packet} numbers datagrams in the order they entered the
 * network (a duplicate gets its own number and names its original). {@code bytes} is the whole IPv4 datagram as
 * it was at that point (a corrupted copy shows the flipped byte in {@link Delivered}); listeners must not change
 * it. {@code from} and {@code to} are port names; {@code from} is {@value SimNetwork#INJECTED} for datagrams put
 * on the wire by {@link SimNetwork#inject}, {@code to} is null when there is no route.
 */
public sealed interface WireEvent {

    long nanos();

    long packet();

    String from();

    String to();

    byte[] bytes();

    /** A datagram entered the network (a host sent it, or it was injected). */
    record Sent(long nanos, long packet, String from, String to, byte[] bytes) implements WireEvent {
    }

    /**
     * A datagram reached its destination port and was handed to the host. {@code duplicateOf} is the packet this
     * one duplicates (or -1); {@code corrupted} tells that a byte was flipped on the way.
     */
    record Delivered(long nanos, long packet, String from, String to, byte[] bytes, long duplicateOf,
            boolean corrupted) implements WireEvent {
    }

    /** A datagram the network did not deliver, and why. */
    record Dropped(long nanos, long packet, String from, String to, byte[] bytes, WireDrop reason, String detail)
            implements WireEvent {
    }
}
