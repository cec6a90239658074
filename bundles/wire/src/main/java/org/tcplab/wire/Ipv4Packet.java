package org.tcplab.wire;

import java.nio.ByteBuffer;

import org.tcplab.wire.internal.Be;
import org.tcplab.wire.internal.Bytes;
import org.tcplab.wire.internal.Window;

/**
 * A reusable zero-copy view of one IPv4 datagram at an absolute offset of a caller's buffer. Same contract as
 * {@link TcpPacket}: bytes enter through {@link #check}, after {@link ParseError#NONE} no accessor can fail, no
 * method allocates except {@link #repr()}, {@link #options()} and {@link #payload()}; the buffer is borrowed and
 * never modified. Not thread-safe.
 *
 * <p>Bytes after the total length (link padding, e.g. Ethernet's minimum frame) are ignored:
 * {@link #payloadLength()} is derived from the total length field.
 */
public final class Ipv4Packet {

    private final Window w = new Window();
    private ByteBuffer buf;
    private int off;
    private int hlen;
    private int total;

    /**
     * Accepts or rejects {@code length} bytes at absolute {@code offset} as an IPv4 datagram. The checks, in
     * order: {@link ParseError#TRUNCATED} for an empty region (or one outside the buffer);
     * {@link ParseError#BAD_VERSION}; {@link ParseError#BAD_IHL} for IHL below 5; {@link ParseError#TRUNCATED}
     * when the bytes end before the header; {@link ParseError#BAD_TOTAL_LENGTH} for a total length below the
     * header length; {@link ParseError#TRUNCATED} when the bytes end before the total length;
     * {@link ParseError#BAD_IP_CHECKSUM} when {@code verifyChecksum} and the header sum fails. A fragment is
     * accepted here (see {@link #isFragment()}). Never throws for any bytes.
     */
    public ParseError check(ByteBuffer buf, int offset, int length, boolean verifyChecksum) {
        this.buf = buf;
        this.off = offset;
        if (!Bytes.inBounds(buf, offset, length) || length < 1) {
            return ParseError.TRUNCATED;
        }
        w.set(buf);
        int b0 = w.u8(offset);
        if ((b0 >>> 4) != 4) {
            return ParseError.BAD_VERSION;
        }
        int h = (b0 & 0xF) * 4;
        if (h < Ipv4Repr.MIN_HEADER_LENGTH) {
            return ParseError.BAD_IHL;
        }
        if (length < h) {
            return ParseError.TRUNCATED;
        }
        int t = w.u16(offset + 2);
        if (t < h) {
            return ParseError.BAD_TOTAL_LENGTH;
        }
        if (length < t) {
            return ParseError.TRUNCATED;
        }
        this.hlen = h;
        this.total = t;
        if (verifyChecksum && Checksum.finish(w.sum(offset, h, 0)) != 0) {
            return ParseError.BAD_IP_CHECKSUM;
        }
        return ParseError.NONE;
    }

    /** Computes and stores the header checksum of the header at {@code offset} (IHL read from the bytes). */
    public static void fillChecksum(ByteBuffer buf, int offset) {
        int h = (Be.u8(buf, offset) & 0xF) * 4;
        Be.put16(buf, offset + 10, 0);
        Be.put16(buf, offset + 10, Checksum.compute(buf, offset, h));
    }

    public ByteBuffer buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    public int version() {
        return 4;
    }

    /** The IHL field, in 32-bit words. */
    public int ihl() {
        return hlen / 4;
    }

    public int headerLength() {
        return hlen;
    }

    public int dscp() {
        return w.u8(off + 1) >>> 2;
    }

    public int ecn() {
        return w.u8(off + 1) & 3;
    }

    public int totalLength() {
        return total;
    }

    public int identification() {
        return w.u16(off + 4);
    }

    /** The reserved flag bit (must be zero; RFC 3514's "evil bit"). */
    public boolean reservedFlag() {
        return (w.u8(off + 6) & 0x80) != 0;
    }

    public boolean dontFragment() {
        return (w.u8(off + 6) & 0x40) != 0;
    }

    public boolean moreFragments() {
        return (w.u8(off + 6) & 0x20) != 0;
    }

    /** The fragment offset in 8-byte units. */
    public int fragmentOffset() {
        return w.u16(off + 6) & 0x1FFF;
    }

    /** Whether this datagram is a fragment: MF set or a non-zero offset. */
    public boolean isFragment() {
        return (w.u16(off + 6) & 0x3FFF) != 0;
    }

    public int ttl() {
        return w.u8(off + 8);
    }

    public int protocol() {
        return w.u8(off + 9);
    }

    /** The header checksum field as received. */
    public int checksum() {
        return w.u16(off + 10);
    }

    public int src() {
        return w.i32(off + 12);
    }

    public int dst() {
        return w.i32(off + 16);
    }

    public int optionsOffset() {
        return off + Ipv4Repr.MIN_HEADER_LENGTH;
    }

    public int optionsLength() {
        return hlen - Ipv4Repr.MIN_HEADER_LENGTH;
    }

    /** The options as an exact-size copy. */
    public byte[] options() {
        return hlen == Ipv4Repr.MIN_HEADER_LENGTH ? Bytes.NO_BYTES
            : Bytes.array(buf, off + Ipv4Repr.MIN_HEADER_LENGTH, hlen - Ipv4Repr.MIN_HEADER_LENGTH);
    }

    public int payloadOffset() {
        return off + hlen;
    }

    public int payloadLength() {
        return total - hlen;
    }

    /** The payload as a read-only slice sharing the buffer's bytes. */
    public ByteBuffer payload() {
        return Bytes.slice(buf, off + hlen, total - hlen);
    }

    /** The header as a value. */
    public Ipv4Repr repr() {
        return new Ipv4Repr(dscp(), ecn(), identification(), reservedFlag(), dontFragment(), moreFragments(),
            fragmentOffset(), ttl(), protocol(), src(), dst(), options(), payloadLength());
    }
}
