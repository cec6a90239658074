package org.tcplab.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.tcplab.wire.internal.Be;
import org.tcplab.wire.internal.Bytes;
import org.tcplab.wire.internal.OptionList;
import org.tcplab.wire.internal.TcpOptions;

/**
 * A TCP segment as a value: every header field, the options in wire order, and the payload.
 * Any combination of the twelve flag bits is representable (SYN+FIN, SYN+RST, none at all).
 *
 * <p>{@code seq} and {@code ack} are unsigned 32-bit values in a {@code long}; {@code window} is the raw
 * 16-bit field (scaling is the stack's business); {@code ack} is kept whether or not ACK is set. The checksum is
 * not part of the value: it is verified by {@link TcpPacket#check} and computed by {@link #emit}.
 *
 * <p>Payload ownership: the payload is a read-only slice that shares bytes with the buffer it was parsed from
 * (zero copy). {@link #payload()} returns a fresh duplicate each call, so the value stays immutable; a value that
 * must outlive its source buffer is detached with {@link #copy()}.
 *
 * <p>{@link #toString()} uses RFC 793 figure notation, e.g. {@code <SEQ=100><ACK=300><CTL=SYN,ACK>}:
 * {@code <SEQ>} always, {@code <ACK>} only when the ACK flag is set, {@code <DATA=n>} when there is payload
 * (placed before CTL as in RFC 793 figure 11), {@code <CTL=...>} always ({@code NONE} for no flags), then the
 * options in wire order in {@link TcpOption}'s notation without NOP and EOL padding. {@link #toDetailString()}
 * adds window, urgent pointer, ports, the ack field when ACK is clear, and the padding.
 */
