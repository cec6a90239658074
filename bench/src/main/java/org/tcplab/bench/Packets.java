package org.tcplab.bench;

import java.nio.ByteBuffer;
import java.util.Random;

import org.tcplab.wire.Datagram;
import org.tcplab.wire.Ipv4Address;
import org.tcplab.wire.TcpFlags;
import org.tcplab.wire.TcpOption;
import org.tcplab.wire.TcpRepr;

/** The two datagrams every benchmark reads, built once with the codec (and checked by tshark in the tests). */
final class Packets {

    static final int SRC = Ipv4Address.parse("192.0.2.1");
    static final int DST = Ipv4Address.parse("192.0.2.2");

    private Packets() {
    }

    /** A 60-byte SYN as Linux sends it: MSS, SACK-permitted, timestamps, NOP, window scale. */
    static byte[] syn() {
        TcpRepr syn = TcpRepr.builder().ports(40179, 80).seq(0x01020304L).flags(TcpFlags.SYN).window(64240)
            .option(new TcpOption.Mss(1460)).option(TcpOption.SackPermitted.INSTANCE)
            .option(new TcpOption.Timestamps(123456789L, 0)).option(TcpOption.Nop.INSTANCE)
            .option(new TcpOption.WindowScale(7)).build();
        return bytes(syn, 60);
    }

    /** A 1500-byte data segment: ACK with timestamps and 1448 bytes of payload. */
    static byte[] data1500() {
        byte[] payload = new byte[1448];
        new Random(1500).nextBytes(payload);
        TcpRepr data = TcpRepr.builder().ports(80, 40179).seq(0xfffff000L).ack(0x01020305L)
            .flags(TcpFlags.ACK | TcpFlags.PSH).window(501).option(TcpOption.Nop.INSTANCE)
            .option(TcpOption.Nop.INSTANCE).option(new TcpOption.Timestamps(99, 123456789L)).payload(payload).build();
        return bytes(data, 1500);
    }

    private static byte[] bytes(TcpRepr tcp, int expected) {
        ByteBuffer b = ByteBuffer.allocate(expected);
        int n = Datagram.emitTcp(b, 0, SRC, DST, 64, tcp);
        if (n != expected) {
            throw new IllegalStateException("built " + n + " bytes, wanted " + expected);
        }
        return b.array();
    }
}
