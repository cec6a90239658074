package org.tcplab.wire;

import java.nio.ByteBuffer;

/**
 * The hot-path receive check for a whole IPv4 datagram: one call runs the IPv4 check and then the TCP, UDP or
 * ICMP check of its payload, into reusable views, without allocating. After {@link ParseError#NONE},
 * {@link #ip()} and the view for {@link #protocol()} are valid. After {@link ParseError#FRAGMENT} or
 * {@link ParseError#UNSUPPORTED_PROTOCOL}, {@link #ip()} is still valid (so the stack can reassemble later or
 * answer "protocol unreachable"). Same ownership rules as {@link TcpPacket}; not thread-safe.
 */
public final class DatagramView {

    private final Ipv4Packet ip = new Ipv4Packet();
    private final TcpPacket tcp = new TcpPacket();
    private final UdpPacket udp = new UdpPacket();
    private final IcmpPacket icmp = new IcmpPacket();

    /**
     * Checks {@code length} bytes at absolute {@code offset}. Checksums (IPv4 header, TCP, UDP, ICMP) are
     * verified when {@code verifyChecksums}; pass false for captures made with checksum offload. Never throws
     * for any bytes.
     */
    public ParseError check(ByteBuffer buf, int offset, int length, boolean verifyChecksums) {
        ParseError e = ip.check(buf, offset, length, verifyChecksums);
        if (e != ParseError.NONE) {
            return e;
        }
        if (ip.isFragment()) {
            return ParseError.FRAGMENT;
        }
        int p = ip.payloadOffset();
        int n = ip.payloadLength();
        switch (ip.protocol()) {
            case IpProtocol.TCP:
                return tcp.check(buf, p, n, ip.src(), ip.dst(), verifyChecksums);
            case IpProtocol.UDP:
                return udp.check(buf, p, n, ip.src(), ip.dst(), verifyChecksums);
            case IpProtocol.ICMP:
                return icmp.check(buf, p, n, verifyChecksums);
            default:
                return ParseError.UNSUPPORTED_PROTOCOL;
        }
    }

    /** The IPv4 protocol of the last checked datagram. */
    public int protocol() {
        return ip.protocol();
    }

    public Ipv4Packet ip() {
        return ip;
    }

    public TcpPacket tcp() {
        return tcp;
    }

    public UdpPacket udp() {
        return udp;
    }

    public IcmpPacket icmp() {
        return icmp;
    }

    /** The last accepted datagram as a value (allocates). */
    public Datagram repr() {
        Ipv4Payload payload;
        switch (ip.protocol()) {
            case IpProtocol.TCP: payload = tcp.repr(); break;
            case IpProtocol.UDP: payload = udp.repr(); break;
            default: payload = icmp.repr(); break;
        }
        return new Datagram(ip.repr(), payload);
    }
}
