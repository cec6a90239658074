package org.tcplab.link.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.tcplab.link.pcap.Packets.bytes;
import static org.tcplab.link.pcap.Packets.hex;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tcplab.link.pcap.internal.Reasons;

class PcapReaderTest {

    private static final byte[] D1 = Packets.conversation()[0];
    private static final byte[] D2 = Packets.conversation()[3];

    private static PcapError headerError(byte[] file) {
        return PcapReader.of(file).failure().orElseThrow(() -> new AssertionError("header accepted"));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PcapReaderTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    @Nested
    class ByteOrdersAndResolutions {

        private void readsBoth(ByteOrder order, TimeResolution resolution, long fraction, long expectedNanos) {
            byte[] file = new Packets.File(order, resolution, LinkType.RAW)
                .record(1_795_324_221L, fraction, D1)
                .record(1_795_324_222L, 0, D2)
                .bytes();
            PcapCapture c = PcapReader.readAll(file);
            assertEquals(Optional.empty(), c.error());
            assertEquals(new PcapHeader(order, resolution, 2, 4, 65535, LinkType.RAW), c.header().orElseThrow());
            assertEquals(2, c.records().size());
            PcapRecord r1 = c.records().get(0);
            PcapRecord r2 = c.records().get(1);
            assertEquals(new PcapRecord(1, 24, expectedNanos, D1.length, D1.length, r1.datagram()), r1);
            assertEquals(new PcapRecord(2, 24 + 16 + D1.length, 1_795_324_222_000_000_000L, D2.length, D2.length,
                r2.datagram()), r2);
            assertArrayEquals(D1, bytes(r1.datagram()));
            assertArrayEquals(D2, bytes(r2.datagram()));
            assertFalse(r1.cut());
        }

        @Test
        void bigEndianMicrosecondFileReadsEveryField() {
            readsBoth(ByteOrder.BIG_ENDIAN, TimeResolution.MICROS, 800_432, 1_795_324_221_800_432_000L);
        }

        @Test
        void bigEndianNanosecondFileReadsEveryField() {
            readsBoth(ByteOrder.BIG_ENDIAN, TimeResolution.NANOS, 800_432_123, 1_795_324_221_800_432_123L);
        }

        @Test
        void littleEndianMicrosecondFileReadsEveryField() {
            readsBoth(ByteOrder.LITTLE_ENDIAN, TimeResolution.MICROS, 800_432, 1_795_324_221_800_432_000L);
        }

        @Test
        void littleEndianNanosecondFileReadsEveryField() {
            readsBoth(ByteOrder.LITTLE_ENDIAN, TimeResolution.NANOS, 800_432_123, 1_795_324_221_800_432_123L);
        }

        @Test
        void bigEndianHeaderBytesAreReadAsWrittenByHand() {
            byte[] file = hex("a1b23c4d 0002 0004 00000000 00000000 00040000 000000e4"
                + "00000001 00000002 00000001 00000003 45");
            PcapCapture c = PcapReader.readAll(file);
            assertEquals(new PcapHeader(ByteOrder.BIG_ENDIAN, TimeResolution.NANOS, 2, 4, 262_144, LinkType.IPV4),
                c.header().orElseThrow());
            PcapRecord r = c.records().get(0);
            assertEquals(1_000_000_002L, r.timestampNanos());
            assertEquals(1, r.capturedLength());
            assertEquals(3, r.originalLength());
            assertTrue(r.cut());
        }

        @Test
        void rawRecordsAreGivenAsTheyAreEvenWhenNotIpv4() {
            byte[] notIp = hex("60000000 0000 3b40");
            PcapCapture c = PcapReader.readAll(new Packets.File(ByteOrder.LITTLE_ENDIAN, TimeResolution.MICROS,
                LinkType.RAW).record(0, 0, notIp).bytes());
            assertArrayEquals(notIp, bytes(c.records().get(0).datagram()));
            assertEquals(0, c.skipped());
        }

        @Test
        void zeroSnaplenMeansLibpcapsMaximum() {
            byte[] big = new byte[70_000];
            PcapCapture c = PcapReader.readAll(new Packets.File(ByteOrder.LITTLE_ENDIAN,
                TimeResolution.MICROS.magic(), 2, 4, 0, 101).record(0, 0, big).bytes());
            assertEquals(Optional.empty(), c.error());
            assertEquals(70_000, c.records().get(0).datagram().remaining());
        }
    }

    @Nested
    class Ethernet {

        @Test
        void ipv4FramesLoseTheirHeaderOtherFramesAreSkippedAndCounted() {
            byte[] file = new Packets.File(ByteOrder.BIG_ENDIAN, TimeResolution.MICROS, LinkType.ETHERNET)
                .record(1, 0, Packets.ethernet(0x0800, D1))
                .record(2, 0, Packets.ethernet(0x0806, new byte[28]))       // ARP
                .record(3, 0, Packets.ethernet(0x86dd, new byte[40]))       // IPv6
                .record(4, 0, hex("0200000000020200"))                      // runt
                .record(5, 0, Packets.ethernet(0x0800, D2))
                .bytes();
            PcapCapture c = PcapReader.readAll(file);
            assertEquals(Optional.empty(), c.error());
            assertEquals(3, c.skipped());
            assertEquals(2, c.records().size());
            assertArrayEquals(D1, bytes(c.records().get(0).datagram()));
            assertEquals(1, c.records().get(0).number());
            assertArrayEquals(D2, bytes(c.records().get(1).datagram()));
            assertEquals(5, c.records().get(1).number());
            assertEquals(5_000_000_000L, c.records().get(1).timestampNanos());
        }

        @Test
        void paddingAndFcsAfterTheIpv4TotalLengthAreRemoved() {
            byte[] small = Packets.tcp(Packets.A, 1, Packets.B, 2, 0, 0, Packets.RST, new byte[0], new byte[0]);
            byte[] padded = Arrays.copyOf(small, 46 + 4);                   // 6 bytes of padding + FCS
            PcapCapture c = PcapReader.readAll(new Packets.File(ByteOrder.LITTLE_ENDIAN, TimeResolution.MICROS,
                LinkType.ETHERNET).record(0, 0, Packets.ethernet(0x0800, padded)).bytes());
            assertArrayEquals(small, bytes(c.records().get(0).datagram()));
            assertEquals(64, c.records().get(0).capturedLength());
        }

        @Test
        void anIpv4FrameTooShortForAHeaderIsGivenAsItIsForTheHostToJudge() {
            PcapCapture c = PcapReader.readAll(new Packets.File(ByteOrder.LITTLE_ENDIAN, TimeResolution.MICROS,
                LinkType.ETHERNET).record(0, 0, Packets.ethernet(0x0800, hex("4500"))).bytes());
            assertArrayEquals(hex("4500"), bytes(c.records().get(0).datagram()));
        }
    }

    @Nested
    class ReferenceCapture {

        @Test
        void kernelMadeMd5CaptureHas18Ipv4SegmentsIdenticalToItsJson() throws IOException {
            PcapCapture c = PcapReader.readAll(resource("md5-ipv4.pcap"));
            String json = new String(resource("md5-ipv4.json"), StandardCharsets.UTF_8);
            List<String> hexes = new ArrayList<>();
            Matcher m = Pattern.compile("\"ip_packet_hex\": \"([0-9a-f]+)\"").matcher(json);
            while (m.find()) {
                hexes.add(m.group(1));
            }
            List<Double> times = new ArrayList<>();
            Matcher t = Pattern.compile("\"t\": ([0-9.e-]+)").matcher(json);
            while (t.find()) {
                times.add(Double.parseDouble(t.group(1)));
            }
            assertEquals(18, hexes.size(), "the JSON describes 18 segments");

            assertEquals(Optional.empty(), c.error());
            assertEquals(new PcapHeader(ByteOrder.LITTLE_ENDIAN, TimeResolution.MICROS, 2, 4, 262_144,
                LinkType.ETHERNET), c.header().orElseThrow());
            assertEquals(0, c.skipped());
            assertEquals(18, c.records().size());
            long first = c.records().get(0).timestampNanos();
            assertEquals(1_795_324_221_800_432_000L, first);
            for (int i = 0; i < 18; i++) {
                PcapRecord r = c.records().get(i);
                assertArrayEquals(hex(hexes.get(i)), bytes(r.datagram()), "segment " + (i + 1));
                assertEquals(Math.round(times.get(i) * 1e6), (r.timestampNanos() - first) / 1000, "t of " + (i + 1));
            }
        }
    }

    @Nested
    class HeaderErrors {

        @Test
        void fileThatIsNotPcapSaysWhatItStartsWith() {
            PcapError e = headerError("GIF89a, not a capture at all".getBytes(StandardCharsets.US_ASCII));
            assertEquals(new PcapError.NotPcap(0x47494638), e);
            assertEquals("not a pcap file: it starts with 47494638, which is no pcap magic number"
                + " (a1b2c3d4 or a1b23c4d, in either byte order)", e.message());
        }

        @Test
        void pcapngIsRecognisedAndTheMessageSaysHowToConvert() {
            PcapError e = headerError(hex("0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffffffffffff 1c000000"));
            assertEquals(new PcapError.Pcapng(), e);
            assertEquals("pcapng is not supported, convert with editcap -F pcap", e.message());
        }

        @Test
        void unsupportedLinkTypeIsNamedWithTheSupportedOnes() {
            PcapError e = headerError(new Packets.File(ByteOrder.LITTLE_ENDIAN, TimeResolution.MICROS.magic(), 2, 4,
                65535, 113).bytes());
            assertEquals(new PcapError.UnsupportedLinkType(113), e);
            assertEquals("unsupported link type 113: only LINKTYPE_ETHERNET (1), LINKTYPE_RAW (101) and"
                + " LINKTYPE_IPV4 (228) are read", e.message());
        }

        @Test
        void versionOtherThan2IsRefused() {
            PcapError e = headerError(new Packets.File(ByteOrder.BIG_ENDIAN, TimeResolution.NANOS.magic(), 3, 0,
                65535, 101).bytes());
            assertEquals(new PcapError.UnsupportedVersion(3, 0), e);
            assertEquals("unsupported pcap version 3.0: only version 2.x is read", e.message());
        }

        @Test
        void truncatedHeaderSaysHowManyOf24BytesThereAre() {
            byte[] header = new Packets.File(ByteOrder.LITTLE_ENDIAN, TimeResolution.MICROS, LinkType.RAW).bytes();
            assertEquals(new PcapError.TruncatedHeader(23), headerError(Arrays.copyOf(header, 23)));
            assertEquals("truncated pcap file header: the file has 23 of 24 bytes",
                headerError(Arrays.copyOf(header, 23)).message());
            assertEquals(new PcapError.TruncatedHeader(0), headerError(new byte[0]));
            assertEquals(new PcapError.TruncatedHeader(3), headerError(Arrays.copyOf(header, 3)));
        }

        @Test
        void headerAloneIsAnEmptyCaptureNotAnError() {
            PcapCapture c = PcapReader.readAll(
                new Packets.File(ByteOrder.LITTLE_ENDIAN, TimeResolution.MICROS, LinkType.RAW).bytes());
            assertEquals(Optional.empty(), c.error());
            assertEquals(List.of(), c.records());
        }
    }

    @Nested
    class RecordErrors {

        @Test
        void capturedLengthAboveTheSnaplenStopsWithRecordNumberAndOffset() {
            byte[] file = new Packets.File(ByteOrder.BIG_ENDIAN, TimeResolution.MICROS.magic(), 2, 4, 100, 101)
                .record(0, 0, D1)
                .record(0, 0, 101, 101, new byte[101])
                .bytes();
            PcapCapture c = PcapReader.readAll(file);
            assertEquals(1, c.records().size());
            long offset = 24 + 16 + D1.length;
            PcapError e = c.error().orElseThrow();
            assertEquals(new PcapError.CapturedLengthTooLarge(2, offset, 101, 100, 100), e);
            assertEquals("corrupt file: record 2 at byte " + offset + " has captured length 101, more than the file's"
                + " snaplen 100", e.message());
        }

        @Test
        void capturedLengthAboveLibpcapsMaximumStopsEvenWithAHugeSnaplen() {
            byte[] file = new Packets.File(ByteOrder.LITTLE_ENDIAN, TimeResolution.MICROS.magic(), 2, 4, 0xffffffffL,
                101).record(0, 0, 0x7fffffffL, 0x7fffffffL, new byte[0]).bytes();
            PcapError e = PcapReader.readAll(file).error().orElseThrow();
            assertEquals(new PcapError.CapturedLengthTooLarge(1, 24, 0x7fffffffL, 0xffffffffL, 262_144), e);
            assertEquals("corrupt file: record 1 at byte 24 has captured length 2147483647, more than the largest"
                + " record this reader accepts (262144 bytes; the file's snaplen is 4294967295)", e.message());
        }

        @Test
        void truncatedRecordHeaderMessageNamesRecordByteAndBytesPresent() {
            PcapError e = new PcapError.TruncatedRecordHeader(3, 1234, 5);
            assertEquals("truncated file: record 3 at byte 1234 has 5 of its 16 header bytes", e.message());
        }

        @Test
        void truncatedRecordMessageNamesRecordByteAndBytesPresent() {
            PcapError e = new PcapError.TruncatedRecord(3, 1234, 60, 12);
            assertEquals("truncated file: record 3 at byte 1234 has 12 of its 60 bytes", e.message());
        }

        @Test
        void ioErrorInTheMiddleComesAfterTheWholeRecordsBeforeIt() {
            byte[] file = new Packets.File(ByteOrder.LITTLE_ENDIAN, TimeResolution.MICROS, LinkType.RAW)
                .record(0, 0, D1).record(0, 0, D2).bytes();
            int failAt = 24 + 16 + D1.length + 20;
            InputStream failing = new InputStream() {
                private int pos;

                @Override
                public int read() throws IOException {
                    throw new IOException("Input/output error");
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (pos >= failAt) {
                        throw new IOException("Input/output error");
                    }
                    int n = Math.min(len, failAt - pos);
                    System.arraycopy(file, pos, b, off, n);
                    pos += n;
                    return n;
                }
            };
            PcapReader r = PcapReader.of(failing, "disk.pcap").orElseThrow();
            assertArrayEquals(D1, bytes(r.next().orElseThrow().datagram()));
            assertEquals(Optional.empty(), r.next());
            assertEquals(new PcapError.Unreadable("disk.pcap", "input/output error"), r.error().orElseThrow());
            assertEquals("cannot read disk.pcap: input/output error", r.error().orElseThrow().message());
        }
    }

    /** Cut a valid file at every length: whole records then one truncation error, or a header error; never a throw. */
    @Nested
    class TruncationAtEveryLength {

        private void everyCut(byte[] file) {
            PcapCapture whole = PcapReader.readAll(file);
            assertEquals(Optional.empty(), whole.error());
            // Where each record starts and ends, and how many datagrams came before it.
            List<long[]> spans = new ArrayList<>();
            long offset = 24;
            for (PcapRecord r : whole.records()) {
                spans.add(new long[] {r.offset(), r.offset() + 16 + r.capturedLength()});
                offset = r.offset() + 16 + r.capturedLength();
            }
            assertEquals(file.length, offset, "test file without skipped records");
            for (int cut = 0; cut < file.length; cut++) {
                PcapCapture c;
                try {
                    c = PcapReader.readAll(Arrays.copyOf(file, cut));
                } catch (RuntimeException e) {
                    throw new AssertionError("cut at " + cut + " threw", e);
                }
                if (cut < 24) {
                    assertEquals(Optional.empty(), c.header(), "cut " + cut);
                    assertEquals(Optional.of(new PcapError.TruncatedHeader(cut)), c.error(), "cut " + cut);
                    continue;
                }
                int k = 0;
                while (k < spans.size() && spans.get(k)[1] <= cut) {
                    k++;
                }
                assertEquals(k, c.records().size(), "cut " + cut);
                for (int i = 0; i < k; i++) {
                    assertArrayEquals(bytes(whole.records().get(i).datagram()),
                        bytes(c.records().get(i).datagram()), "cut " + cut + " record " + (i + 1));
                    assertEquals(whole.records().get(i).timestampNanos(), c.records().get(i).timestampNanos());
                }
                long start = k < spans.size() ? spans.get(k)[0] : file.length;
                long into = cut - start;
                if (into == 0) {
                    assertEquals(Optional.empty(), c.error(), "cut " + cut + " at a record boundary");
                } else if (into < 16) {
                    assertEquals(Optional.of(new PcapError.TruncatedRecordHeader(k + 1, start, (int) into)),
                        c.error(), "cut " + cut);
                } else {
                    long captured = spans.get(k)[1] - start - 16;
                    assertEquals(Optional.of(new PcapError.TruncatedRecord(k + 1, start, captured, into - 16)),
                        c.error(), "cut " + cut);
                }
            }
        }

        @Test
        void littleEndianNanosecondFileCutAnywhereGivesWholeRecordsThenOneError() {
            ByteOrder o = ByteOrder.LITTLE_ENDIAN;
            Packets.File f = new Packets.File(o, TimeResolution.NANOS, LinkType.RAW);
            byte[][] c = Packets.conversation();
            for (int i = 0; i < c.length; i++) {
                f.record(i, i * 7, c[i]);
            }
            everyCut(f.bytes());
        }

        @Test
        void bigEndianMicrosecondFileCutAnywhereGivesWholeRecordsThenOneError() {
            Packets.File f = new Packets.File(ByteOrder.BIG_ENDIAN, TimeResolution.MICROS, LinkType.IPV4);
            byte[][] c = Packets.conversation();
            for (int i = 0; i < c.length; i++) {
                f.record(i, i * 7, c[i]);
            }
            everyCut(f.bytes());
        }

        @Test
        void kernelMadeEthernetCaptureCutAnywhereGivesWholeRecordsThenOneError() throws IOException {
            everyCut(resource("md5-ipv4.pcap"));
        }

        @Test
        void writtenFileCutAnywhereGivesWholeRecordsThenOneError() {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (PcapWriter w = PcapWriter.to(out, "memory", PcapFormat.DEFAULT)) {
                long t = 0;
                for (byte[] d : Packets.conversation()) {
                    w.write(t += 123_456_789, java.nio.ByteBuffer.wrap(d));
                }
            }
            everyCut(out.toByteArray());
        }
    }

    @Nested
    class UnreadableFiles {

        @Test
        void missingFileGivesThePathAndNoSuchFile(@TempDir Path dir) {
            Path f = dir.resolve("missing.pcap");
            PcapError e = PcapReader.open(f).failure().orElseThrow();
            assertEquals(new PcapError.Unreadable(f.toString(), "no such file or directory"), e);
            assertEquals("cannot read " + f + ": no such file or directory", e.message());
            assertEquals(Optional.of(e), PcapReader.readAll(f).error());
        }

        @Test
        void directoryGivesThePathAndIsADirectory(@TempDir Path dir) {
            assertEquals("cannot read " + dir + ": is a directory",
                PcapReader.open(dir).failure().orElseThrow().message());
        }

        @Test
        void accessDeniedReadsAsPermissionDenied() {
            assertEquals("permission denied", Reasons.of(new AccessDeniedException("/x.pcap")));
        }

        @Test
        void fileWithoutReadPermissionGivesThePathAndPermissionDenied(@TempDir Path dir) throws IOException {
            Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root reads files whatever their mode; the mapping is checked by accessDeniedReadsAsPermissionDenied");
            Path f = Files.write(dir.resolve("secret.pcap"), new byte[24]);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
            assertEquals("cannot read " + f + ": permission denied",
                PcapReader.open(f).failure().orElseThrow().message());
        }

        @Test
        void fileOfTheWrongKindOnDiskFailsWithTheSameTypedError(@TempDir Path dir) throws IOException {
            Path f = Files.writeString(dir.resolve("notes.txt"), "hello, this is text");
            PcapError e = PcapReader.open(f).failure().orElseThrow();
            assertInstanceOf(PcapError.NotPcap.class, e);
        }
    }

    @Test
    void randomBytesAfterAValidHeaderNeverThrowAndEndCleanlyOrWithOneError() {
        java.util.Random random = new java.util.Random(20261122);
        for (int i = 0; i < 5000; i++) {
            LinkType type = LinkType.values()[random.nextInt(3)];
            ByteOrder order = random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            TimeResolution resolution = TimeResolution.values()[random.nextInt(2)];
            Packets.File f = new Packets.File(order, resolution.magic(), 2, 4, random.nextInt(3) == 0 ? 0 : 1 + random
                .nextInt(2000), type.value());
            // Mostly plausible records, then garbage.
            for (int r = random.nextInt(4); r > 0; r--) {
                byte[] d = new byte[random.nextInt(80)];
                random.nextBytes(d);
                f.record(random.nextInt(), random.nextInt(), d);
            }
            byte[] tail = new byte[random.nextInt(64)];
            random.nextBytes(tail);
            byte[] file = f.raw(tail).bytes();
            PcapCapture c;
            try {
                c = PcapReader.readAll(file);
            } catch (RuntimeException e) {
                throw new AssertionError("file " + i + " threw: " + java.util.HexFormat.of().formatHex(file), e);
            }
            assertTrue(c.header().isPresent());
            c.error().ifPresent(e -> assertFalse(e.message().isBlank()));
        }
    }

    @Test
    void streamFailingWhileTheHeaderIsReadIsUnreadable() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Input/output error");
            }
        };
        assertEquals(new PcapError.Unreadable("tape", "input/output error"),
            PcapReader.of(failing, "tape").failure().orElseThrow());
    }

    @Test
    void readerStopsAfterTheEndAndKeepsSayingSo() {
        PcapReader r = PcapReader.of(new Packets.File(ByteOrder.LITTLE_ENDIAN, TimeResolution.MICROS, LinkType.RAW)
            .record(0, 0, D1).bytes()).orElseThrow();
        assertTrue(r.next().isPresent());
        assertEquals(Optional.empty(), r.next());
        assertEquals(Optional.empty(), r.next());
        assertEquals(Optional.empty(), r.error());
        assertEquals(1, r.records());
        r.close();
        if (r.next().isPresent()) {
            fail("nothing after the end");
        }
    }
}
