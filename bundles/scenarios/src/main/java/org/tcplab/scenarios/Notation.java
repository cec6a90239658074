package org.tcplab.scenarios;

import java.nio.ByteBuffer;

import org.tcplab.wire.Datagram;
import org.tcplab.wire.IcmpRepr;
import org.tcplab.wire.ParseResult;
import org.tcplab.wire.TcpFlags;
import org.tcplab.wire.TcpRepr;
import org.tcplab.wire.UdpRepr;

/**
 * Datagrams in the notation of RFC 793's figures. TCP: {@code <SEQ=s>}, {@code <ACK=a>} when ACK is set,
 * {@code <DATA=n>} when there is payload (placed as in figure 11), {@code <CTL=...>}; PSH and the options are
 * left out because the figures never show them (the JSON and the pcap have every field). UDP and ICMP, which
 * the figures do not draw, get a short form in the same style: {@code <UDP 40000>9999><DATA=5>},
 * {@code <ICMP unreachable code=3>}.
 */
public final class Notation {

    private Notation() {
    }

    /** The datagram in figure notation; checksums are not verified, so a corrupted datagram still shows. */
    public static String of(byte[] datagram) {
        ParseResult<Datagram> p = Datagram.parse(ByteBuffer.wrap(datagram), 0, datagram.length, false);
        if (!p.isOk()) {
            return "<unparsable: " + p.error() + ">";
        }
        return of(p.value());
    }

    public static String of(Datagram d) {
        if (d.payload() instanceof TcpRepr t) {
            return tcp(t);
        }
        if (d.payload() instanceof UdpRepr u) {
            return "<UDP " + u.srcPort() + ">" + u.dstPort() + "><DATA=" + u.payload().remaining() + ">";
        }
        if (d.payload() instanceof IcmpRepr.DestUnreachable u) {
            String what = switch (u.code()) {
                case 3 -> "port unreachable";
                case 13 -> "administratively prohibited";
                default -> "unreachable code=" + u.code();
            };
            return "<ICMP " + what + ">";
        }
        if (d.payload() instanceof IcmpRepr i) {
            return "<ICMP type=" + i.type() + " code=" + i.code() + ">";
        }
        return d.toString();
    }

    /** {@code <SEQ=100><ACK=300><DATA=10><CTL=ACK>}. */
    public static String tcp(TcpRepr t) {
        StringBuilder sb = new StringBuilder(48);
        sb.append("<SEQ=").append(t.seq()).append('>');
        if (t.has(TcpFlags.ACK)) {
            sb.append("<ACK=").append(t.ack()).append('>');
        }
        if (t.payloadLength() > 0) {
            sb.append("<DATA=").append(t.payloadLength()).append('>');
        }
        sb.append("<CTL=").append(TcpFlags.toString(t.flags() & ~TcpFlags.PSH)).append('>');
        return sb.toString();
    }
}
