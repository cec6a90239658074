package org.tcplab.wire;

import java.nio.ByteBuffer;

import org.tcplab.wire.internal.Be;
import org.tcplab.wire.internal.Bytes;

/**
 * An ICMP message (RFC 792) as a value: echo request and reply, destination unreachable (every code, with the
 * next-hop MTU of RFC 1191 for code 4), time exceeded, and every other type kept raw. Errors carry the quoted
 * datagram as an {@link IcmpQuote}. The checksum is verified by {@link IcmpPacket#check} and computed by
 * {@link #emit}. Byte buffers are shared read-only slices, as in {@link TcpRepr}.
 */
public sealed interface IcmpRepr extends Ipv4Payload {

    int TYPE_ECHO_REPLY = 0;
    int TYPE_DEST_UNREACHABLE = 3;
    int TYPE_ECHO_REQUEST = 8;
    int TYPE_TIME_EXCEEDED = 11;

    /** Destination unreachable codes (RFC 792, RFC 1122 3.2.2.1, RFC 1812 5.2.7.1). */
    int CODE_NET_UNREACHABLE = 0;
    int CODE_HOST_UNREACHABLE = 1;
    int CODE_PROTOCOL_UNREACHABLE = 2;
    int CODE_PORT_UNREACHABLE = 3;
    int CODE_FRAGMENTATION_NEEDED = 4;
    int CODE_SOURCE_ROUTE_FAILED = 5;
    int CODE_NET_UNKNOWN = 6;
    int CODE_HOST_UNKNOWN = 7;
    int CODE_SOURCE_HOST_ISOLATED = 8;
    int CODE_NET_PROHIBITED = 9;
    int CODE_HOST_PROHIBITED = 10;
    int CODE_NET_UNREACHABLE_FOR_TOS = 11;
    int CODE_HOST_UNREACHABLE_FOR_TOS = 12;
    int CODE_COMMUNICATION_PROHIBITED = 13;
    int CODE_HOST_PRECEDENCE_VIOLATION = 14;
    int CODE_PRECEDENCE_CUTOFF = 15;

    /** Time exceeded codes (RFC 792). */
    int CODE_TTL_EXCEEDED = 0;
    int CODE_REASSEMBLY_TIME_EXCEEDED = 1;

    int HEADER_LENGTH = 8;

    int type();

    int code();

    /**
     * Writes the message at absolute {@code offset} with its checksum.
     *
     * @return {@link #emittedLength()}
     * @throws IndexOutOfBoundsException if the message does not fit below {@code buf.limit()}
     */
    default int emit(ByteBuffer buf, int offset) {
        int len = emittedLength();
        Bytes.checkRegion(buf, offset, len);
        Be.put8(buf, offset, type());
        Be.put8(buf, offset + 1, code());
        Be.put16(buf, offset + 2, 0);
        if (this instanceof Echo e) {
            Be.put16(buf, offset + 4, e.id());
            Be.put16(buf, offset + 6, e.seq());
            ByteBuffer d = e.data();
            buf.put(offset + 8, d, 0, d.remaining());
        } else if (this instanceof DestUnreachable u) {
            Be.put16(buf, offset + 4, u.unused());
            Be.put16(buf, offset + 6, u.nextHopMtu());
            ByteBuffer q = u.quote().bytes();
            buf.put(offset + 8, q, 0, q.remaining());
        } else if (this instanceof TimeExceeded t) {
            Be.put32(buf, offset + 4, t.unused() & 0xFFFF_FFFFL);
            ByteBuffer q = t.quote().bytes();
            buf.put(offset + 8, q, 0, q.remaining());
        } else if (this instanceof Other o) {
            ByteBuffer b = o.body();
            buf.put(offset + 4, b, 0, b.remaining());
        }
        Be.put16(buf, offset + 2, Checksum.compute(buf, offset, len));
        return len;
    }

    /** Parses untrusted bytes as one ICMP message (the whole IPv4 payload); see {@link IcmpPacket#check}. */
    static ParseResult<IcmpRepr> parse(ByteBuffer buf, int offset, int length, boolean verifyChecksum) {
        IcmpPacket p = new IcmpPacket();
        ParseError e = p.check(buf, offset, length, verifyChecksum);
        return e == ParseError.NONE ? ParseResult.ok(p.repr()) : ParseResult.failure(e);
    }

    /** Echo request and reply share this shape. */
    sealed interface Echo extends IcmpRepr permits EchoRequest, EchoReply {
        int id();

