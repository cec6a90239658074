package org.tcplab.wire;

import java.nio.ByteBuffer;

import org.tcplab.wire.internal.Be;
import org.tcplab.wire.internal.Bytes;

/**
 * The datagram an ICMP error quotes (RFC 792: its IP header and at least the first 8 bytes of its data; RFC 1812
 * routers send more), read safely: the quote is untrusted and may be short or garbage, so every accessor first
 * says whether the bytes are there, and none throws.
 *
 * <p>To match an error to a connection: {@link #hasIpHeader()}, then {@link #protocol()}, {@link #src()},
 * {@link #dst()}; {@link #hasPorts()} then {@link #srcPort()}/{@link #dstPort()} (TCP and UDP); for TCP
 * {@link #hasTcpSeq()} then {@link #tcpSeq()} (RFC 5927 4.1: check it lies within SND.UNA..SND.NXT).
 *
 * <p>Immutable; shares the bytes of the slice it was made from.
 */
public final class IcmpQuote {

    private final ByteBuffer bytes;
    private final int ihl;

    /** A quote over the bytes from {@code quoted}'s position to its limit (shared, not copied). */
    public IcmpQuote(ByteBuffer quoted) {
        this.bytes = quoted.slice().asReadOnlyBuffer();
        int n = bytes.remaining();
        int h = 0;
        if (n >= Ipv4Repr.MIN_HEADER_LENGTH) {
            int b0 = Be.u8(bytes, 0);
            int hl = (b0 & 0xF) * 4;
            if ((b0 >>> 4) == 4 && hl >= Ipv4Repr.MIN_HEADER_LENGTH && hl <= n) {
                h = hl;
            }
        }
        this.ihl = h;
    }

    /** The quoted bytes, a fresh read-only duplicate. */
    public ByteBuffer bytes() {
        return bytes.duplicate();
    }

    /** Whether a whole IPv4 header (version 4, IHL at least 5, all its bytes) is quoted. */
    public boolean hasIpHeader() {
        return ihl != 0;
    }

    /** The quoted header length, or 0 without {@link #hasIpHeader()}. */
    public int ipHeaderLength() {
        return ihl;
    }

    /** The quoted protocol, or -1. */
    public int protocol() {
        return ihl == 0 ? -1 : Be.u8(bytes, 9);
    }

    /** The quoted source address (that is, ours when the error is about a datagram we sent), or 0. */
    public int src() {
        return ihl == 0 ? 0 : Be.i32(bytes, 12);
    }

    /** The quoted destination address, or 0. */
    public int dst() {
        return ihl == 0 ? 0 : Be.i32(bytes, 16);
    }

    /** The quoted identification, or -1. */
    public int identification() {
        return ihl == 0 ? -1 : Be.u16(bytes, 4);
    }

    /** The quoted total length field (as sent, not the quote's length), or -1. */
    public int totalLength() {
        return ihl == 0 ? -1 : Be.u16(bytes, 2);
    }

    /** The quoted TTL, or -1. */
    public int ttl() {
        return ihl == 0 ? -1 : Be.u8(bytes, 8);
    }

    /** Whether the quoted datagram is a non-first fragment (its first bytes are then not a transport header). */
    public boolean isLaterFragment() {
        return ihl != 0 && (Be.u16(bytes, 6) & 0x1FFF) != 0;
    }

    /** Whether the first 4 transport bytes (TCP or UDP ports) are quoted, from a first fragment. */
    public boolean hasPorts() {
        return ihl != 0 && !isLaterFragment() && bytes.remaining() >= ihl + 4;
    }

    /** The quoted source port, or -1. */
    public int srcPort() {
        return hasPorts() ? Be.u16(bytes, ihl) : -1;
    }

    /** The quoted destination port, or -1. */
    public int dstPort() {
        return hasPorts() ? Be.u16(bytes, ihl + 2) : -1;
    }

    /** Whether a TCP sequence number is quoted (protocol TCP and 8 transport bytes present). */
    public boolean hasTcpSeq() {
        return hasPorts() && Be.u8(bytes, 9) == IpProtocol.TCP && bytes.remaining() >= ihl + 8;
    }

    /** The quoted TCP sequence number, or -1. */
    public long tcpSeq() {
        return hasTcpSeq() ? Be.u32(bytes, ihl + 4) : -1;
    }

    /**
     * The quote RFC 792 asks for, from a checked datagram: its header plus the first 8 bytes of its data (fewer
     * if it has fewer), a shared read-only slice.
     */
    public static ByteBuffer of(Ipv4Packet original) {
        int n = original.headerLength() + Math.min(8, original.payloadLength());
        return Bytes.slice(original.buffer(), original.offset(), n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IcmpQuote q && bytes.equals(q.bytes);
    }

    @Override
    public int hashCode() {
        return bytes.hashCode();
    }

    /** {@code [TCP 192.0.2.1:40000>192.0.2.2:80 seq=1]}, or {@code [n bytes]} when no header is quoted. */
    @Override
    public String toString() {
        if (ihl == 0) {
            return "[" + bytes.remaining() + " bytes]";
        }
        StringBuilder sb = new StringBuilder("[").append(IpProtocol.toString(protocol())).append(' ')
            .append(Ipv4Address.toString(src()));
        if (hasPorts()) {
            sb.append(':').append(srcPort());
        }
        sb.append('>').append(Ipv4Address.toString(dst()));
        if (hasPorts()) {
            sb.append(':').append(dstPort());
        }
        if (hasTcpSeq()) {
            sb.append(" seq=").append(tcpSeq());
        }
        return sb.append(']').toString();
    }
}
