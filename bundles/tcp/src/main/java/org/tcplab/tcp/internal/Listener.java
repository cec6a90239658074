package org.tcplab.tcp.internal;

import static org.tcplab.tcp.internal.Segment.ACK;
import static org.tcplab.tcp.internal.Segment.RST;
import static org.tcplab.tcp.internal.Segment.SYN;

import java.util.ArrayDeque;

import org.tcplab.api.socket.Endpoint;

/**
 * A socket in LISTEN: RFC 9293 §3.10.7.2 decides what each segment means; the host carries it out (making a
 * connection needs an ISN and a place in the demux table). The backlog bounds the connections not yet accepted:
 * those in SYN-RECEIVED and those ESTABLISHED in the accept queue.
 */
final class Listener {

    /** What LISTEN does with a segment. */
    enum Verdict {
        /** "first check for an RST: An incoming RST segment could not be valid ... ignored. Return." */
        IGNORE_RST,
        /** "second check for an ACK: ... form a reset segment <SEQ=SEG.ACK><CTL=RST>" */
        RESET_ACK,
        /** "third check for a SYN": a new connection in SYN-RECEIVED. */
        NEW_CONNECTION,
        /** A SYN beyond the backlog: dropped without answer, the peer will try again (Linux ListenOverflows). */
        OVERFLOW,
        /** "fourth other data or control: ... drop the segment and return." */
        DROP
    }

    final Endpoint local;
    final ConnConfig cfg;
    int backlog;
    Long isn;
    String policyPin;
    Object socket;
    final ArrayDeque<Connection> acceptQueue = new ArrayDeque<>();
    int embryonic;

    Listener(Endpoint local, ConnConfig cfg, int backlog) {
        this.local = local;
        this.cfg = cfg;
        this.backlog = backlog;
    }

    Verdict segmentArrives(Segment seg) {
        if (seg.has(RST)) {
            return Verdict.IGNORE_RST;
        }
        if (seg.has(ACK)) {
            // "Any acknowledgment is bad if it arrives on a connection still in the LISTEN state."
            return Verdict.RESET_ACK;
        }
        if (seg.has(SYN)) {
            // Linux sk_acceptq_is_full: the queue is full when it holds more than backlog connections.
            if (acceptQueue.size() + embryonic > backlog) {
                return Verdict.OVERFLOW;
            }
            return Verdict.NEW_CONNECTION;
        }
        return Verdict.DROP;
    }
}
