package org.tcplab.api.trace;

import org.tcplab.api.socket.Endpoint;

/**
 * A TCP segment as a trace shows it.
 *
 * @param source      sender address and port
 * @param destination receiver address and port
 * @param seq         SEG.SEQ (unsigned 32-bit)
 * @param ack         SEG.ACK (unsigned 32-bit; meaningful only with ACK)
 * @param flags       control bits, with the bit values of the TCP header: FIN 0x01, SYN 0x02, RST 0x04,
 *                    PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80
 * @param window      the window field as sent (unscaled)
 * @param dataLength  payload bytes
 * @param text        RFC notation, e.g. {@code <SEQ=100><ACK=300><CTL=SYN,ACK>}
 */
public record TraceSegment(Endpoint source, Endpoint destination, long seq, long ack, int flags, int window,
        int dataLength, String text) {

    @Override
    public String toString() {
        return source + " > " + destination + " " + text;
    }
}
