package org.tcplab.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.tcplab.wire.internal.Hex;

class ChecksumTest {

    /** The obvious definition, 16 bits at a time, to compare the fast one against. */
    private static int reference(byte[] b, int off, int len, long start) {
        long s = start;
        for (int i = 0; i < len; i += 2) {
            int hi = b[off + i] & 0xFF;
            int lo = i + 1 < len ? b[off + i + 1] & 0xFF : 0;
            s += (hi << 8) | lo;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) (~s & 0xFFFF);
    }

    @Test
    void rfc1071NumericalExampleSumsToDdf2() {
        // RFC 1071 3: bytes 00 01 f2 03 f4 f5 f6 f7 have the one's complement sum ddf2.
        ByteBuffer b = ByteBuffer.wrap(Hex.parse("0001f203f4f5f6f7"));
        assertEquals(0xddf2, Checksum.fold(Checksum.sum(b, 0, 8, 0)));
        assertEquals(~0xddf2 & 0xFFFF, Checksum.compute(b, 0, 8));
    }

    @Test
    void matchesTheReferenceForEveryLengthAndOffsetUpTo200AndRandomLargeOnes() {
        Random r = new Random(1071);
        byte[] data = new byte[4000];
        r.nextBytes(data);
        ByteBuffer b = ByteBuffer.wrap(data);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).order(ByteOrder.LITTLE_ENDIAN);
        // A heap buffer whose index 0 is array index 5: the array path must add the array offset.
        ByteBuffer sliced = ByteBuffer.wrap(data).position(5).slice();
        for (int off = 0; off < 9; off++) {
            for (int len = 0; len <= 200; len++) {
                assertEquals(reference(data, off, len, 0), Checksum.compute(b, off, len), off + "+" + len);
                assertEquals(reference(data, off, len, 0), Checksum.compute(direct, off, len), off + "+" + len);
                assertEquals(reference(data, off + 5, len, 0), Checksum.compute(sliced, off, len), off + "+" + len);
                // A running sum carried in, as for the pseudo-header, is added like one more word.
                assertEquals(reference(data, off, len, 0x1_2345L),
                    Checksum.finish(Checksum.sum(b, off, len, 0x1_2345L)), off + "+" + len);
            }
        }
        for (int i = 0; i < 500; i++) {
            int off = r.nextInt(100);
            int len = r.nextInt(data.length - off);
            assertEquals(reference(data, off, len, 0), Checksum.compute(b, off, len));
        }
    }

    @Test
    void allOnesDataNeverOverflowsTheAccumulators() {
        byte[] ff = new byte[65535];
        java.util.Arrays.fill(ff, (byte) 0xFF);
        assertEquals(reference(ff, 0, ff.length, 0), Checksum.compute(ByteBuffer.wrap(ff), 0, ff.length));
        assertEquals(0, Checksum.compute(ByteBuffer.wrap(ff), 0, 65534), "all-ones words sum to negative zero");
    }

    @Test
    void pseudoHeaderSumIsThatOfItsTwelveBytes() {
        int src = 0xc0000201;
        int dst = 0xfffffffe;
        byte[] ph = Hex.parse("c0000201fffffffe0006ffff");
        assertEquals(reference(ph, 0, 12, 0), Checksum.finish(Checksum.pseudoHeader(src, dst, 6, 0xffff)));
    }

    @Test
    void aRegionOutsideTheBufferIsAProgrammingError() {
        ByteBuffer b = ByteBuffer.allocate(10);
        assertThrows(IndexOutOfBoundsException.class, () -> Checksum.compute(b, 5, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> Checksum.compute(b, -1, 2));
    }

    @Test
    void positionLimitAndOrderAreLeftAlone() {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.position(3).limit(60);
        Checksum.compute(b, 0, 60);
        assertEquals(3, b.position());
        assertEquals(60, b.limit());
        assertEquals(ByteOrder.LITTLE_ENDIAN, b.order());
    }
}
