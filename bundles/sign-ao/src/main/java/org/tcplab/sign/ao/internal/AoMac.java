package org.tcplab.sign.ao.internal;

import java.nio.ByteBuffer;

/**
 * RFC 5925 §5.1: the MAC of one segment under a traffic key, over
 * <ol>
 * <li>the sequence number extension (4 bytes),</li>
 * <li>the pseudo-header (IPv4 RFC 793 style, 12 bytes; IPv6 RFC 2460 style, 40 bytes), its length being the
 *     whole segment's even when options are excluded,</li>
 * <li>the TCP header with its checksum and the AO MAC field taken as zero; when options are excluded, only the
 *     20-byte fixed header and the AO option (data offset as sent),</li>
 * <li>the payload,</li>
 * </ol>
 * truncated by the caller to the key's MAC length. Works for either address family so the RFC 9235 IPv6 vectors
 * check it too. One instance per thread of use.
 */
final class AoMac {

    private final byte[] scratch = new byte[4 + 40 + 60];

    /**
     * Computes the full MAC (engine's digest length) into {@code out}. The engine must be keyed with the traffic
     * key. Reads the segment only; position and limit are unchanged.
     *
     * @param aoAt           absolute offset of the AO option's kind byte
     * @param excludeOptions whether options other than AO are left out
     */
    void compute(MacEngine engine, int sne, byte[] srcAddress, byte[] dstAddress, ByteBuffer segment, int offset,
                 int length, int aoAt, boolean excludeOptions, byte[] out) {
        byte[] s = scratch;
        Kdf.putU32(s, 0, sne & 0xFFFFFFFFL);
        int at = 4;
        int a = srcAddress.length;
        System.arraycopy(srcAddress, 0, s, at, a);
        System.arraycopy(dstAddress, 0, s, at + a, a);
        at += 2 * a;
        if (a == 4) {
            s[at] = 0;
            s[at + 1] = 6;
            s[at + 2] = (byte) (length >>> 8);
            s[at + 3] = (byte) length;
        } else {
            Kdf.putU32(s, at, length);
            s[at + 4] = 0;
            s[at + 5] = 0;
            s[at + 6] = 0;
            s[at + 7] = 6;
            at += 4;
        }
        at += 4;
        int headerLength = (segment.get(offset + 12) & 0xF0) >>> 2;
        int optionLength = segment.get(aoAt + 1) & 0xFF;
        int header = at;
        if (excludeOptions) {
            segment.get(offset, s, at, 20);
            segment.get(aoAt, s, at + 20, 4);
            at += 24;
            for (int i = 0; i < optionLength - 4; i++) {
                s[at++] = 0;
            }
        } else {
            segment.get(offset, s, at, headerLength);
            int mac = at + (aoAt - offset) + 4;
            for (int i = 0; i < optionLength - 4; i++) {
                s[mac + i] = 0;
            }
            at += headerLength;
        }
        s[header + 16] = 0;
        s[header + 17] = 0;
        engine.update(s, 0, at);
        if (length > headerLength) {
            ByteBuffer payload = segment.duplicate();
            payload.limit(offset + length).position(offset + headerLength);
            engine.update(payload);
        }
        engine.doFinal(out);
    }
}
