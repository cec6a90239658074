package org.tcplab.wire.internal;

import java.nio.ByteBuffer;

/** Range checks and exact-size copies shared by the codec. */
public final class Bytes {

    /** A shared empty read-only buffer. */
    public static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    /** A shared empty array (an empty array cannot be changed). */
    public static final byte[] NO_BYTES = new byte[0];

    private Bytes() {
    }

    public static void checkU8(String name, int v) {
        if ((v & ~0xFF) != 0) {
            throw new IllegalArgumentException(name + " out of range 0..255: " + v);
        }
    }

    public static void checkU16(String name, int v) {
        if ((v & ~0xFFFF) != 0) {
            throw new IllegalArgumentException(name + " out of range 0..65535: " + v);
        }
    }

    public static void checkU32(String name, long v) {
        if ((v >>> 32) != 0) {
            throw new IllegalArgumentException(name + " is not an unsigned 32-bit value: " + v);
        }
    }

    public static void checkRange(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " out of range " + min + ".." + max + ": " + v);
        }
    }

    /** Throws IndexOutOfBoundsException unless {@code [offset, offset+length)} lies below {@code buf.limit()}. */
    public static void checkRegion(ByteBuffer buf, int offset, int length) {
        if ((offset | length) < 0 || offset > buf.limit() - length) {
            throw new IndexOutOfBoundsException("need " + length + " bytes at " + offset + ", buffer limit is "
                + buf.limit());
        }
    }

    /** Whether {@code [offset, offset+length)} is a valid region of {@code buf} (never throws). */
    public static boolean inBounds(ByteBuffer buf, int offset, int length) {
        return buf != null && (offset | length) >= 0 && offset <= buf.limit() - length;
    }

    /** An exact-size heap copy of the bytes from position to limit, read-only, positions untouched. */
    public static ByteBuffer copy(ByteBuffer src) {
        ByteBuffer out = ByteBuffer.allocate(src.remaining());
        out.put(0, src, src.position(), src.remaining());
        return out.asReadOnlyBuffer();
    }

    /** An exact-size array of {@code length} bytes at absolute {@code offset}. */
    public static byte[] array(ByteBuffer buf, int offset, int length) {
        byte[] out = new byte[length];
        buf.get(offset, out);
        return out;
    }

    /** A read-only slice of {@code length} bytes at absolute {@code offset}, sharing the bytes. */
    public static ByteBuffer slice(ByteBuffer buf, int offset, int length) {
        return length == 0 ? EMPTY : buf.slice(offset, length).asReadOnlyBuffer();
    }
}
