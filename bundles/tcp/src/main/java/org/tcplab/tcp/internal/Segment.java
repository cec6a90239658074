package org.tcplab.tcp.internal;

import org.tcplab.wire.TcpFlags;

/**
 * A TCP segment as the state machine sees it: the header fields it acts on and the options it understands
 * (MSS and window scale). The IP layer makes these from the wire codec's values and back. Immutable; the data
 * are {@code len} bytes of {@code buf} from {@code off} (on the receive path, a view into the datagram, so the
 * payload is not copied until it reaches the receive buffer); on the receive path {@code buf} is never modified
 * after construction. On the send path the data may be a view of the connection's send buffer, valid only until
 * {@link Effects#send} returns: what keeps a sent segment keeps {@link #detached()}.
 *
 * @param mss         the MSS option, or -1 when absent
 * @param windowScale the window-scale shift option, or -1 when absent
 */
record Segment(int srcPort, int dstPort, long seq, long ack, int flags, int window, int mss, int windowScale,
        byte[] buf, int off, int len) {

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
        if (buf == null) {
            buf = NO_DATA;
            off = 0;
            len = 0;
        }
        if (off < 0 || len < 0 || off + len > buf.length) {
            throw new IllegalArgumentException("data " + off + "+" + len + " outside " + buf.length + " bytes");
        }
    }

    /** A segment whose data is the whole of {@code data} (null: none). */
    Segment(int srcPort, int dstPort, long seq, long ack, int flags, int window, int mss, int windowScale,
            byte[] data) {
        this(srcPort, dstPort, seq, ack, flags, window, mss, windowScale, data, 0, data == null ? 0 : data.length);
    }

    /** The data as an array of their own (a copy unless the segment has all of {@code buf}). */
    byte[] data() {
        return off == 0 && len == buf.length ? buf : java.util.Arrays.copyOfRange(buf, off, off + len);
    }

    /** The same segment with its data in an array of its own (this one when it has all of {@code buf} already). */
    Segment detached() {
        return off == 0 && len == buf.length ? this
                : new Segment(srcPort, dstPort, seq, ack, flags, window, mss, windowScale, data());
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
        return len + (has(SYN) ? 1 : 0) + (has(FIN) ? 1 : 0);
    }

    /** The same header with other numbers, flags and data ({@code newLen} bytes of {@code buf} from {@code newOff}). */
    Segment withData(long newSeq, int newFlags, int newOff, int newLen) {
        return new Segment(srcPort, dstPort, newSeq, ack, newFlags, window, mss, windowScale, buf, newOff, newLen);
    }

    /** RFC notation, as the RFC 793 figures print segments: {@code <SEQ=100><ACK=300><CTL=SYN,ACK>}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("<SEQ=").append(seq).append('>');
        if (has(ACK)) {
            b.append("<ACK=").append(ack).append('>');
        }
        if (len > 0) {
            b.append("<DATA=").append(len).append('>');
        }
        b.append("<CTL=").append(flagNames(flags)).append('>');
        return b.toString();
    }

    /** Flag names as the RFC figures write them ({@code SYN,ACK}, {@code FIN,ACK}), the wire codec's notation. */
    static String flagNames(int flags) {
        return TcpFlags.toString(flags);
    }
}
