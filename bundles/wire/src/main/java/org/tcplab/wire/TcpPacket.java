package org.tcplab.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.tcplab.wire.internal.Be;
import org.tcplab.wire.internal.Bytes;
import org.tcplab.wire.internal.OptionList;
import org.tcplab.wire.internal.Window;

/**
 * A reusable zero-copy view of one TCP segment at an absolute offset of a caller's buffer.
 *
 * <p>Bytes enter through {@link #check}; when it returns {@link ParseError#NONE} every accessor is valid and
 * cannot fail until the next {@code check}. Calling an accessor after a failed check, or before any, is a
 * programming error with unspecified results. One view is meant to be reused for every segment of a thread:
 * {@code check} and the accessors allocate nothing. Option positions found during the check are remembered, so
 * {@link #mss()}, {@link #windowScale()}, {@link #tsVal()} and the signature offsets are single reads.
 *
 * <p>Ownership: the view borrows {@code buf} and never changes its position, limit, order or contents; it is
 * valid only while the caller keeps those bytes unchanged. Not thread-safe.
 */
public final class TcpPacket {

    /** <NOP><NOP><kind 8><length 10>: the first word of the RFC 7323 Appendix A timestamps layout. */
    private static final int ALIGNED_TIMESTAMPS = 0x0101080A;
    private static final int ALIGNED_TIMESTAMPS_LENGTH = 12;

    private final Window w = new Window();
    private ByteBuffer buf;
    private int off;
    private int len;
    private int hlen;
    private int mssAt;
    private int wsAt;
    private int sackPermAt;
    private int sackAt;
    private int tsAt;
    private int md5At;
    private int aoAt;

    /**
     * Accepts or rejects {@code length} bytes at absolute {@code offset} of {@code buf} as one TCP segment (the
     * whole IPv4 payload). The checks, in order: {@link ParseError#TRUNCATED} below 20 bytes (or a region outside
     * the buffer); {@link ParseError#BAD_DATA_OFFSET} for a data offset below 5 or a header longer than the
     * segment; {@link ParseError#BAD_TCP_CHECKSUM} when {@code verifyChecksum} and the sum over the pseudo-header
     * of {@code srcAddr}/{@code dstAddr} fails; {@link ParseError#MALFORMED_OPTION} for an option missing its
     * length byte, with a length below 2, or running past the header. Never throws for any bytes.
     */
    public ParseError check(ByteBuffer buf, int offset, int length, int srcAddr, int dstAddr,
                            boolean verifyChecksum) {
        this.buf = buf;
        this.off = offset;
        this.len = length;
        // The view's hot path, kept as it was measured; parseValue makes the same checks through checkHeader
        // (TcpCodecTest compares the two on random option areas).
        if (!Bytes.inBounds(buf, offset, length) || length < TcpRepr.MIN_HEADER_LENGTH) {
            return ParseError.TRUNCATED;
        }
        w.set(buf);
        int h = (w.u8(offset + 12) >>> 4) * 4;
        if (h < TcpRepr.MIN_HEADER_LENGTH || h > length) {
            return ParseError.BAD_DATA_OFFSET;
        }
        this.hlen = h;
        if (verifyChecksum && Checksum.finish(w.sum(offset, length,
            Checksum.pseudoHeader(srcAddr, dstAddr, IpProtocol.TCP, length))) != 0) {
            return ParseError.BAD_TCP_CHECKSUM;
        }
        return walkOptions(offset + TcpRepr.MIN_HEADER_LENGTH, offset + h);
    }

    private static final ParseError[] ERRORS = ParseError.values();

    /**
     * The checks of {@link #check} before the option walk, for {@link #parseValue}: the header length when they
     * pass, else minus the ordinal of the reason. Points {@code w} at {@code buf} once the region is known to be
     * inside it.
     */
    private static int checkHeader(Window w, ByteBuffer buf, int offset, int length, int srcAddr, int dstAddr,
                                   boolean verifyChecksum) {
        if (!Bytes.inBounds(buf, offset, length) || length < TcpRepr.MIN_HEADER_LENGTH) {
            return -ParseError.TRUNCATED.ordinal();
        }
        w.set(buf);
        int h = (w.u8(offset + 12) >>> 4) * 4;
        if (h < TcpRepr.MIN_HEADER_LENGTH || h > length) {
            return -ParseError.BAD_DATA_OFFSET.ordinal();
        }
        if (verifyChecksum && Checksum.finish(w.sum(offset, length,
            Checksum.pseudoHeader(srcAddr, dstAddr, IpProtocol.TCP, length))) != 0) {
            return -ParseError.BAD_TCP_CHECKSUM.ordinal();
        }
        return h;
    }

