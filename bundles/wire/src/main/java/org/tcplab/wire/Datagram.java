package org.tcplab.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A whole unfragmented IPv4 datagram as a value: the header and what it carries. Parsing goes through
 * {@link DatagramView}; emitting writes both layers with every checksum.
 *
 * <p>{@link #emit} takes the total length and protocol from the payload, so the two always agree; to craft a
 * datagram whose header lies about its payload, emit an {@link Ipv4Repr} and a payload separately.
 */
public record Datagram(Ipv4Repr ip, Ipv4Payload payload) {

    public Datagram {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(payload, "payload");
    }

    /**
     * Parses untrusted bytes: {@code length} bytes at absolute {@code offset}. Fragments give
     * {@link ParseError#FRAGMENT}; protocols other than TCP, UDP and ICMP give
     * {@link ParseError#UNSUPPORTED_PROTOCOL}. Never throws for any bytes. Payloads share {@code buf}.
     */
    public static ParseResult<Datagram> parse(ByteBuffer buf, int offset, int length, boolean verifyChecksums) {
        // The same checks as DatagramView, with only the views this datagram needs.
        Ipv4Packet ip = new Ipv4Packet();
        ParseError e = ip.check(buf, offset, length, verifyChecksums);
        if (e != ParseError.NONE) {
            return ParseResult.failure(e);
        }
        if (ip.isFragment()) {
            return ParseResult.failure(ParseError.FRAGMENT);
        }
        int p = ip.payloadOffset();
        int n = ip.payloadLength();
        Ipv4Payload payload;
        switch (ip.protocol()) {
            case IpProtocol.TCP: {
                ParseResult<TcpRepr> t = TcpPacket.parseValue(buf, p, n, ip.src(), ip.dst(), verifyChecksums);
                e = t.error();
                payload = e == ParseError.NONE ? t.value() : null;
                break;
            }
            case IpProtocol.UDP: {
                UdpPacket u = new UdpPacket();
                e = u.check(buf, p, n, ip.src(), ip.dst(), verifyChecksums);
                payload = e == ParseError.NONE ? u.repr() : null;
                break;
            }
            case IpProtocol.ICMP: {
                IcmpPacket m = new IcmpPacket();
                e = m.check(buf, p, n, verifyChecksums);
                payload = e == ParseError.NONE ? m.repr() : null;
                break;
            }
            default:
                return ParseResult.failure(ParseError.UNSUPPORTED_PROTOCOL);
        }
        return e == ParseError.NONE ? ParseResult.ok(new Datagram(ip.repr(), payload)) : ParseResult.failure(e);
    }

    /** Parses the bytes from {@code buf}'s position to its limit, verifying every checksum. */
    public static ParseResult<Datagram> parse(ByteBuffer buf) {
        return parse(buf, buf.position(), buf.remaining(), true);
    }

    /** The header as it will be emitted: payload length and protocol taken from the payload. */
    public Ipv4Repr emittedHeader() {
        Ipv4Repr h = ip;
        if (h.payloadLength() != payload.emittedLength()) {
            h = h.withPayloadLength(payload.emittedLength());
        }
        if (h.protocol() != payload.protocol()) {
            h = h.withProtocol(payload.protocol());
        }
        return h;
    }

    /** The bytes {@link #emit} writes. */
    public int emittedLength() {
        return ip.headerLength() + payload.emittedLength();
    }

    /**
     * Writes the datagram at absolute {@code offset}: IPv4 header, then the payload, every checksum filled.
     *
     * @return the bytes written, {@link #emittedLength()}
     * @throws IndexOutOfBoundsException if it does not fit below {@code buf.limit()}
     */
    public int emit(ByteBuffer buf, int offset) {
        Ipv4Repr h = emittedHeader();
        int hl = h.headerLength();
        org.tcplab.wire.internal.Bytes.checkRegion(buf, offset, hl + payload.emittedLength());
        h.emit(buf, offset);
        int at = offset + hl;
        if (payload instanceof TcpRepr t) {
            return hl + t.emit(buf, at, h.src(), h.dst());
        }
        if (payload instanceof UdpRepr u) {
            return hl + u.emit(buf, at, h.src(), h.dst());
        }
        return hl + ((IcmpRepr) payload).emit(buf, at);
    }

    /** The datagram in a fresh heap buffer of exactly {@link #emittedLength()} bytes. */
    public ByteBuffer toBuffer() {
        ByteBuffer b = ByteBuffer.allocate(emittedLength());
        emit(b, 0);
        return b;
    }

    /**
     * The engine's call: writes a whole IPv4+TCP datagram from {@code src} to {@code dst} with {@code ttl},
     * DF set, identification 0, no options (RFC 6864 allows id 0 for atomic datagrams), every checksum filled.
     *
     * @return the bytes written
     * @throws IndexOutOfBoundsException if it does not fit below {@code buf.limit()}
     */
    public static int emitTcp(ByteBuffer buf, int offset, int src, int dst, int ttl, TcpRepr tcp) {
        return emit(buf, offset, Ipv4Repr.of(src, dst, IpProtocol.TCP, ttl, tcp.emittedLength()), tcp);
    }

    /** Writes {@code ip} (payload length and protocol taken from {@code payload}) and {@code payload}. */
    public static int emit(ByteBuffer buf, int offset, Ipv4Repr ip, Ipv4Payload payload) {
        return new Datagram(ip, payload).emit(buf, offset);
    }

    @Override
    public String toString() {
        return ip + " " + payload;
    }
}
