package org.tcplab.api.trace;

import org.tcplab.api.host.DropReason;
import org.tcplab.api.host.RstReason;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpState;

/** One thing that happened in a host, at a time on the host's clock. */
public sealed interface TraceEvent {

    /** The host's name. */
    String host();

    /** When, in the host clock's nanos. */
    long nanos();

    /** A TCP segment that passed the checksum and was handed to TCP. */
    record SegmentIn(String host, long nanos, TraceSegment segment) implements TraceEvent {
    }

    /** A TCP segment sent; {@code rstReason} is non-null for a RST. */
    record SegmentOut(String host, long nanos, TraceSegment segment, RstReason rstReason) implements TraceEvent {
    }

    /**
     * A packet dropped. {@code segment} is null when the packet was not a parsable TCP segment; {@code detail}
     * then says what it was (e.g. the parse failure).
     */
    record Dropped(String host, long nanos, TraceSegment segment, DropReason reason, String detail)
            implements TraceEvent {
    }

    /** A connection changed state. */
    record StateChange(String host, long nanos, Endpoint local, Endpoint remote, TcpState from, TcpState to)
            implements TraceEvent {
    }

    /** An {@code RstPolicy} was asked; {@code method} is the RstPolicy method name. */
    record PolicyDecision(String host, long nanos, Endpoint local, Endpoint remote, String policy, String method,
            String verdict) implements TraceEvent {
    }

    /** A socket call returned an errno to the application (or SO_ERROR reported one). */
    record ErrnoDelivered(String host, long nanos, Endpoint local, Endpoint remote, String call, Errno errno)
            implements TraceEvent {
    }

    /**
     * An ACK owed for data received in order is held back (delayed ACK, RFC 9293 3.8.6.3) until {@code until} at
     * the latest, or until a segment of ours carries it; {@code ack} is RCV.NXT when the delay began.
     */
    record AckDelayed(String host, long nanos, Endpoint local, Endpoint remote, long ack, long until)
            implements TraceEvent {
    }

    /** An ICMP message sent or received ({@code sent} false), e.g. type 3 code 3 port unreachable. */
    record Icmp(String host, long nanos, boolean sent, int peer, int type, int code) implements TraceEvent {
    }
}