    /**
     * The checked parse of untrusted bytes straight to a value, for {@link Datagram#parse}, {@link TcpRepr#parse}
     * and {@link #repr()}: the checks of {@link #check} in the same order, then one walk over the options that
     * checks and builds them at once (the view's walk records positions a value does not need). Allocates the
     * value, its option list (over an exact-size array, no copy), the option values (NOP and SACK-permitted are
     * shared) and the payload slice.
     *
     * <p>One method on purpose: at over 325 bytes of bytecode it is too big for the JIT to inline, so it is
     * compiled on its own. Inlined into {@code Datagram.parse} (which happened or not from run to run, as the
     * compilations raced), the 1480-byte checksum loop of a data segment ran at about half speed there:
     * JMH {@code data1500Values} 3.5-5.0 M/s inlined against 7.5-8.3 M/s compiled on its own (shared 2-core
     * machine, JDK 17, the inlining forced either way with {@code -XX:CompileCommand}).
     */
    static ParseResult<TcpRepr> parseValue(ByteBuffer buf, int offset, int length, int srcAddr, int dstAddr,
                                           boolean verifyChecksum) {
        Window w = new Window();
        int h = checkHeader(w, buf, offset, length, srcAddr, dstAddr, verifyChecksum);
        if (h < 0) {
            return ParseResult.failure(ERRORS[-h]);
        }
        int i = offset + TcpRepr.MIN_HEADER_LENGTH;
        int end = offset + h;
        OptionList options;
        if (i == end) {
            options = OptionList.EMPTY;
        } else if (end - i == ALIGNED_TIMESTAMPS_LENGTH && w.i32(i) == ALIGNED_TIMESTAMPS) {
            // The layout of nearly every segment of a connection with timestamps, as in walkOptions.
            options = OptionList.trusted(new TcpOption[] {TcpOption.Nop.INSTANCE, TcpOption.Nop.INSTANCE,
                new TcpOption.Timestamps(w.u32(i + 4), w.u32(i + 8))}, ALIGNED_TIMESTAMPS_LENGTH);
        } else {
            // First pass: the rules of walkOptions, counting the options so that the array has its exact size.
            int count = 0;
            while (i < end) {
                int kind = w.u8(i);
                count++;
                if (kind == TcpOption.KIND_EOL) {
                    break;
                }
                if (kind == TcpOption.KIND_NOP) {
                    i++;
                    continue;
                }
                if (i + 1 >= end) {
                    return ParseResult.failure(ParseError.MALFORMED_OPTION);
                }
                int olen = w.u8(i + 1);
                if (olen < 2 || olen > end - i) {
                    return ParseResult.failure(ParseError.MALFORMED_OPTION);
                }
                i += olen;
            }
            TcpOption[] out = new TcpOption[count];
            i = offset + TcpRepr.MIN_HEADER_LENGTH;
            for (int n = 0; n < count; n++) {
                int kind = w.u8(i);
                if (kind == TcpOption.KIND_EOL) {
                    // Everything after an EOL is its padding, kept byte for byte.
                    out[n] = new TcpOption.Eol(Bytes.array(buf, i + 1, end - i - 1));
                    break;
                }
                if (kind == TcpOption.KIND_NOP) {
                    out[n] = TcpOption.Nop.INSTANCE;
                    i++;
                    continue;
                }
                int olen = w.u8(i + 1);
                out[n] = option(w, buf, i, kind, olen);
                i += olen;
            }
            // Parsed options fill the header exactly (an EOL takes the rest), so they occupy h - 20 bytes.
            options = OptionList.trusted(out, h - TcpRepr.MIN_HEADER_LENGTH);
        }
        return ParseResult.ok(new TcpRepr(w.u16(offset), w.u16(offset + 2), w.u32(offset + 4), w.u32(offset + 8),
            w.u16(offset + 12) & TcpFlags.MASK, w.u16(offset + 14), w.u16(offset + 18), options,
            Bytes.slice(buf, offset + h, length - h)));
    }

