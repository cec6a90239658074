package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The ring under the send and receive buffers: views that never wrap, and reads into a caller's buffer. */
class ByteQueueTest {

    /** A queue of 64 bytes whose head is at ring index 60: the 10 bytes 0..9 wrap after their fourth. */
    private static ByteQueue wrapped() {
        ByteQueue q = new ByteQueue();
        byte[] first = new byte[64];
        first[61] = 1;
        first[62] = 2;
        first[63] = 3;
        q.append(first, 0, 64);
        q.drop(60);
        q.append(new byte[] {4, 5, 6, 7, 8, 9}, 0, 6);
        return q;
    }

    @Test
    void indexOfGivesTheRingIndexOfBytesThatDoNotWrapAndMinusOneForThoseThatDo() {
        ByteQueue q = wrapped();
        assertEquals(64, q.array().length);
        assertEquals(60, q.indexOf(0, 4));
        assertArrayEquals(new byte[] {0, 1, 2, 3}, Arrays.copyOfRange(q.array(), 60, 64));
        assertEquals(-1, q.indexOf(0, 5), "crosses the end of the ring");
        assertEquals(-1, q.indexOf(3, 2), "crosses the end of the ring");
        assertEquals(0, q.indexOf(4, 6));
        assertEquals(1, q.indexOf(5, 5));
        assertEquals(-1, q.indexOf(5, 6), "beyond what the queue holds");
        assertEquals(-1, q.indexOf(0, 0), "nothing to view");
    }

    @Test
    void takeIntoCopiesAcrossTheWrapAtTheBuffersPositionAndRemovesTheBytes() {
        ByteQueue q = wrapped();
        ByteBuffer dst = ByteBuffer.allocate(12);
        Arrays.fill(dst.array(), (byte) 0xA5);
        dst.position(1);
        q.takeInto(dst, 7);
        assertEquals(8, dst.position());
        assertArrayEquals(new byte[] {(byte) 0xA5, 0, 1, 2, 3, 4, 5, 6, (byte) 0xA5}, Arrays.copyOf(dst.array(), 9));
        assertEquals(3, q.size());
        ByteBuffer direct = ByteBuffer.allocateDirect(3);
        q.takeInto(direct, 3);
        assertEquals(0, q.size());
        assertEquals(7, direct.get(0));
        assertEquals(9, direct.get(2));
    }
}
