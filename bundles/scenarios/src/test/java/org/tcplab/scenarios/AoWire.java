package org.tcplab.scenarios;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.tcplab.link.sim.WireEvent;
import org.tcplab.link.sim.WireListener;

/**
 * TCP-AO on the wire, read and recomputed here independently of the signer (JCA HMAC-SHA1 only): the KDF of
 * RFC 5926 §3.1.1.1 with the context of RFC 5925 §5.2, and the MAC of RFC 5925 §5.1 (SNE, pseudo-header, TCP
 * header with checksum and MAC zeroed, options included, payload), so a test can say which SNE a segment was
 * signed with.
 */
final class AoWire implements WireListener {

    /** One TCP segment with an AO option, as it entered the network or reached its port. */
    record Segment(WireEvent event, int src, int dst, int srcPort, int dstPort, long seq, long ack, int flags,
            int dataLength, int keyId, int rnextKeyId, byte[] datagram) {

        boolean isSyn() {
            return (flags & 0x02) != 0;
        }

        boolean hasAck() {
            return (flags & 0x10) != 0;
        }
    }

    final List<Segment> sent = new ArrayList<>();
    final List<Segment> delivered = new ArrayList<>();
    /** TCP segments without AO. */
    int unsigned;

    @Override
    public void event(WireEvent e) {
        if (!(e instanceof WireEvent.Sent) && !(e instanceof WireEvent.Delivered)) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(e.bytes());
        if ((b.get(9) & 0xFF) != 6) {
            return;
        }
        int ihl = (b.get(0) & 0x0F) * 4;
        int total = b.getShort(2) & 0xFFFF;
        int doff = (b.get(ihl + 12) & 0xF0) >>> 2;
        int aoAt = -1;
        for (int i = ihl + 20; i < ihl + doff; ) {
            int kind = b.get(i) & 0xFF;
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                i++;
                continue;
            }
            if (kind == 29) {
                aoAt = i;
            }
            i += b.get(i + 1) & 0xFF;
        }
        if (aoAt < 0) {
            unsigned++;
            return;
        }
        Segment s = new Segment(e, b.getInt(12), b.getInt(16), b.getShort(ihl) & 0xFFFF,
                b.getShort(ihl + 2) & 0xFFFF, b.getInt(ihl + 4) & 0xFFFFFFFFL, b.getInt(ihl + 8) & 0xFFFFFFFFL,
                b.get(ihl + 13) & 0xFF, total - ihl - doff, b.get(aoAt + 2) & 0xFF, b.get(aoAt + 3) & 0xFF,
                e.bytes().clone());
        (e instanceof WireEvent.Sent ? sent : delivered).add(s);
    }

    /** KDF_HMAC_SHA1 (RFC 5926 §3.1.1.1): the 160-bit traffic key for one direction. */
    static byte[] trafficKey(byte[] master, int src, int dst, int srcPort, int dstPort, long srcIsn, long dstIsn) {
        ByteBuffer in = ByteBuffer.allocate(1 + 6 + 20 + 2);
        in.put((byte) 1).put("TCP-AO".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        in.putInt(src).putInt(dst).putShort((short) srcPort).putShort((short) dstPort).putInt((int) srcIsn)
                .putInt((int) dstIsn).putShort((short) 160);
        return hmac(master, in.array());
    }

    /** Whether the segment's MAC (12 bytes, options included) is right for {@code traffic} and {@code sne}. */
    static boolean macMatches(Segment s, byte[] traffic, int sne) {
        ByteBuffer d = ByteBuffer.wrap(s.datagram().clone());
        int ihl = (d.get(0) & 0x0F) * 4;
        int total = d.getShort(2) & 0xFFFF;
        int tcpLength = total - ihl;
        int doff = (d.get(ihl + 12) & 0xF0) >>> 2;
        int aoAt = -1;
        for (int i = ihl + 20; i < ihl + doff; ) {
            int kind = d.get(i) & 0xFF;
            if (kind == 1) {
                i++;
                continue;
            }
            if (kind == 29) {
                aoAt = i;
                break;
            }
            i += d.get(i + 1) & 0xFF;
        }
        int macLength = (d.get(aoAt + 1) & 0xFF) - 4;
        byte[] mac = new byte[macLength];
        d.get(aoAt + 4, mac);
        for (int i = 0; i < macLength; i++) {
            d.put(aoAt + 4 + i, (byte) 0);
        }
        d.putShort(ihl + 16, (short) 0);
        ByteBuffer in = ByteBuffer.allocate(4 + 12 + tcpLength);
        in.putInt(sne).putInt(s.src()).putInt(s.dst()).put((byte) 0).put((byte) 6).putShort((short) tcpLength);
        in.put(d.array(), ihl, tcpLength);
        byte[] full = hmac(traffic, in.array());
        byte[] want = new byte[macLength];
        System.arraycopy(full, 0, want, 0, macLength);
        return MessageDigest.isEqual(mac, want);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac m = Mac.getInstance("HmacSHA1");
            m.init(new SecretKeySpec(key, "HmacSHA1"));
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
