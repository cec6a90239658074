package org.tcplab.sign.md5.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 2385 §2.0: MD5 over the pseudo-header (source, destination, zero, protocol 6, segment length including
 * options), the 20-byte fixed TCP header with its checksum taken as zero (options excluded, data offset as sent),
 * the payload, and the key. One instance per thread of use: it holds a MessageDigest and scratch space.
 */
final class Md5Digest {

    static final int LENGTH = 16;

    private final MessageDigest md5;
    private final byte[] scratch = new byte[32];

    Md5Digest() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide MD5 (java.security.MessageDigest's required algorithms).
            throw new IllegalStateException("this Java runtime has no MD5", e);
        }
    }

    /**
     * Computes the digest of the segment at absolute {@code offset} ({@code length} bytes, header and payload)
     * into {@code out[0..16)}. Reads the buffer only; its position and limit are unchanged.
     */
    void compute(byte[] key, int srcAddress, int dstAddress, ByteBuffer segment, int offset, int length, byte[] out) {
        byte[] s = scratch;
        putInt(s, 0, srcAddress);
        putInt(s, 4, dstAddress);
        s[8] = 0;
        s[9] = 6;
        s[10] = (byte) (length >>> 8);
        s[11] = (byte) length;
        segment.get(offset, s, 12, 20);
        s[12 + 16] = 0;
        s[12 + 17] = 0;
        md5.reset();
        md5.update(s, 0, 32);
        int headerLength = (segment.get(offset + 12) & 0xF0) >>> 2;
        if (length > headerLength) {
            ByteBuffer payload = segment.duplicate();
            payload.limit(offset + length).position(offset + headerLength);
            md5.update(payload);
        }
        md5.update(key);
        try {
            md5.digest(out, 0, LENGTH);
        } catch (java.security.DigestException e) {
            throw new IllegalArgumentException("digest output needs 16 bytes", e);
        }
    }

    /** Whether the 16 bytes at {@code at} equal the digest the segment should carry (constant time). */
    boolean matches(byte[] key, int srcAddress, int dstAddress, ByteBuffer segment, int offset, int length, int at,
                    byte[] work) {
        compute(key, srcAddress, dstAddress, segment, offset, length, work);
        int diff = 0;
        for (int i = 0; i < LENGTH; i++) {
            diff |= work[i] ^ segment.get(at + i);
        }
        return diff == 0;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
