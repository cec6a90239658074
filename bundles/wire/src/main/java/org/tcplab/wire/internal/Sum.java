package org.tcplab.wire.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** The RFC 1071 sum over a byte array region, for {@link org.tcplab.wire.Checksum} and the views. */
public final class Sum {
    private static final VarHandle ARRAY_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
        ByteOrder.nativeOrder());
    private static final VarHandle ARRAY_INTS = MethodHandles.byteArrayViewVarHandle(int[].class,
        ByteOrder.nativeOrder());
    private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private Sum() {
    }

    /**
     * Adds {@code length} bytes of {@code a} at {@code offset} (an index into the array) to {@code acc}, as
     * {@link org.tcplab.wire.Checksum#sum} does; the caller has checked the region.
     */
    public static long array(byte[] a, int offset, int length, long acc) {
        int i = offset;
        int end = offset + length;
        long s = 0;
        if (length >= 64) {
            // Long regions get a loop of their own, so its profile is never mixed with that of 20-byte IPv4
            // headers (when it was, the JIT compiled the inlined loop more than twice as slow).
            int blocks = length & ~15;
            s = bulk(a, i, i + blocks);
            i += blocks;
        }
        for (; i <= end - 8; i += 8) {
            long x = (long) ARRAY_LONGS.get(a, i);
            s += (x >>> 32) + (x & 0xFFFF_FFFFL);
        }
        if (i <= end - 4) {
            s += (int) ARRAY_INTS.get(a, i) & 0xFFFF_FFFFL;
            i += 4;
        }
        long tail = 0;
        if (i <= end - 2) {
            tail += ((a[i] & 0xFF) << 8) | (a[i + 1] & 0xFF);
            i += 2;
        }
        if (i < end) {
            tail += (a[i] & 0xFF) << 8;
        }
        int folded = org.tcplab.wire.Checksum.fold(s);
        if (LITTLE) {
            folded = Integer.reverseBytes(folded) >>> 16;
        }
        return acc + folded + tail;
    }

    /**
     * The native-order sum of 16-byte blocks from {@code i} to {@code end}, carries kept: four accumulators over
     * 32 bytes per round so the additions do not wait for each other, then one 16-byte block if left.
     */
    private static long bulk(byte[] a, int i, int end) {
        long s0 = 0;
        long s1 = 0;
        long s2 = 0;
        long s3 = 0;
        for (; i <= end - 32; i += 32) {
            long w = (long) ARRAY_LONGS.get(a, i);
            long x = (long) ARRAY_LONGS.get(a, i + 8);
            long y = (long) ARRAY_LONGS.get(a, i + 16);
            long z = (long) ARRAY_LONGS.get(a, i + 24);
            s0 += (w >>> 32) + (w & 0xFFFF_FFFFL);
            s1 += (x >>> 32) + (x & 0xFFFF_FFFFL);
            s2 += (y >>> 32) + (y & 0xFFFF_FFFFL);
            s3 += (z >>> 32) + (z & 0xFFFF_FFFFL);
        }
        if (i < end) {
            long x = (long) ARRAY_LONGS.get(a, i);
            long y = (long) ARRAY_LONGS.get(a, i + 8);
            s0 += (x >>> 32) + (x & 0xFFFF_FFFFL);
            s1 += (y >>> 32) + (y & 0xFFFF_FFFFL);
        }
        return s0 + s1 + s2 + s3;
    }
}
