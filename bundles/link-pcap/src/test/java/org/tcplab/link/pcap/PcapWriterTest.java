package org.tcplab.link.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tcplab.link.pcap.Packets.bytes;
import static org.tcplab.link.pcap.Packets.hex;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapWriterTest {

    private static byte[] written(PcapFormat format, long[] timestamps, byte[][] datagrams) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = PcapWriter.to(out, "memory", format)) {
            for (int i = 0; i < datagrams.length; i++) {
                assertTrue(w.write(timestamps[i], ByteBuffer.wrap(datagrams[i])));
            }
        }
        return out.toByteArray();
    }

    @Nested
    class FileHeader {

        @Test
        void defaultIsLittleEndianNanosecondVersion24Snaplen65535LinktypeRaw() {
            assertArrayEquals(hex("4d3cb2a1 0200 0400 00000000 00000000 ffff0000 65000000"),
                written(PcapFormat.DEFAULT, new long[0], new byte[0][]));
        }

        @Test
        void microsecondIpv4FormatWritesMagicA1b2c3d4AndLinktype228() {
            PcapFormat f = new PcapFormat(TimeResolution.MICROS, LinkType.IPV4, 1500);
            assertArrayEquals(hex("d4c3b2a1 0200 0400 00000000 00000000 dc050000 e4000000"),
                written(f, new long[0], new byte[0][]));
        }

        @Test
        void formatRefusesEthernetAndSnaplenOutside1To262144() {
            assertThrows(IllegalArgumentException.class, () -> PcapFormat.DEFAULT.withLinkType(LinkType.ETHERNET));
            assertThrows(IllegalArgumentException.class, () -> PcapFormat.DEFAULT.withSnaplen(0));
            assertThrows(IllegalArgumentException.class, () -> PcapFormat.DEFAULT.withSnaplen(262_145));
            assertEquals(262_144, PcapFormat.DEFAULT.withSnaplen(262_144).snaplen());
        }
    }

    @Nested
    class Records {

        @Test
        void nanosecondRecordHoldsSecondsNanosCapturedAndOriginalLengthThenTheBytes() {
            byte[] file = written(PcapFormat.DEFAULT, new long[] {1_500_000_123L}, new byte[][] {hex("4500aabbcc")});
            assertArrayEquals(hex("01000000 7b65cd1d 05000000 05000000 4500aabbcc"),
                java.util.Arrays.copyOfRange(file, 24, file.length));
        }

        @Test
        void microsecondRecordRoundsTheTimestampDownToWholeMicroseconds() {
            byte[] file = written(PcapFormat.DEFAULT.withResolution(TimeResolution.MICROS),
                new long[] {1_500_000_999L}, new byte[][] {hex("45")});
            assertArrayEquals(hex("01000000 20a10700 01000000 01000000 45"),
                java.util.Arrays.copyOfRange(file, 24, file.length));
        }

        @Test
        void onlyTheBytesFromPositionToLimitAreWrittenAndThePositionIsUnchanged() {
            ByteBuffer b = ByteBuffer.wrap(hex("ffff 4500aa ffff"));
            b.position(2).limit(5);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (PcapWriter w = PcapWriter.to(out, "memory", PcapFormat.DEFAULT)) {
                w.write(0, b);
            }
            assertEquals(2, b.position());
            assertEquals(5, b.limit());
            byte[] file = out.toByteArray();
            assertArrayEquals(hex("00000000 00000000 03000000 03000000 4500aa"),
                java.util.Arrays.copyOfRange(file, 24, file.length));
        }

        @Test
        void datagramLongerThanSnaplenIsCutAndKeepsItsOriginalLength() {
            byte[] d = Packets.udp(Packets.A, 1, Packets.B, 2, new byte[100]);
            byte[] file = written(PcapFormat.DEFAULT.withSnaplen(40), new long[] {0}, new byte[][] {d});
            PcapRecord r = PcapReader.readAll(file).records().get(0);
            assertEquals(40, r.capturedLength());
            assertEquals(128, r.originalLength());
            assertTrue(r.cut());
            assertArrayEquals(java.util.Arrays.copyOf(d, 40), bytes(r.datagram()));
        }

        @Test
        void negativeTimestampOrOneBeyond2106IsAProgrammingError() {
            PcapWriter w = PcapWriter.to(new ByteArrayOutputStream(), "memory", PcapFormat.DEFAULT);
            assertThrows(IllegalArgumentException.class, () -> w.write(-1, ByteBuffer.allocate(20)));
            assertThrows(IllegalArgumentException.class,
                () -> w.write((1L << 32) * 1_000_000_000L, ByteBuffer.allocate(20)));
            assertTrue(w.write((1L << 32) * 1_000_000_000L - 1, ByteBuffer.allocate(20)));
        }

        @Test
        void sameInputsWriteTheSameBytes() {
            byte[][] c = Packets.conversation();
            long[] t = new long[c.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = i * 1_000_001L;
            }
            assertArrayEquals(written(PcapFormat.DEFAULT, t, c), written(PcapFormat.DEFAULT, t, c));
        }
    }

    @Nested
    class RoundTrip {

        private void roundTrip(PcapFormat format, long[] timestamps) {
            byte[][] c = Packets.conversation();
            PcapCapture read = PcapReader.readAll(written(format, timestamps, c));
            assertEquals(Optional.empty(), read.error());
            assertEquals(format.resolution(), read.header().orElseThrow().resolution());
            assertEquals(format.linkType(), read.header().orElseThrow().linkType());
            assertEquals(c.length, read.records().size());
            for (int i = 0; i < c.length; i++) {
                PcapRecord r = read.records().get(i);
                assertArrayEquals(c[i], bytes(r.datagram()), "datagram " + i);
                assertEquals(timestamps[i], r.timestampNanos(), "timestamp " + i);
                assertEquals(i + 1, r.number());
            }
        }

        @Test
        void nanosecondFileGivesBackEveryDatagramAndTimestampExactly() {
            roundTrip(PcapFormat.DEFAULT, new long[] {0, 1, 999_999_999, 1_000_000_000, 1_795_324_221_800_432_123L,
                4_294_967_295_999_999_999L, 42});
        }

        @Test
        void microsecondFileGivesBackWholeMicrosecondTimestampsExactly() {
            roundTrip(PcapFormat.DEFAULT.withResolution(TimeResolution.MICROS).withLinkType(LinkType.IPV4),
                new long[] {0, 1_000, 999_999_000, 1_000_000_000, 1_795_324_221_800_432_000L, 7_000, 42_000});
        }

        @Test
        void manyChunksOfFullSizeDatagramsComeBackInOrder() {
            int n = 3000;
            byte[][] d = new byte[n][];
            long[] t = new long[n];
            for (int i = 0; i < n; i++) {
                byte[] data = new byte[1452];
                java.util.Arrays.fill(data, (byte) i);
                d[i] = Packets.udp(Packets.A, i & 0xffff, Packets.B, 9, data);
                t[i] = i * 1_000L;
            }
            PcapCapture read = PcapReader.readAll(written(PcapFormat.DEFAULT, t, d));
            assertEquals(Optional.empty(), read.error());
            assertEquals(n, read.records().size());
            for (int i = 0; i < n; i++) {
                assertArrayEquals(d[i], bytes(read.records().get(i).datagram()));
            }
        }

        @Test
        void fileOnDiskHasItsHeaderAsSoonAsItIsCreated(@TempDir Path dir) throws IOException {
            Path f = dir.resolve("a.pcap");
            PcapWriter w = PcapWriter.create(f, PcapFormat.DEFAULT).orElseThrow();
            assertEquals(24, Files.size(f));
            w.write(5, ByteBuffer.wrap(Packets.conversation()[0]));
            assertEquals(new PcapWriter.Status(0, 1, 0, Optional.empty(), false), w.status());
            w.close();
            assertEquals(new PcapWriter.Status(1, 0, 0, Optional.empty(), true), w.status());
            PcapCapture read = PcapReader.readAll(f);
            assertEquals(1, read.records().size());
            assertEquals(5, read.records().get(0).timestampNanos());
        }

        @Test
        void flushWritesBufferedRecordsOut() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PcapWriter w = PcapWriter.to(out, "memory", PcapFormat.DEFAULT);
            w.write(0, ByteBuffer.wrap(hex("45")));
            assertEquals(0, out.size());
            assertTrue(w.flush());
            assertEquals(24 + 17, out.size());
            assertEquals(new PcapWriter.Status(1, 0, 0, Optional.empty(), false), w.status());
        }
    }

    @Nested
    class Failures {

        @Test
        void createInAMissingDirectorySaysNoSuchFile(@TempDir Path dir) {
            Path f = dir.resolve("missing/a.pcap");
            assertEquals(new PcapError.Unwritable(f.toString(), "no such file or directory"),
                PcapWriter.create(f, PcapFormat.DEFAULT).failure().orElseThrow());
            assertEquals("cannot write " + f + ": no such file or directory",
                PcapWriter.create(f, PcapFormat.DEFAULT).failure().orElseThrow().message());
        }

        @Test
        void createOverADirectorySaysItIsADirectory(@TempDir Path dir) {
            assertEquals("cannot write " + dir + ": is a directory",
                PcapWriter.create(dir, PcapFormat.DEFAULT).failure().orElseThrow().message());
        }

        @Test
        void failingStreamStopsTheWriterCountsEveryLostRecordAndSaysWhy() {
            OutputStream failing = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    throw new IOException("No space left on device");
                }
            };
            PcapWriter w = PcapWriter.to(failing, "capture.pcap", PcapFormat.DEFAULT);
            assertTrue(w.write(0, ByteBuffer.wrap(hex("45"))));
            assertTrue(w.write(0, ByteBuffer.wrap(hex("45"))));
            assertFalse(w.flush());
            assertFalse(w.write(0, ByteBuffer.wrap(hex("45"))));
            w.close();
            PcapWriter.Status s = w.status();
            assertEquals(0, s.written());
            assertEquals(3, s.lost());
            assertEquals("writing capture.pcap failed: no space left on device; a stream cannot be cut back:"
                + " the output may end in a partial record", s.failure().orElseThrow().message());
        }

        @Test
        void failingChannelIsCutBackToItsLastWholeRecordSoTheFileStaysValid() {
            // 3000 records of 1500 bytes: several chunks reach the file, then it fills up in the middle of one.
            MemoryChannel file = new MemoryChannel().failAfter(200_000);
            PcapWriter w = PcapWriter.to(file, "capture.pcap", PcapFormat.DEFAULT);
            byte[] d = Packets.udp(Packets.A, 1, Packets.B, 2, new byte[1472]);
            int accepted = 0;
            for (int i = 0; i < 3000; i++) {
                if (w.write(i, ByteBuffer.wrap(d))) {
                    accepted++;
                }
            }
            w.close();
            PcapWriter.Status s = w.status();
            assertEquals(3000, s.written() + s.lost());
            assertTrue(s.written() > 0 && s.written() < accepted, s.toString());
            assertEquals("writing capture.pcap failed: no space left on device", s.failure().orElseThrow().message());
            assertEquals(1, file.truncations);

            PcapCapture read = PcapReader.readAll(file.bytes());
            assertEquals(Optional.empty(), read.error());
            assertEquals(s.written(), read.records().size());
            assertEquals(24 + s.written() * (16 + 1500), file.bytes().length);
        }

        @Test
        void recordsAfterCloseAreCountedAsLostWithoutAFailure() {
            PcapWriter w = PcapWriter.to(new ByteArrayOutputStream(), "memory", PcapFormat.DEFAULT);
            w.close();
            w.close();
            assertFalse(w.write(0, ByteBuffer.wrap(hex("45"))));
            assertFalse(w.flush());
            assertEquals(new PcapWriter.Status(0, 0, 1, Optional.empty(), true), w.status());
        }
    }

    @Nested
    class Threads {

        @Test
        void fourThreadsWritingAtOnceLoseNothingAndEachThreadsRecordsKeepTheirOrder() throws Exception {
            int threads = 4;
            int each = 2500;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PcapWriter w = PcapWriter.to(out, "memory", PcapFormat.DEFAULT);
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> list = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        byte[] data = ByteBuffer.allocate(8).putInt(id).putInt(i).array();
                        w.write(i, ByteBuffer.wrap(Packets.udp(Packets.A, id, Packets.B, i & 0xffff, data)));
                    }
                });
                th.start();
                list.add(th);
            }
            start.countDown();
            for (Thread th : list) {
                th.join();
            }
            w.close();
            PcapCapture read = PcapReader.readAll(out.toByteArray());
            assertEquals(Optional.empty(), read.error());
            assertEquals(threads * each, read.records().size());
            int[] next = new int[threads];
            for (PcapRecord r : read.records()) {
                ByteBuffer b = r.datagram();
                int id = b.getInt(28);
                int i = b.getInt(32);
                assertEquals(next[id]++, i, "thread " + id);
                assertEquals(i, r.timestampNanos());
            }
        }
    }
}