    /** One option with a length byte, well-formed by the walk: its record, or Unknown for an unexpected shape. */
    private static TcpOption option(Window w, ByteBuffer buf, int i, int kind, int olen) {
        if (!TcpOption.isKnownShape(kind, olen)) {
            return new TcpOption.Unknown(kind, Bytes.array(buf, i + 2, olen - 2));
        }
        switch (kind) {
            case TcpOption.KIND_MSS:
                return new TcpOption.Mss(w.u16(i + 2));
            case TcpOption.KIND_WINDOW_SCALE:
                return new TcpOption.WindowScale(w.u8(i + 2));
            case TcpOption.KIND_SACK_PERMITTED:
                return TcpOption.SackPermitted.INSTANCE;
            case TcpOption.KIND_SACK: {
                int blocks = (olen - 2) / 8;
                List<TcpOption.SackBlock> list = new ArrayList<>(blocks);
                for (int b = 0; b < blocks; b++) {
                    int at = i + 2 + 8 * b;
                    list.add(new TcpOption.SackBlock(w.u32(at), w.u32(at + 4)));
                }
                return new TcpOption.Sack(list);
            }
            case TcpOption.KIND_TIMESTAMPS:
                return new TcpOption.Timestamps(w.u32(i + 2), w.u32(i + 6));
            case TcpOption.KIND_MD5:
                return new TcpOption.Md5Signature(Bytes.array(buf, i + 2, 16));
            case TcpOption.KIND_AO:
                return new TcpOption.Ao(w.u8(i + 2), w.u8(i + 3), Bytes.array(buf, i + 4, olen - 4));
            default:
                throw new AssertionError("isKnownShape knows kind " + kind + ", the parser does not");
        }
    }

    private ParseError walkOptions(int i, int end) {
        sackAt = -1;
        md5At = -1;
        aoAt = -1;
        // The two layouts nearly every segment has, taken without the walk (which would find the same): no
        // options, and the RFC 7323 Appendix A timestamps layout <NOP><NOP><TS> alone, which Linux sends on
        // every segment of a connection with timestamps and checks first the same way
        // (tcp_parse_aligned_timestamp).
        int n = end - i;
        if (n == 0 || n == ALIGNED_TIMESTAMPS_LENGTH && w.i32(i) == ALIGNED_TIMESTAMPS) {
            mssAt = -1;
            wsAt = -1;
            sackPermAt = -1;
            tsAt = n == 0 ? -1 : i + 2;
            return ParseError.NONE;
        }
        // Positions are kept in locals and stored once at the end: the loop then runs in registers.
        int mss = -1;
        int ws = -1;
        int sackPerm = -1;
        int ts = -1;
        Window w = this.w;
        while (i < end) {
            int kind = w.u8(i);
            if (kind == TcpOption.KIND_EOL) {
                break;
            }
            if (kind == TcpOption.KIND_NOP) {
                i++;
                continue;
            }
            if (i + 1 >= end) {
                return ParseError.MALFORMED_OPTION;
            }
            int olen = w.u8(i + 1);
            if (olen < 2 || olen > end - i) {
                return ParseError.MALFORMED_OPTION;
            }
            switch (kind) {
                case TcpOption.KIND_MSS: if (olen == 4 && mss < 0) { mss = i; } break;
                case TcpOption.KIND_WINDOW_SCALE: if (olen == 3 && ws < 0) { ws = i; } break;
                case TcpOption.KIND_SACK_PERMITTED: if (olen == 2 && sackPerm < 0) { sackPerm = i; } break;
                case TcpOption.KIND_TIMESTAMPS: if (olen == 10 && ts < 0) { ts = i; } break;
                default:
                    if (kind == TcpOption.KIND_SACK || kind == TcpOption.KIND_MD5 || kind == TcpOption.KIND_AO) {
                        rareOption(kind, olen, i);
                    }
                    break;
            }
            i += olen;
        }
        mssAt = mss;
        wsAt = ws;
        sackPermAt = sackPerm;
        tsAt = ts;
        return ParseError.NONE;
    }

    private void rareOption(int kind, int olen, int i) {
        if (!TcpOption.isKnownShape(kind, olen)) {
            return;
        }
        if (kind == TcpOption.KIND_SACK && sackAt < 0) {
            sackAt = i;
        } else if (kind == TcpOption.KIND_MD5 && md5At < 0) {
            md5At = i;
        } else if (kind == TcpOption.KIND_AO && aoAt < 0) {
            aoAt = i;
        }
    }

