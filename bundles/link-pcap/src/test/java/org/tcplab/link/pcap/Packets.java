package org.tcplab.link.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * Hand-made test bytes: valid IPv4/TCP/UDP/ICMP datagrams with correct checksums (computed here, independently of
 * the wire bundle), and pcap files built field by field in either byte order.
 */
final class Packets {

    static final int A = 0xc0000201; // 192.0.2.1
    static final int B = 0xc0000202; // 192.0.2.2

    private Packets() {
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** RFC 1071 ones' complement sum, folded and inverted. */
    static int checksum(byte[] b, int off, int len, long initial) {
        long sum = initial;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            sum += (b[off + len - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    static byte[] ipv4(int protocol, int src, int dst, int id, byte[] payload, boolean pseudoChecksum, int checksumAt) {
        byte[] d = new byte[20 + payload.length];
        ByteBuffer b = ByteBuffer.wrap(d);
        b.put((byte) 0x45).put((byte) 0).putShort((short) d.length).putShort((short) id)
            .putShort((short) 0x4000).put((byte) 64).put((byte) protocol).putShort((short) 0)
            .putInt(src).putInt(dst).put(payload);
        b.putShort(10, (short) checksum(d, 0, 20, 0));
        if (checksumAt >= 0) {
            long pseudo = 0;
            if (pseudoChecksum) {
                pseudo = (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + payload.length;
            }
            b.putShort(20 + checksumAt, (short) checksum(d, 20, payload.length, pseudo));
        }
        return d;
    }

    static byte[] tcp(int src, int sport, int dst, int dport, long seq, long ack, int flags, byte[] options,
                      byte[] data) {
        int hl = 20 + options.length;
        ByteBuffer t = ByteBuffer.allocate(hl + data.length);
        t.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack)
            .put((byte) ((hl / 4) << 4)).put((byte) flags).putShort((short) 64240).putShort((short) 0)
            .putShort((short) 0).put(options).put(data);
        return ipv4(6, src, dst, 0x1234, t.array(), true, 16);
    }

    static byte[] udp(int src, int sport, int dst, int dport, byte[] data) {
        ByteBuffer u = ByteBuffer.allocate(8 + data.length);
        u.putShort((short) sport).putShort((short) dport).putShort((short) (8 + data.length)).putShort((short) 0)
            .put(data);
        return ipv4(17, src, dst, 0x2345, u.array(), true, 6);
    }

    static byte[] icmpEcho(int src, int dst, int id, int seq, byte[] data) {
        ByteBuffer i = ByteBuffer.allocate(8 + data.length);
        i.put((byte) 8).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) seq).put(data);
        return ipv4(1, src, dst, 0x3456, i.array(), false, 2);
    }

    static final int SYN = 0x02;
    static final int ACK = 0x10;
    static final int PSH = 0x08;
    static final int FIN = 0x01;
    static final int RST = 0x04;

    /** A small conversation: SYN, SYN-ACK, ACK, data, UDP, ICMP echo, RST. */
    static byte[][] conversation() {
        byte[] mss = hex("020405b4");
        return new byte[][] {
            tcp(A, 40000, B, 80, 100, 0, SYN, mss, new byte[0]),
            tcp(B, 80, A, 40000, 300, 101, SYN | ACK, mss, new byte[0]),
            tcp(A, 40000, B, 80, 101, 301, ACK, new byte[0], new byte[0]),
            tcp(A, 40000, B, 80, 101, 301, PSH | ACK, new byte[0], "GET / HTTP/1.0\r\n\r\n".getBytes()),
            udp(A, 40002, B, 9999, "hello".getBytes()),
            icmpEcho(A, B, 7, 1, "ping!".getBytes()),
            tcp(B, 80, A, 40000, 301, 0, RST, new byte[0], new byte[0]),
        };
    }

    /** A pcap file built field by field. */
    static final class File {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteOrder order;

        File(ByteOrder order, int magic, int major, int minor, long snaplen, int linkType) {
            this.order = order;
            out.writeBytes(ByteBuffer.allocate(24).order(order).putInt(magic).putShort((short) major)
                .putShort((short) minor).putInt(0).putInt(0).putInt((int) snaplen).putInt(linkType).array());
        }

        File(ByteOrder order, TimeResolution resolution, LinkType linkType) {
            this(order, resolution.magic(), 2, 4, 65535, linkType.value());
        }

        File record(long seconds, long fraction, byte[] data) {
            return record(seconds, fraction, data.length, data.length, data);
        }

        File record(long seconds, long fraction, long captured, long original, byte[] data) {
            out.writeBytes(ByteBuffer.allocate(16).order(order).putInt((int) seconds).putInt((int) fraction)
                .putInt((int) captured).putInt((int) original).array());
            out.writeBytes(data);
            return this;
        }

        File raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    static byte[] ethernet(int etherType, byte[] payload) {
        ByteBuffer f = ByteBuffer.allocate(14 + payload.length);
        f.put(hex("020000000002")).put(hex("020000000001")).putShort((short) etherType).put(payload);
        return f.array();
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }
}
