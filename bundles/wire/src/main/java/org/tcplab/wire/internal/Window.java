package org.tcplab.wire.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Network-order reads at absolute offsets of a buffer, going straight to the backing array of a writable heap
 * buffer (which the JIT compiles tightest) and through {@link Be} otherwise (direct and read-only buffers). One
 * per view, re-pointed by each {@code check}; never allocates.
 */
public final class Window {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private ByteBuffer buf;
    private byte[] arr;
    private int base;

    /**
     * Points this window at {@code b}. Nothing is done when {@code b} is the buffer already pointed at: its
     * array, array offset and read-only state cannot change.
     */
    public void set(ByteBuffer b) {
        if (b == buf) {
            return;
        }
        buf = b;
        if (b.hasArray()) {
            arr = b.array();
            base = b.arrayOffset();
        } else {
            arr = null;
            base = 0;
        }
    }

    public ByteBuffer buffer() {
        return buf;
    }

    public int u8(int i) {
        byte[] a = arr;
        return a != null ? a[base + i] & 0xFF : buf.get(i) & 0xFF;
    }

    public int u16(int i) {
        byte[] a = arr;
        return a != null ? (short) SHORT.get(a, base + i) & 0xFFFF : Be.u16(buf, i);
    }

    public int i32(int i) {
        byte[] a = arr;
        return a != null ? (int) INT.get(a, base + i) : Be.i32(buf, i);
    }

    /**
     * {@link org.tcplab.wire.Checksum#sum} of a region already known to be inside the buffer, skipping the
     * checks a public entry point makes.
     */
    public long sum(int offset, int length, long acc) {
        byte[] a = arr;
        return a != null ? Sum.array(a, base + offset, length, acc)
            : org.tcplab.wire.Checksum.sum(buf, offset, length, acc);
    }

    public long u32(int i) {
        return i32(i) & 0xFFFF_FFFFL;
    }
}