    /** Whether the segment sums to zero with the IPv4 pseudo-header (never throws for an in-bounds region). */
    public static boolean checksumOk(ByteBuffer buf, int offset, int length, int srcAddr, int dstAddr) {
        long acc = Checksum.pseudoHeader(srcAddr, dstAddr, IpProtocol.TCP, length);
        return Checksum.finish(Checksum.sum(buf, offset, length, acc)) == 0;
    }

    /**
     * Computes and stores the checksum of the {@code length}-byte segment at {@code offset} (the field is
     * zeroed first), over the pseudo-header of {@code srcAddr}/{@code dstAddr}.
     */
    public static void fillChecksum(ByteBuffer buf, int offset, int length, int srcAddr, int dstAddr) {
        Be.put16(buf, offset + 16, 0);
        long acc = Checksum.pseudoHeader(srcAddr, dstAddr, IpProtocol.TCP, length);
        Be.put16(buf, offset + 16, Checksum.finish(Checksum.sum(buf, offset, length, acc)));
    }

    /** The buffer this view reads. */
    public ByteBuffer buffer() {
        return buf;
    }

    /** The absolute offset of the segment in {@link #buffer()}. */
    public int offset() {
        return off;
    }

    /** The segment length (header plus payload). */
    public int length() {
        return len;
    }

    public int srcPort() {
        return w.u16(off);
    }

    public int dstPort() {
        return w.u16(off + 2);
    }

    public long seq() {
        return w.u32(off + 4);
    }

    public long ack() {
        return w.u32(off + 8);
    }

    /** The data offset field, in 32-bit words. */
    public int dataOffset() {
        return hlen / 4;
    }

    public int headerLength() {
        return hlen;
    }

    /** The twelve flag bits, see {@link TcpFlags}. */
    public int flags() {
        return w.u16(off + 12) & TcpFlags.MASK;
    }

    public boolean has(int flag) {
        return (flags() & flag) == flag;
    }

    public int window() {
        return w.u16(off + 14);
    }

    /** The checksum field as received. */
    public int checksum() {
        return w.u16(off + 16);
    }

    public int urgentPointer() {
        return w.u16(off + 18);
    }

    public int optionsOffset() {
        return off + TcpRepr.MIN_HEADER_LENGTH;
    }

    public int optionsLength() {
        return hlen - TcpRepr.MIN_HEADER_LENGTH;
    }

    public int payloadOffset() {
        return off + hlen;
    }

    public int payloadLength() {
        return len - hlen;
    }

    /** SEG.LEN (RFC 9293 3.3.1): payload plus one for SYN, one for FIN. */
    public int segLen() {
        int f = flags();
        return len - hlen + ((f >>> 1) & 1) + (f & 1);
    }

    /** The first well-formed MSS option's value, or -1. */
    public int mss() {
        return mssAt < 0 ? -1 : w.u16(mssAt + 2);
    }

    /** The first well-formed window scale option's raw shift, or -1. */
    public int windowScale() {
        return wsAt < 0 ? -1 : w.u8(wsAt + 2);
    }

    public boolean sackPermitted() {
        return sackPermAt >= 0;
    }

    public boolean hasTimestamps() {
        return tsAt >= 0;
    }

    /** TSval of the first timestamps option; valid only when {@link #hasTimestamps()}. */
    public long tsVal() {
        return w.u32(tsAt + 2);
    }

    /** TSecr of the first timestamps option; valid only when {@link #hasTimestamps()}. */
    public long tsEcr() {
        return w.u32(tsAt + 6);
    }

    /** The absolute offset of the first SACK option's kind byte, or -1. */
    public int sackOptionOffset() {
        return sackAt;
    }

    /** The absolute offset of the first MD5 option's 16-byte digest, or -1 (for an RFC 2385 signer). */
    public int md5DigestOffset() {
        return md5At < 0 ? -1 : md5At + 2;
    }

    /** The absolute offset of the first TCP-AO option's kind byte, or -1 (MAC at +4, length at +1). */
    public int aoOptionOffset() {
        return aoAt;
    }

    /** The payload as a read-only slice sharing the buffer's bytes (allocates the slice object only). */
    public ByteBuffer payload() {
        return Bytes.slice(buf, off + hlen, len - hlen);
    }

    /** The segment as a value (allocates the options and the payload slice; the payload is shared). */
    public TcpRepr repr() {
        // The bytes passed check: the values parser finds them well-formed too (the checksum is not summed again).
        return parseValue(buf, off, len, 0, 0, false).value();
    }
}