public record TcpRepr(int srcPort, int dstPort, long seq, long ack, int flags, int window, int urgentPointer,
                      List<TcpOption> options, ByteBuffer payload) implements Ipv4Payload {

    /** The fixed header length without options. */
    public static final int MIN_HEADER_LENGTH = 20;
    /** The longest header, with 40 bytes of options. */
    public static final int MAX_HEADER_LENGTH = 60;

    /**
     * @throws IllegalArgumentException if a field is out of its range or the options do not fit 40 bytes
     */
    public TcpRepr {
        Bytes.checkU16("srcPort", srcPort);
        Bytes.checkU16("dstPort", dstPort);
        Bytes.checkU32("seq", seq);
        Bytes.checkU32("ack", ack);
        if ((flags & ~TcpFlags.MASK) != 0) {
            throw new IllegalArgumentException("flags has bits beyond the twelve: 0x" + Integer.toHexString(flags));
        }
        Bytes.checkU16("window", window);
        Bytes.checkU16("urgentPointer", urgentPointer);
        // An OptionList (what the parser and every TcpRepr hold) is immutable and knows its length: kept as it
        // is; any other list is copied into one.
        OptionList opts = OptionList.of(options);
        if (opts.byteLength() > 40) {
            throw new IllegalArgumentException("options need " + opts.byteLength() + " bytes, at most 40 fit");
        }
        options = opts;
        payload = ownPayload(payload);
    }

    /**
     * A read-only slice of {@code p} from its position to its limit that no one else holds: the value's own
     * position and limit, sharing the bytes. A read-only source needs one slice, a writable one a read-only view
     * of it too; no payload at all is the shared empty buffer.
     */
    private static ByteBuffer ownPayload(ByteBuffer p) {
        if (p == null || p == Bytes.EMPTY) {
            return Bytes.EMPTY;
        }
        return p.isReadOnly() ? p.slice() : p.slice().asReadOnlyBuffer();
    }

    /** A fresh read-only duplicate of the payload (position 0, limit its length). */
    @Override
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    /** The payload length in bytes. */
    public int payloadLength() {
        return payload.remaining();
    }

    /** Whether every bit of {@code flag} (one or more {@link TcpFlags}) is set. */
    public boolean has(int flag) {
        return (flags & flag) == flag;
    }

    /** SEG.LEN of RFC 9293 3.3.1: the payload length plus one for SYN and one for FIN. */
    public int segLen() {
        return payload.remaining() + (flags & TcpFlags.SYN) / TcpFlags.SYN + (flags & TcpFlags.FIN);
    }

    /**
     * The header length when emitted: 20 plus the options rounded up to a multiple of 4 with zero bytes (which
     * parse back as a trailing {@link TcpOption.Eol}; parsed option lists always fill their header exactly, so
     * they re-emit unchanged).
     */
    public int headerLength() {
        return MIN_HEADER_LENGTH + ((((OptionList) options).byteLength() + 3) & ~3);
    }

    /** Header plus payload: the bytes {@link #emit} writes, and the TCP length of the pseudo-header. */
    public int emittedLength() {
        return headerLength() + payload.remaining();
    }

    /** The first MSS option's value. */
    public OptionalInt mss() {
        for (TcpOption o : options) {
            if (o instanceof TcpOption.Mss m) {
                return OptionalInt.of(m.mss());
            }
        }
        return OptionalInt.empty();
    }

    /** The first window scale option's raw shift. */
    public OptionalInt windowScale() {
        for (TcpOption o : options) {
            if (o instanceof TcpOption.WindowScale w) {
                return OptionalInt.of(w.shift());
            }
        }
        return OptionalInt.empty();
    }

    /** Whether a SACK-permitted option is present. */
    public boolean sackPermitted() {
        for (TcpOption o : options) {
            if (o instanceof TcpOption.SackPermitted) {
                return true;
            }
        }
        return false;
    }

    /** The first timestamps option. */
    public Optional<TcpOption.Timestamps> timestamps() {
        return find(TcpOption.Timestamps.class);
    }

    /** The first SACK option. */
    public Optional<TcpOption.Sack> sack() {
        return find(TcpOption.Sack.class);
    }

    /** The first MD5 signature option. */
    public Optional<TcpOption.Md5Signature> md5() {
        return find(TcpOption.Md5Signature.class);
    }

    /** The first TCP-AO option. */
    public Optional<TcpOption.Ao> ao() {
        return find(TcpOption.Ao.class);
    }

    /** The first option of the given record type. */
    public <T extends TcpOption> Optional<T> find(Class<T> type) {
        for (TcpOption o : options) {
            if (type.isInstance(o)) {
                return Optional.of(type.cast(o));
            }
        }
        return Optional.empty();
    }

    /**
     * Writes the segment at absolute {@code offset} of {@code buf}: header, options (zero-padded to a multiple
     * of 4), payload, and the checksum over the IPv4 pseudo-header of {@code srcAddr} and {@code dstAddr}. The
     * buffer's position and limit are not changed.
     *
     * @return the number of bytes written, {@link #emittedLength()}
     * @throws IndexOutOfBoundsException if the segment does not fit below {@code buf.limit()}
     * @throws java.nio.ReadOnlyBufferException if {@code buf} is read-only
     */
    public int emit(ByteBuffer buf, int offset, int srcAddr, int dstAddr) {
        int len = emitWithoutChecksum(buf, offset);
        TcpPacket.fillChecksum(buf, offset, len, srcAddr, dstAddr);
        return len;
    }

    /**
     * Like {@link #emit} but leaves the checksum field zero, for a signer that computes a MAC first (RFC 2385,
     * RFC 5925 both exclude the checksum) and then calls {@link TcpPacket#fillChecksum}.
     */
    public int emitWithoutChecksum(ByteBuffer buf, int offset) {
        int hlen = headerLength();
        int plen = payload.remaining();
        Bytes.checkRegion(buf, offset, hlen + plen);
        Be.put16(buf, offset, srcPort);
        Be.put16(buf, offset + 2, dstPort);
        Be.put32(buf, offset + 4, seq);
        Be.put32(buf, offset + 8, ack);
        Be.put16(buf, offset + 12, (((hlen / 4) << 12) | flags));
        Be.put16(buf, offset + 14, window);
        Be.put16(buf, offset + 16, 0);
        Be.put16(buf, offset + 18, urgentPointer);
        int end = TcpOptions.emit(options, buf, offset + MIN_HEADER_LENGTH);
        while (end < offset + hlen) {
            buf.put(end++, (byte) 0);
        }
        buf.put(offset + hlen, payload, 0, plen);
        return hlen + plen;
    }

    /** The segment as a fresh heap buffer of exactly {@link #emittedLength()} bytes, checksum filled. */
    public ByteBuffer toBuffer(int srcAddr, int dstAddr) {
        ByteBuffer b = ByteBuffer.allocate(emittedLength());
        emit(b, 0, srcAddr, dstAddr);
        return b;
    }

    /**
     * Parses untrusted bytes: {@code length} bytes at absolute {@code offset} form one TCP segment (the IPv4
     * payload), verified against the pseudo-header of {@code srcAddr}/{@code dstAddr} when {@code verifyChecksum}.
     * Never throws for any bytes; the value shares the payload with {@code buf}.
     */
    public static ParseResult<TcpRepr> parse(ByteBuffer buf, int offset, int length, int srcAddr, int dstAddr,
                                             boolean verifyChecksum) {
        return TcpPacket.parseValue(buf, offset, length, srcAddr, dstAddr, verifyChecksum);
    }

    /** This value with its payload copied into an exact-size heap buffer of its own. */
    public TcpRepr copy() {
        return withPayload(Bytes.copy(payload));
    }

    public TcpRepr withSrcPort(int v) {
        return new TcpRepr(v, dstPort, seq, ack, flags, window, urgentPointer, options, payload);
    }

    public TcpRepr withDstPort(int v) {
        return new TcpRepr(srcPort, v, seq, ack, flags, window, urgentPointer, options, payload);
    }

    public TcpRepr withSeq(long v) {
        return new TcpRepr(srcPort, dstPort, v, ack, flags, window, urgentPointer, options, payload);
    }

    public TcpRepr withAck(long v) {
        return new TcpRepr(srcPort, dstPort, seq, v, flags, window, urgentPointer, options, payload);
    }

    public TcpRepr withFlags(int v) {
        return new TcpRepr(srcPort, dstPort, seq, ack, v, window, urgentPointer, options, payload);
    }

    public TcpRepr withWindow(int v) {
        return new TcpRepr(srcPort, dstPort, seq, ack, flags, v, urgentPointer, options, payload);
    }

    public TcpRepr withUrgentPointer(int v) {
        return new TcpRepr(srcPort, dstPort, seq, ack, flags, window, v, options, payload);
    }

    public TcpRepr withOptions(List<TcpOption> v) {
        return new TcpRepr(srcPort, dstPort, seq, ack, flags, window, urgentPointer, v, payload);
    }

    public TcpRepr withOptions(TcpOption... v) {
        return withOptions(List.of(v));
    }

    public TcpRepr withPayload(ByteBuffer v) {
        return new TcpRepr(srcPort, dstPort, seq, ack, flags, window, urgentPointer, options, v);
    }

    public TcpRepr withPayload(byte[] v) {
        return withPayload(ByteBuffer.wrap(v));
    }

    /** A builder with every field zero, no options and no payload. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.srcPort = srcPort;
        b.dstPort = dstPort;
        b.seq = seq;
        b.ack = ack;
        b.flags = flags;
        b.window = window;
        b.urgentPointer = urgentPointer;
        b.options.addAll(options);
        b.payload = payload;
        return b;
    }

    /** A mutable builder for tests and the engine; {@link #build()} validates. */
    public static final class Builder {
        private int srcPort;
        private int dstPort;
        private long seq;
        private long ack;
        private int flags;
        private int window;
        private int urgentPointer;
        private final List<TcpOption> options = new ArrayList<>();
        private ByteBuffer payload = Bytes.EMPTY;

        private Builder() {
        }

        public Builder srcPort(int v) {
            srcPort = v;
            return this;
        }

        public Builder dstPort(int v) {
            dstPort = v;
            return this;
        }

        public Builder ports(int src, int dst) {
            srcPort = src;
            dstPort = dst;
            return this;
        }

        public Builder seq(long v) {
            seq = v;
            return this;
        }

        /** Sets the acknowledgment field (without setting the ACK flag). */
        public Builder ack(long v) {
            ack = v;
            return this;
        }

        /** Replaces all flag bits. */
        public Builder flags(int v) {
            flags = v;
            return this;
        }

        /** Adds flag bits to those already set. */
        public Builder flag(int v) {
            flags |= v;
            return this;
        }

        public Builder window(int v) {
            window = v;
            return this;
        }

        public Builder urgentPointer(int v) {
            urgentPointer = v;
            return this;
        }

        /** Appends one option. */
        public Builder option(TcpOption v) {
            options.add(v);
            return this;
        }

        /** Replaces the options. */
        public Builder options(List<TcpOption> v) {
            options.clear();
            options.addAll(v);
            return this;
        }

        public Builder payload(ByteBuffer v) {
            payload = v;
            return this;
        }

        public Builder payload(byte[] v) {
            payload = ByteBuffer.wrap(v);
            return this;
        }

        public TcpRepr build() {
            return new TcpRepr(srcPort, dstPort, seq, ack, flags, window, urgentPointer, options, payload);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64);
        sb.append("<SEQ=").append(seq).append('>');
        if (has(TcpFlags.ACK)) {
            sb.append("<ACK=").append(ack).append('>');
        }
        if (payload.hasRemaining()) {
            sb.append("<DATA=").append(payload.remaining()).append('>');
        }
        sb.append("<CTL=").append(TcpFlags.toString(flags)).append('>');
        for (TcpOption o : options) {
            if (!(o instanceof TcpOption.Nop) && !(o instanceof TcpOption.Eol)) {
                sb.append(o);
            }
        }
        return sb.toString();
    }

    /**
     * Every field: {@code <PORTS=src>dst>} then the {@link #toString()} elements (ACK always, with its field value
     * even when the flag is clear), {@code <WND=w>}, {@code <URP=u>} when non-zero, and every option including
     * NOP and EOL.
     */
    public String toDetailString() {
        StringBuilder sb = new StringBuilder(96);
        sb.append("<PORTS=").append(srcPort).append('>').append(dstPort).append('>');
        sb.append("<SEQ=").append(seq).append("><ACK=").append(ack).append('>');
        if (payload.hasRemaining()) {
            sb.append("<DATA=").append(payload.remaining()).append('>');
        }
        sb.append("<CTL=").append(TcpFlags.toString(flags)).append("><WND=").append(window).append('>');
        if (urgentPointer != 0) {
            sb.append("<URP=").append(urgentPointer).append('>');
        }
        for (TcpOption o : options) {
            sb.append(o);
        }
        return sb.toString();
    }
}
