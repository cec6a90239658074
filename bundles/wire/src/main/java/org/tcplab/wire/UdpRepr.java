package org.tcplab.wire;

import java.nio.ByteBuffer;

import org.tcplab.wire.internal.Be;
import org.tcplab.wire.internal.Bytes;

/**
 * A UDP datagram (RFC 768) as a value. {@code checksumPresent} false means the checksum field is zero ("no
 * checksum", allowed over IPv4); when true, {@link #emit} computes it over the pseudo-header and writes a
 * computed zero as 0xFFFF. The payload is a shared read-only slice, as in {@link TcpRepr}.
 */
public record UdpRepr(int srcPort, int dstPort, boolean checksumPresent, ByteBuffer payload) implements Ipv4Payload {

    public static final int HEADER_LENGTH = 8;

    public UdpRepr {
        Bytes.checkU16("srcPort", srcPort);
        Bytes.checkU16("dstPort", dstPort);
        payload = payload == null ? Bytes.EMPTY : payload.slice().asReadOnlyBuffer();
        Bytes.checkRange("payload length", payload.remaining(), 0, 65535 - HEADER_LENGTH - Ipv4Repr.MIN_HEADER_LENGTH);
    }

    /** A fresh read-only duplicate of the payload. */
    @Override
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    public int payloadLength() {
        return payload.remaining();
    }

    @Override
    public int emittedLength() {
        return HEADER_LENGTH + payload.remaining();
    }

    /**
     * Writes header and payload at absolute {@code offset}, with the checksum over the pseudo-header of
     * {@code srcAddr}/{@code dstAddr} when {@link #checksumPresent()}.
     *
     * @return {@link #emittedLength()}
     * @throws IndexOutOfBoundsException if the datagram does not fit below {@code buf.limit()}
     */
    public int emit(ByteBuffer buf, int offset, int srcAddr, int dstAddr) {
        int len = emittedLength();
        Bytes.checkRegion(buf, offset, len);
        Be.put16(buf, offset, srcPort);
        Be.put16(buf, offset + 2, dstPort);
        Be.put16(buf, offset + 4, len);
        Be.put16(buf, offset + 6, 0);
        buf.put(offset + HEADER_LENGTH, payload, 0, payload.remaining());
        if (checksumPresent) {
            long acc = Checksum.pseudoHeader(srcAddr, dstAddr, IpProtocol.UDP, len);
            int c = Checksum.finish(Checksum.sum(buf, offset, len, acc));
            Be.put16(buf, offset + 6, c == 0 ? 0xFFFF : c);
        }
        return len;
    }

    /** Parses untrusted bytes as one UDP datagram (the whole IPv4 payload); see {@link UdpPacket#check}. */
    public static ParseResult<UdpRepr> parse(ByteBuffer buf, int offset, int length, int srcAddr, int dstAddr,
                                             boolean verifyChecksum) {
        UdpPacket p = new UdpPacket();
        ParseError e = p.check(buf, offset, length, srcAddr, dstAddr, verifyChecksum);
        return e == ParseError.NONE ? ParseResult.ok(p.repr()) : ParseResult.failure(e);
    }

    /** This value with its payload copied into an exact-size buffer of its own. */
    public UdpRepr copy() {
        return new UdpRepr(srcPort, dstPort, checksumPresent, Bytes.copy(payload));
    }

    /** {@code UDP 5000>53 len=12}, plus {@code nocsum} without checksum. */
    @Override
    public String toString() {
        return "UDP " + srcPort + ">" + dstPort + " len=" + payload.remaining() + (checksumPresent ? "" : " nocsum");
    }
}
