package org.tcplab.sign.ao.internal;

import java.nio.charset.StandardCharsets;

import org.tcplab.api.sign.AoAlgorithm;

/**
 * RFC 5926 §3.1.1: traffic keys from a master key and a connection context.
 * {@code traffic_key = PRF(K, i || "TCP-AO" || context || output_length)} with i = 1 (one iteration gives all
 * the bits needed), output length in bits as two bytes (160 for HMAC-SHA1, 128 for AES-CMAC). For
 * AES-128-CMAC, K is the master key when it has 16 bytes, else AES-CMAC(0^128, master key) (§3.1.1.2).
 */
final class Kdf {

    private static final byte[] LABEL = "TCP-AO".getBytes(StandardCharsets.US_ASCII);

    private Kdf() {
    }

    /** The PRF key for a master key: itself, or for AES-CMAC with a master key not 16 bytes long, its CMAC under 0^128. */
    static byte[] prfKey(MacEngine engine, AoAlgorithm algorithm, byte[] master) {
        if (algorithm != AoAlgorithm.AES_128_CMAC_96 || master.length == 16) {
            return master.clone();
        }
        engine.init(new byte[16]);
        engine.update(master, 0, master.length);
        byte[] k = new byte[16];
        engine.doFinal(k);
        return k;
    }

    /** The traffic key for {@code context} (IPv4 20 bytes, IPv6 44), under a PRF key from {@link #prfKey}. */
    static byte[] trafficKey(MacEngine engine, byte[] prfKey, byte[] context) {
        int bits = engine.digestLength() * 8;
        byte[] input = new byte[1 + LABEL.length + context.length + 2];
        input[0] = 1;
        System.arraycopy(LABEL, 0, input, 1, LABEL.length);
        System.arraycopy(context, 0, input, 1 + LABEL.length, context.length);
        input[input.length - 2] = (byte) (bits >>> 8);
        input[input.length - 1] = (byte) bits;
        engine.init(prfKey);
        engine.update(input, 0, input.length);
        byte[] key = new byte[engine.digestLength()];
        engine.doFinal(key);
        return key;
    }

    /**
     * RFC 5925 §5.2 connection context: source address, destination address, source port, destination port,
     * source ISN, destination ISN, in the direction of the segments the key signs. Addresses of 4 or 16 bytes.
     */
    static byte[] context(byte[] srcAddress, byte[] dstAddress, int srcPort, int dstPort, long srcIsn, long dstIsn) {
        int a = srcAddress.length;
        byte[] c = new byte[2 * a + 12];
        System.arraycopy(srcAddress, 0, c, 0, a);
        System.arraycopy(dstAddress, 0, c, a, a);
        c[2 * a] = (byte) (srcPort >>> 8);
        c[2 * a + 1] = (byte) srcPort;
        c[2 * a + 2] = (byte) (dstPort >>> 8);
        c[2 * a + 3] = (byte) dstPort;
        putU32(c, 2 * a + 4, srcIsn);
        putU32(c, 2 * a + 8, dstIsn);
        return c;
    }

    static byte[] ipv4(int address) {
        byte[] b = new byte[4];
        putU32(b, 0, address & 0xFFFFFFFFL);
        return b;
    }

    static void putU32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