        int seq();

        ByteBuffer data();

        @Override
        default int emittedLength() {
            return HEADER_LENGTH + data().remaining();
        }
    }

    /** Echo request (type 8, code 0). */
    record EchoRequest(int id, int seq, ByteBuffer data) implements Echo {
        public EchoRequest {
            Bytes.checkU16("id", id);
            Bytes.checkU16("seq", seq);
            data = readOnly(data);
        }

        @Override
        public ByteBuffer data() {
            return data.duplicate();
        }

        @Override
        public int type() {
            return TYPE_ECHO_REQUEST;
        }

        @Override
        public int code() {
            return 0;
        }

        /** The reply RFC 792 asks for: same id, sequence number and data. */
        public EchoReply reply() {
            return new EchoReply(id, seq, data);
        }

        @Override
        public String toString() {
            return "ICMP echo request id=" + id + " seq=" + seq + " len=" + data.remaining();
        }
    }

    /** Echo reply (type 0, code 0). */
    record EchoReply(int id, int seq, ByteBuffer data) implements Echo {
        public EchoReply {
            Bytes.checkU16("id", id);
            Bytes.checkU16("seq", seq);
            data = readOnly(data);
        }

        @Override
        public ByteBuffer data() {
            return data.duplicate();
        }

        @Override
        public int type() {
            return TYPE_ECHO_REPLY;
        }

        @Override
        public int code() {
            return 0;
        }

        @Override
        public String toString() {
            return "ICMP echo reply id=" + id + " seq=" + seq + " len=" + data.remaining();
        }
    }

    /**
     * Destination unreachable (type 3), any code 0..255. Bytes 4-5 are {@code unused} (kept as received),
     * bytes 6-7 the next-hop MTU (RFC 1191; meaningful for code 4, zero otherwise).
     */
    record DestUnreachable(int code, int unused, int nextHopMtu, IcmpQuote quote) implements IcmpRepr {
        public DestUnreachable {
            Bytes.checkU8("code", code);
            Bytes.checkU16("unused", unused);
            Bytes.checkU16("nextHopMtu", nextHopMtu);
        }

        /** With {@code unused} zero. */
        public DestUnreachable(int code, int nextHopMtu, ByteBuffer quoted) {
            this(code, 0, nextHopMtu, new IcmpQuote(quoted));
        }

        @Override
        public int type() {
            return TYPE_DEST_UNREACHABLE;
        }

        @Override
        public int emittedLength() {
            return HEADER_LENGTH + quote.bytes().remaining();
        }

        @Override
        public String toString() {
            return "ICMP unreachable code=" + code + (code == CODE_FRAGMENTATION_NEEDED ? " mtu=" + nextHopMtu : "")
                + " " + quote;
        }
    }

    /** Time exceeded (type 11): code 0 TTL, 1 reassembly; {@code unused} is bytes 4-7 as received. */
    record TimeExceeded(int code, int unused, IcmpQuote quote) implements IcmpRepr {
        public TimeExceeded {
            Bytes.checkU8("code", code);
        }

        public TimeExceeded(int code, ByteBuffer quoted) {
            this(code, 0, new IcmpQuote(quoted));
        }

        @Override
        public int type() {
            return TYPE_TIME_EXCEEDED;
        }

        @Override
        public int emittedLength() {
            return HEADER_LENGTH + quote.bytes().remaining();
        }

        @Override
        public String toString() {
            return "ICMP time exceeded code=" + code + " " + quote;
        }
    }

    /** Any other type (or echo with a non-zero code), kept raw: {@code body} is everything after the checksum. */
    record Other(int type, int code, ByteBuffer body) implements IcmpRepr {
        public Other {
            Bytes.checkU8("type", type);
            Bytes.checkU8("code", code);
            body = readOnly(body);
            if (body.remaining() < 4) {
                throw new IllegalArgumentException("an ICMP message has at least 4 bytes after the checksum");
            }
        }

        @Override
        public ByteBuffer body() {
            return body.duplicate();
        }

        @Override
        public int emittedLength() {
            return 4 + body.remaining();
        }

        @Override
        public String toString() {
            return "ICMP type=" + type + " code=" + code + " len=" + (4 + body.remaining());
        }
    }

    private static ByteBuffer readOnly(ByteBuffer b) {
        return b == null ? Bytes.EMPTY : b.slice().asReadOnlyBuffer();
    }
}
