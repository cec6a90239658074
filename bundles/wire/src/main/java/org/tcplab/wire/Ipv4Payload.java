package org.tcplab.wire;

/** What an unfragmented IPv4 datagram carries, as a value: a TCP segment, a UDP datagram or an ICMP message. */
public sealed interface Ipv4Payload permits TcpRepr, UdpRepr, IcmpRepr {

    /** The IPv4 protocol number of this payload. */
    default int protocol() {
        if (this instanceof TcpRepr) {
            return IpProtocol.TCP;
        }
        return this instanceof UdpRepr ? IpProtocol.UDP : IpProtocol.ICMP;
    }

    /** The bytes {@code emit} writes for this payload. */
    int emittedLength();
}
