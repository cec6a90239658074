package org.tcplab.api.policy;

import org.tcplab.api.tcp.TcpState;

/**
 * What a policy may look at: the connection's state and the sequence variables of RFC 9293 §3.3.1, beside
 * the fields of the segment being judged. Sequence numbers are unsigned 32-bit values held in a long.
 *
 * @param state      the connection's state when the segment arrived
 * @param segSeq     SEG.SEQ
 * @param segAck     SEG.ACK (0 when the segment has no ACK)
 * @param segLen     SEG.LEN, counting SYN and FIN
 * @param rcvNxt     RCV.NXT
 * @param rcvWnd     RCV.WND
 * @param sndUna     SND.UNA
 * @param sndNxt     SND.NXT
 * @param maxSndWnd  the largest window the peer has offered (RFC 5961's MAX.SND.WND)
 */
public record SegmentContext(
        TcpState state,
        long segSeq,
        long segAck,
        int segLen,
        long rcvNxt,
        long rcvWnd,
        long sndUna,
        long sndNxt,
        long maxSndWnd) {
}
