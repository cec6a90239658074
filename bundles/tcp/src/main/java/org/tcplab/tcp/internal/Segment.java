package org.tcplab.tcp.internal;

import org.tcplab.wire.TcpFlags;

/**
 * A TCP segment as the state machine sees it: the header fields it acts on and the options it understands
 * (MSS and window scale). The IP layer makes these from the wire codec's values and back. Immutable; the
 * {@code data} array is never modified after construction and must not be modified by whoever passed it.
 *
 * @param mss         the MSS option, or -1 when absent
 * @param windowScale the window-scale shift option, or -1 when absent
 */
record Segment(int srcPort, int dstPort, long seq, long ack, int flags, int window, int mss, int windowScale,
        byte[] data) {

    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final int URG = 0x20;
    static final int ECE = 0x40;
    static final int CWR = 0x80;

    static final byte[] NO_DATA = new byte[0];

    Segment {
        seq &= Seq.MASK;
        ack &= Seq.MASK;
        if (data == null) {
            data = NO_DATA;
        }
    }

    /** A segment without options. */
    static Segment of(int srcPort, int dstPort, long seq, long ack, int flags, int window, byte[] data) {
        return new Segment(srcPort, dstPort, seq, ack, flags, window, -1, -1, data);
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** SEG.LEN: data octets plus one for SYN and one for FIN. */
    int segLen() {
        return data.length + (has(SYN) ? 1 : 0) + (has(FIN) ? 1 : 0);
    }

    Segment withData(long newSeq, int newFlags, byte[] newData) {
        return new Segment(srcPort, dstPort, newSeq, ack, newFlags, window, mss, windowScale, newData);
    }

    /** RFC notation, as the RFC 793 figures print segments: {@code <SEQ=100><ACK=300><CTL=SYN,ACK>}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("<SEQ=").append(seq).append('>');
        if (has(ACK)) {
            b.append("<ACK=").append(ack).append('>');
        }
        if (data.length > 0) {
            b.append("<DATA=").append(data.length).append('>');
        }
        b.append("<CTL=").append(flagNames(flags)).append('>');
        return b.toString();
    }

    /** Flag names as the RFC figures write them ({@code SYN,ACK}, {@code FIN,ACK}), the wire codec's notation. */
    static String flagNames(int flags) {
        return TcpFlags.toString(flags);
    }
}
