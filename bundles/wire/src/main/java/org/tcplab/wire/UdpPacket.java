package org.tcplab.wire;

import java.nio.ByteBuffer;

import org.tcplab.wire.internal.Bytes;
import org.tcplab.wire.internal.Window;

/**
 * A reusable zero-copy view of one UDP datagram; same contract as {@link TcpPacket}. Bytes after the UDP length
 * (but inside the IPv4 payload) are ignored.
 */
public final class UdpPacket {

    private final Window w = new Window();
    private ByteBuffer buf;
    private int off;
    private int udpLen;

    /**
     * Accepts or rejects {@code length} bytes at absolute {@code offset} (the whole IPv4 payload) as one UDP
     * datagram: {@link ParseError#TRUNCATED} below 8 bytes (or a region outside the buffer);
     * {@link ParseError#BAD_UDP_LENGTH} for a length field below 8 or above {@code length};
     * {@link ParseError#BAD_UDP_CHECKSUM} when {@code verifyChecksum}, the checksum field is not zero (zero means
     * none, RFC 768) and the sum over the pseudo-header fails. Never throws for any bytes.
     */
    public ParseError check(ByteBuffer buf, int offset, int length, int srcAddr, int dstAddr,
                            boolean verifyChecksum) {
        this.buf = buf;
        this.off = offset;
        if (!Bytes.inBounds(buf, offset, length) || length < UdpRepr.HEADER_LENGTH) {
            return ParseError.TRUNCATED;
        }
        w.set(buf);
        int l = w.u16(offset + 4);
        if (l < UdpRepr.HEADER_LENGTH || l > length) {
            return ParseError.BAD_UDP_LENGTH;
        }
        this.udpLen = l;
        if (verifyChecksum && w.u16(offset + 6) != 0) {
            long acc = Checksum.pseudoHeader(srcAddr, dstAddr, IpProtocol.UDP, l);
            if (Checksum.finish(w.sum(offset, l, acc)) != 0) {
                return ParseError.BAD_UDP_CHECKSUM;
            }
        }
        return ParseError.NONE;
    }

    public ByteBuffer buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    public int srcPort() {
        return w.u16(off);
    }

    public int dstPort() {
        return w.u16(off + 2);
    }

    /** The UDP length field (header plus payload). */
    public int length() {
        return udpLen;
    }

    /** The checksum field as received; 0 means none. */
    public int checksum() {
        return w.u16(off + 6);
    }

    public boolean checksumPresent() {
        return checksum() != 0;
    }

    public int payloadOffset() {
        return off + UdpRepr.HEADER_LENGTH;
    }

    public int payloadLength() {
        return udpLen - UdpRepr.HEADER_LENGTH;
    }

    public ByteBuffer payload() {
        return Bytes.slice(buf, off + UdpRepr.HEADER_LENGTH, udpLen - UdpRepr.HEADER_LENGTH);
    }

    public UdpRepr repr() {
        return new UdpRepr(srcPort(), dstPort(), checksumPresent(), payload());
    }
}
