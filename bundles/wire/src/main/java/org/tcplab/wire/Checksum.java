package org.tcplab.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.tcplab.wire.internal.Sum;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of 16-bit words.
 *
 * <p>Used both to fill and to verify: a region whose checksum field is correct sums to {@code 0xFFFF}, so
 * {@link #compute} over it yields 0. The sum is accumulated in 32-bit words with the carries kept in the upper
 * half of a {@code long} and folded at the end (RFC 1071 2(C): deferred carries); the long stretches of a
 * region are read in the machine's native byte order and swapped once into network order (2(B): byte order
 * independence).
 *
 * <p>None of these methods changes the position, limit or byte order of the buffer they read.
 */
public final class Checksum {

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private Checksum() {
    }

    /**
     * The checksum of {@code length} bytes at absolute {@code offset}: the value to store in a checksum field
     * that was zero while computing, or 0 when verifying a region that includes a correct checksum field.
     *
     * @throws IndexOutOfBoundsException if the region is not inside {@code buf} (a programming error)
     */
    public static int compute(ByteBuffer buf, int offset, int length) {
        return finish(sum(buf, offset, length, 0));
    }

    /**
     * Adds {@code length} bytes at absolute {@code offset} to a running sum in network byte order. An odd
     * length is padded with one zero byte (so only the last region added may have an odd length). Use
     * {@link #finish} on the result.
     *
     * @param acc a previous result of {@code sum} or {@link #pseudoHeader}, or 0
     * @return the new running sum (not folded; carries accumulate in the upper bits, each call adding less
     *     than 2^37, so 2^26 regions can be added before the sum must be folded)
     */
    public static long sum(ByteBuffer buf, int offset, int length, long acc) {
        if ((offset | length) < 0 || offset > buf.limit() - length) {
            throw new IndexOutOfBoundsException("region " + offset + "+" + length + " outside limit " + buf.limit());
        }
        if (buf.hasArray()) {
            // Heap buffers: read the array directly, which the JIT compiles tighter than a buffer view.
            return Sum.array(buf.array(), buf.arrayOffset() + offset, length, acc);
        }
        long hi = 0;
        long lo = 0;
        int i = offset;
        int end = offset + length;
        // Two independent accumulators per 16 bytes; each 32-bit half is added into its own long, so the sums
        // cannot overflow for any length a ByteBuffer can hold.
        for (; i <= end - 16; i += 16) {
            long a = (long) LONGS.get(buf, i);
            long b = (long) LONGS.get(buf, i + 8);
            hi += (a >>> 32) + (b >>> 32);
            lo += (a & 0xFFFF_FFFFL) + (b & 0xFFFF_FFFFL);
        }
        if (i <= end - 8) {
            long a = (long) LONGS.get(buf, i);
            hi += a >>> 32;
            lo += a & 0xFFFF_FFFFL;
            i += 8;
        }
        if (i <= end - 4) {
            lo += (int) INTS.get(buf, i) & 0xFFFF_FFFFL;
            i += 4;
        }
        long nat = hi + lo;
        // The tail (0..3 bytes) in network order, then the native-order part swapped into network order.
        long tail = 0;
        if (i <= end - 2) {
            tail += ((buf.get(i) & 0xFF) << 8) | (buf.get(i + 1) & 0xFF);
            i += 2;
        }
        if (i < end) {
            tail += (buf.get(i) & 0xFF) << 8;
        }
        int folded = fold(nat);
        if (LITTLE) {
            folded = Integer.reverseBytes(folded) >>> 16;
        }
        return acc + folded + tail;
    }

    /**
     * The IPv4 pseudo-header sum (RFC 9293 3.1, RFC 768) for a TCP or UDP checksum.
     *
     * @param length the TCP or UDP length (header plus data) in bytes
     */
    public static long pseudoHeader(int src, int dst, int protocol, int length) {
        return (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + (protocol & 0xFF) + (length & 0xFFFF);
    }

    /** Folds a running sum to 16 bits with end-around carry (not complemented). */
    public static int fold(long sum) {
        long s = (sum >>> 32) + (sum & 0xFFFF_FFFFL); // at most 2^33 - 2
        s = (s >>> 32) + (s & 0xFFFF_FFFFL);          // at most 2^32 - 1
        s = (s >>> 16) + (s & 0xFFFF);                // at most 0x1FFFE
        s = (s >>> 16) + (s & 0xFFFF);                // at most 0xFFFF
        return (int) s;
    }

    /** Folds and complements a running sum: the value of a checksum field (0 when verifying a correct region). */
    public static int finish(long sum) {
        return ~fold(sum) & 0xFFFF;
    }
}
