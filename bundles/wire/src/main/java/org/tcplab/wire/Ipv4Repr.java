package org.tcplab.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.tcplab.wire.internal.Be;
import org.tcplab.wire.internal.Bytes;
import org.tcplab.wire.internal.Hex;

/**
 * An IPv4 header (RFC 791, DSCP/ECN of RFC 2474/3168) as a value, every field kept: the options byte for byte,
 * the reserved flag bit (RFC 3514's "evil bit") included. The header checksum is not part of the value: it is
 * verified by {@link Ipv4Packet#check} and filled by {@link #emit}. Addresses are {@code int}s, see
 * {@link Ipv4Address}.
 *
 * @param fragmentOffset in 8-byte units (0..8191)
 * @param options        0..40 bytes, a multiple of 4 (copied in and out, compared by content)
 * @param payloadLength  the bytes after the header: total length minus header length
 */
public record Ipv4Repr(int dscp, int ecn, int identification, boolean reservedFlag, boolean dontFragment,
                       boolean moreFragments, int fragmentOffset, int ttl, int protocol, int src, int dst,
                       byte[] options, int payloadLength) {

    public static final int MIN_HEADER_LENGTH = 20;
    private static final byte[] NO_OPTIONS = new byte[0];

    /** @throws IllegalArgumentException if a field is out of range or the datagram would exceed 65535 bytes */
    public Ipv4Repr {
        Bytes.checkRange("dscp", dscp, 0, 63);
        Bytes.checkRange("ecn", ecn, 0, 3);
        Bytes.checkU16("identification", identification);
        Bytes.checkRange("fragmentOffset", fragmentOffset, 0, 8191);
        Bytes.checkU8("ttl", ttl);
        Bytes.checkU8("protocol", protocol);
        if (options.length > 40 || options.length % 4 != 0) {
            throw new IllegalArgumentException("IPv4 options are 0..40 bytes in 4-byte words, got " + options.length);
        }
        options = options.length == 0 ? NO_OPTIONS : options.clone();
        Bytes.checkRange("payloadLength", payloadLength, 0, 65535 - MIN_HEADER_LENGTH - options.length);
    }

    /**
     * A plain header: no DSCP/ECN, identification 0, DF set (RFC 9293 3.7.2 path MTU discovery), no fragment,
     * no options.
     */
    public static Ipv4Repr of(int src, int dst, int protocol, int ttl, int payloadLength) {
        return new Ipv4Repr(0, 0, 0, false, true, false, 0, ttl, protocol, src, dst, NO_OPTIONS, payloadLength);
    }

    @Override
    public byte[] options() {
        return options.length == 0 ? NO_OPTIONS : options.clone();
    }

    public int headerLength() {
        return MIN_HEADER_LENGTH + options.length;
    }

    public int totalLength() {
        return headerLength() + payloadLength;
    }

    /** Whether this header describes a fragment: MF set or a non-zero offset. */
    public boolean isFragment() {
        return moreFragments || fragmentOffset != 0;
    }

    /** The fragment offset in bytes. */
    public int fragmentOffsetBytes() {
        return fragmentOffset * 8;
    }

    /**
     * Writes the header (with options and a correct checksum) at absolute {@code offset}; the payload is the
     * caller's to write after it.
     *
     * @return {@link #headerLength()}
     * @throws IndexOutOfBoundsException if the header does not fit below {@code buf.limit()}
     */
    public int emit(ByteBuffer buf, int offset) {
        int h = headerLength();
        Bytes.checkRegion(buf, offset, h);
        Be.put8(buf, offset, 0x40 | (h / 4));
        Be.put8(buf, offset + 1, (dscp << 2) | ecn);
        Be.put16(buf, offset + 2, h + payloadLength);
        Be.put16(buf, offset + 4, identification);
        Be.put16(buf, offset + 6, (reservedFlag ? 0x8000 : 0) | (dontFragment ? 0x4000 : 0)
            | (moreFragments ? 0x2000 : 0) | fragmentOffset);
        Be.put8(buf, offset + 8, ttl);
        Be.put8(buf, offset + 9, protocol);
        Be.put16(buf, offset + 10, 0);
        Be.put32(buf, offset + 12, src & 0xFFFF_FFFFL);
        Be.put32(buf, offset + 16, dst & 0xFFFF_FFFFL);
        if (options.length > 0) {
            buf.put(offset + MIN_HEADER_LENGTH, options);
        }
        Be.put16(buf, offset + 10, Checksum.compute(buf, offset, h));
        return h;
    }

    /**
     * Parses untrusted bytes as an IPv4 header (see {@link Ipv4Packet#check} for the reasons). Fragments are
     * accepted here: this is the header alone.
     */
    public static ParseResult<Ipv4Repr> parse(ByteBuffer buf, int offset, int length, boolean verifyChecksum) {
        Ipv4Packet p = new Ipv4Packet();
        ParseError e = p.check(buf, offset, length, verifyChecksum);
        return e == ParseError.NONE ? ParseResult.ok(p.repr()) : ParseResult.failure(e);
    }

    public Ipv4Repr withPayloadLength(int v) {
        return new Ipv4Repr(dscp, ecn, identification, reservedFlag, dontFragment, moreFragments, fragmentOffset, ttl,
            protocol, src, dst, options, v);
    }

    public Ipv4Repr withProtocol(int v) {
        return new Ipv4Repr(dscp, ecn, identification, reservedFlag, dontFragment, moreFragments, fragmentOffset, ttl,
            v, src, dst, options, payloadLength);
    }

    public Ipv4Repr withIdentification(int v) {
        return new Ipv4Repr(dscp, ecn, v, reservedFlag, dontFragment, moreFragments, fragmentOffset, ttl,
            protocol, src, dst, options, payloadLength);
    }

    public Ipv4Repr withTtl(int v) {
        return new Ipv4Repr(dscp, ecn, identification, reservedFlag, dontFragment, moreFragments, fragmentOffset, v,
            protocol, src, dst, options, payloadLength);
    }

    public Ipv4Repr withEcn(int v) {
        return new Ipv4Repr(dscp, v, identification, reservedFlag, dontFragment, moreFragments,
            fragmentOffset, ttl, protocol, src, dst, options, payloadLength);
    }

    /** Sets DF, MF and the offset (in 8-byte units). */
    public Ipv4Repr withFragment(boolean df, boolean mf, int offsetUnits) {
        return new Ipv4Repr(dscp, ecn, identification, reservedFlag, df, mf, offsetUnits, ttl, protocol, src, dst,
            options, payloadLength);
    }

    public Ipv4Repr withOptions(byte[] v) {
        return new Ipv4Repr(dscp, ecn, identification, reservedFlag, dontFragment, moreFragments, fragmentOffset, ttl,
            protocol, src, dst, v, payloadLength);
    }

    /** A builder starting from {@link #of of(0, 0, TCP, 64, 0)}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A mutable builder for tests; {@link #build()} validates. */
    public static final class Builder {
        private int dscp;
        private int ecn;
        private int identification;
        private boolean reservedFlag;
        private boolean dontFragment = true;
        private boolean moreFragments;
        private int fragmentOffset;
        private int ttl = 64;
        private int protocol = IpProtocol.TCP;
        private int src;
        private int dst;
        private byte[] options = NO_OPTIONS;
        private int payloadLength;

        private Builder() {
        }

        public Builder dscp(int v) { dscp = v; return this; }
        public Builder ecn(int v) { ecn = v; return this; }
        public Builder identification(int v) { identification = v; return this; }
        public Builder reservedFlag(boolean v) { reservedFlag = v; return this; }
        public Builder dontFragment(boolean v) { dontFragment = v; return this; }
        public Builder moreFragments(boolean v) { moreFragments = v; return this; }
        public Builder fragmentOffset(int v) { fragmentOffset = v; return this; }
        public Builder ttl(int v) { ttl = v; return this; }
        public Builder protocol(int v) { protocol = v; return this; }
        public Builder src(int v) { src = v; return this; }
        public Builder dst(int v) { dst = v; return this; }
        public Builder options(byte[] v) { options = v; return this; }
        public Builder payloadLength(int v) { payloadLength = v; return this; }

        public Ipv4Repr build() {
            return new Ipv4Repr(dscp, ecn, identification, reservedFlag, dontFragment, moreFragments, fragmentOffset,
                ttl, protocol, src, dst, options, payloadLength);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ipv4Repr r && dscp == r.dscp && ecn == r.ecn && identification == r.identification
            && reservedFlag == r.reservedFlag && dontFragment == r.dontFragment && moreFragments == r.moreFragments
            && fragmentOffset == r.fragmentOffset && ttl == r.ttl && protocol == r.protocol && src == r.src
            && dst == r.dst && Arrays.equals(options, r.options) && payloadLength == r.payloadLength;
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(options);
        h = 31 * h + src;
        h = 31 * h + dst;
        h = 31 * h + identification;
        h = 31 * h + (protocol << 8 | ttl);
        h = 31 * h + payloadLength;
        h = 31 * h + (dscp << 2 | ecn);
        return 31 * h + ((reservedFlag ? 4 : 0) | (dontFragment ? 2 : 0) | (moreFragments ? 1 : 0)) + fragmentOffset;
    }

    /**
     * {@code IPv4 192.0.2.1>192.0.2.2 TCP len=40 ttl=64 id=0 DF}, then {@code MF}, {@code off=n} (in bytes),
     * {@code RF}, {@code dscp=}, {@code ecn=}, {@code opts=hex} when set.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64).append("IPv4 ").append(Ipv4Address.toString(src)).append('>')
            .append(Ipv4Address.toString(dst)).append(' ').append(IpProtocol.toString(protocol)).append(" len=")
            .append(totalLength()).append(" ttl=").append(ttl).append(" id=").append(identification);
        if (dontFragment) {
            sb.append(" DF");
        }
        if (moreFragments) {
            sb.append(" MF");
        }
        if (fragmentOffset != 0) {
            sb.append(" off=").append(fragmentOffset * 8);
        }
        if (reservedFlag) {
            sb.append(" RF");
        }
        if (dscp != 0) {
            sb.append(" dscp=").append(dscp);
        }
        if (ecn != 0) {
            sb.append(" ecn=").append(ecn);
        }
        if (options.length != 0) {
            sb.append(" opts=").append(Hex.of(options));
        }
        return sb.toString();
    }
}
