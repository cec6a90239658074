package org.tcplab.link.tun;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import org.tcplab.api.socket.Endpoint;

/** Hand-made IPv4/TCP datagrams with right checksums, for the tests that compare answers to one segment. */
final class Segments {

    private Segments() {
    }

    static byte[] tcp(String src, int sport, String dst, int dport, long seq, long ack, int flags, int window,
            byte[] payload) {
        int total = 40 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) 0x1234).putShort((short) 0x4000)
            .put((byte) 64).put((byte) 6).putShort((short) 0)
            .putInt(Endpoint.parseAddress(src)).putInt(Endpoint.parseAddress(dst));
        b.putShort(10, checksum(b.array(), 0, 20, 0));
        b.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack)
            .put((byte) 0x50).put((byte) flags).putShort((short) window).putShort((short) 0).putShort((short) 0)
            .put(payload);
        long pseudo = (Endpoint.parseAddress(src) >>> 16) + (Endpoint.parseAddress(src) & 0xFFFF)
            + (Endpoint.parseAddress(dst) >>> 16) + (Endpoint.parseAddress(dst) & 0xFFFF) + 6 + 20 + payload.length;
        b.putShort(36, checksum(b.array(), 20, 20 + payload.length, pseudo));
        return b.array();
    }

    /**
     * ICMP destination unreachable, fragmentation needed and DF set (RFC 1191), from {@code router} to the sender of
     * {@code original}, with {@code nextHopMtu} and the original's IPv4 header and first 8 bytes quoted.
     */
    static byte[] fragmentationNeeded(String router, byte[] original, int nextHopMtu) {
        int ihl = (original[0] & 0x0F) * 4;
        int quoted = Math.min(original.length, ihl + 8);
        int total = 20 + 8 + quoted;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) 0).putShort((short) 0)
            .put((byte) 64).put((byte) 1).putShort((short) 0)
            .putInt(Endpoint.parseAddress(router)).putInt(ByteBuffer.wrap(original, 12, 4).getInt());
        b.putShort(10, checksum(b.array(), 0, 20, 0));
        b.put((byte) 3).put((byte) 4).putShort((short) 0).putShort((short) 0).putShort((short) nextHopMtu)
            .put(original, 0, quoted);
        b.putShort(22, checksum(b.array(), 20, 8 + quoted, 0));
        return b.array();
    }

    static short checksum(byte[] a, int off, int len, long initial) {
        long sum = initial;
        for (int i = 0; i < len; i += 2) {
            int hi = a[off + i] & 0xFF;
            int lo = i + 1 < len ? a[off + i + 1] & 0xFF : 0;
            sum += hi << 8 | lo;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (short) ~sum;
    }

    /** The TCP header of a datagram (20 bytes plus options). */
    static byte[] tcpHeader(byte[] datagram) {
        int ihl = (datagram[0] & 0x0F) * 4;
        int doff = ((datagram[ihl + 12] & 0xF0) >> 4) * 4;
        byte[] h = new byte[doff];
        System.arraycopy(datagram, ihl, h, 0, doff);
        return h;
    }

    static int sourcePort(byte[] datagram) {
        int ihl = (datagram[0] & 0x0F) * 4;
        return (datagram[ihl] & 0xFF) << 8 | datagram[ihl + 1] & 0xFF;
    }

    static int flags(byte[] datagram) {
        int ihl = (datagram[0] & 0x0F) * 4;
        return datagram[ihl + 13] & 0xFF;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
