package org.tcplab.wire;

import java.nio.ByteBuffer;

import org.tcplab.wire.internal.Bytes;
import org.tcplab.wire.internal.Window;

/** A reusable zero-copy view of one ICMP message; same contract as {@link TcpPacket}. */
public final class IcmpPacket {

    private final Window w = new Window();
    private ByteBuffer buf;
    private int off;
    private int len;

    /**
     * Accepts or rejects {@code length} bytes at absolute {@code offset} (the whole IPv4 payload) as one ICMP
     * message: {@link ParseError#TRUNCATED} below 8 bytes (or a region outside the buffer);
     * {@link ParseError#BAD_ICMP_CHECKSUM} when {@code verifyChecksum} and the sum over the message fails. The
     * quoted datagram of an error is not checked here: {@link IcmpQuote} reads it safely. Never throws.
     */
    public ParseError check(ByteBuffer buf, int offset, int length, boolean verifyChecksum) {
        this.buf = buf;
        this.off = offset;
        this.len = length;
        if (!Bytes.inBounds(buf, offset, length) || length < IcmpRepr.HEADER_LENGTH) {
            return ParseError.TRUNCATED;
        }
        w.set(buf);
        if (verifyChecksum && Checksum.finish(w.sum(offset, length, 0)) != 0) {
            return ParseError.BAD_ICMP_CHECKSUM;
        }
        return ParseError.NONE;
    }

    public ByteBuffer buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    public int length() {
        return len;
    }

    public int type() {
        return w.u8(off);
    }

    public int code() {
        return w.u8(off + 1);
    }

    public int checksum() {
        return w.u16(off + 2);
    }

    /** Bytes 4-7, the "rest of header", as an unsigned 32-bit value. */
    public long restOfHeader() {
        return w.u32(off + 4);
    }

    /** Echo identifier (bytes 4-5). */
    public int echoId() {
        return w.u16(off + 4);
    }

    /** Echo sequence number (bytes 6-7). */
    public int echoSeq() {
        return w.u16(off + 6);
    }

    /** Next-hop MTU of a "fragmentation needed" (bytes 6-7). */
    public int nextHopMtu() {
        return w.u16(off + 6);
    }

    /** Whether the type carries a quoted datagram that {@link #quote()} reads (unreachable, time exceeded). */
    public boolean isError() {
        int t = type();
        return t == IcmpRepr.TYPE_DEST_UNREACHABLE || t == IcmpRepr.TYPE_TIME_EXCEEDED;
    }

    /** Bytes from offset 8 on (echo data, or an error's quoted datagram), a shared read-only slice. */
    public ByteBuffer data() {
        return Bytes.slice(buf, off + IcmpRepr.HEADER_LENGTH, len - IcmpRepr.HEADER_LENGTH);
    }

    /** The quoted datagram of an error message. */
    public IcmpQuote quote() {
        return new IcmpQuote(data());
    }

    /** The message as a value. Echo with a non-zero code, and every unknown type, become {@link IcmpRepr.Other}. */
    public IcmpRepr repr() {
        int t = type();
        int c = code();
        if (t == IcmpRepr.TYPE_ECHO_REQUEST && c == 0) {
            return new IcmpRepr.EchoRequest(echoId(), echoSeq(), data());
        }
        if (t == IcmpRepr.TYPE_ECHO_REPLY && c == 0) {
            return new IcmpRepr.EchoReply(echoId(), echoSeq(), data());
        }
        if (t == IcmpRepr.TYPE_DEST_UNREACHABLE) {
            return new IcmpRepr.DestUnreachable(c, w.u16(off + 4), nextHopMtu(), quote());
        }
        if (t == IcmpRepr.TYPE_TIME_EXCEEDED) {
            return new IcmpRepr.TimeExceeded(c, w.i32(off + 4), quote());
        }
        return new IcmpRepr.Other(t, c, Bytes.slice(buf, off + 4, len - 4));
    }
}
