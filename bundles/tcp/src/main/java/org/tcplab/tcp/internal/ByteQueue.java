package org.tcplab.tcp.internal;

/** A growable FIFO of bytes (a ring), for send and receive buffers. Not thread-safe. */
final class ByteQueue {

    private byte[] ring = new byte[0];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void append(byte[] src, int off, int len) {
        ensure(size + len);
        int tail = (head + size) % Math.max(ring.length, 1);
        int first = Math.min(len, ring.length - tail);
        System.arraycopy(src, off, ring, tail, first);
        System.arraycopy(src, off + first, ring, 0, len - first);
        size += len;
    }

    /** Copies {@code len} bytes starting {@code offset} bytes after the head, without removing them. */
    byte[] peek(int offset, int len) {
        byte[] out = new byte[len];
        if (len == 0) {
            return out;
        }
        int start = (head + offset) % ring.length;
        int first = Math.min(len, ring.length - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, len - first);
        return out;
    }

    /**
     * Where the {@code len} bytes starting {@code offset} bytes after the head lie in {@link #array()}, or -1
     * when they wrap around its end. Valid until the next append, drop or clear.
     */
    int indexOf(int offset, int len) {
        if (len == 0 || offset + len > size) {
            return -1;
        }
        int start = (head + offset) % ring.length;
        return start + len <= ring.length ? start : -1;
    }

    /** The ring itself, for {@link #indexOf}: read it, never keep it. */
    byte[] array() {
        return ring;
    }

    byte[] take(int len) {
        byte[] out = peek(0, len);
        drop(len);
        return out;
    }

    /** Removes {@code len} bytes from the head into {@code dst} at its position (which advances). */
    void takeInto(java.nio.ByteBuffer dst, int len) {
        if (len > size || len > dst.remaining()) {
            throw new IllegalArgumentException(len + " > " + size + " or " + dst.remaining());
        }
        if (len == 0) {
            return;
        }
        int first = Math.min(len, ring.length - head);
        dst.put(ring, head, first);
        dst.put(ring, 0, len - first);
        drop(len);
    }

    void drop(int len) {
        if (len > size) {
            throw new IllegalArgumentException(len + " > " + size);
        }
        size -= len;
        head = size == 0 ? 0 : (head + len) % ring.length;
    }

    void clear() {
        size = 0;
        head = 0;
        ring = new byte[0];
    }

    private void ensure(int capacity) {
        if (capacity <= ring.length) {
            return;
        }
        byte[] bigger = new byte[Math.max(capacity, Math.max(64, ring.length * 2))];
        if (size > 0) {
            int first = Math.min(size, ring.length - head);
            System.arraycopy(ring, head, bigger, 0, first);
            System.arraycopy(ring, 0, bigger, first, size - first);
        }
        ring = bigger;
        head = 0;
    }
}
