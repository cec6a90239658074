package org.tcplab.tcp.internal;

import static org.tcplab.tcp.internal.Segment.ACK;
import static org.tcplab.tcp.internal.Segment.RST;

/**
 * RFC 9293 §3.10.7.1, "If the state is CLOSED (i.e., TCB does not exist)", as Linux's {@code tcp_v4_send_reset}
 * does it (seed 000): "Never send a reset in response to a reset"; "Swap the send and the receive"; with ACK
 * the reset takes SEG.ACK as its sequence number, without it the sequence number is 0 and the ACK field is
 * SEG.SEQ + SYN + FIN + payload length.
 */
final class NoSocket {

    private NoSocket() {
    }

    /**
     * "An incoming segment containing a RST is discarded. An incoming segment not containing a RST causes a RST
     * to be sent in response. ... If the ACK bit is off, sequence number zero is used,
     * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. If the ACK bit is on, <SEQ=SEG.ACK><CTL=RST>."
     *
     * @return the RST to send back (ports swapped), or null for a segment that carries a RST
     */
    static Segment replyTo(Segment seg) {
        if (seg.has(RST)) {
            return null;
        }
        if (seg.has(ACK)) {
            return Segment.of(seg.dstPort(), seg.srcPort(), seg.ack(), 0, RST, 0, null);
        }
        // Linux: ack_seq = seq + syn + fin + skb->len - (doff << 2), i.e. SEG.SEQ + SEG.LEN.
        return Segment.of(seg.dstPort(), seg.srcPort(), 0, Seq.add(seg.seq(), seg.segLen()), RST | ACK, 0, null);
    }
}
