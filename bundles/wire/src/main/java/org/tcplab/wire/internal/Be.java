package org.tcplab.wire.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Network-order (big-endian) absolute reads and writes that ignore the buffer's own {@link ByteBuffer#order()},
 * so a caller's little-endian buffer reads correctly and its order is never touched.
 */
public final class Be {
    private static final VarHandle SHORT = MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private Be() {
    }

    public static int u8(ByteBuffer b, int i) {
        return b.get(i) & 0xFF;
    }

    public static int u16(ByteBuffer b, int i) {
        return (short) SHORT.get(b, i) & 0xFFFF;
    }

    public static long u32(ByteBuffer b, int i) {
        return (int) INT.get(b, i) & 0xFFFF_FFFFL;
    }

    public static int i32(ByteBuffer b, int i) {
        return (int) INT.get(b, i);
    }

    public static void put8(ByteBuffer b, int i, int v) {
        b.put(i, (byte) v);
    }

    public static void put16(ByteBuffer b, int i, int v) {
        SHORT.set(b, i, (short) v);
    }

    public static void put32(ByteBuffer b, int i, long v) {
        INT.set(b, i, (int) v);
    }
}
