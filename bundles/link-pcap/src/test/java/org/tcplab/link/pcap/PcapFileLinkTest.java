package org.tcplab.link.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tcplab.link.pcap.Packets.bytes;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapFileLinkTest {

    private static final byte[][] C = Packets.conversation();

    private static byte[] capture() {
        Packets.File f = new Packets.File(ByteOrder.LITTLE_ENDIAN, TimeResolution.NANOS, LinkType.RAW);
        for (int i = 0; i < C.length; i++) {
            f.record(10 + i, 5, C[i]);
        }
        return f.bytes();
    }

    private static PcapFileLink link(byte[] file) {
        return new PcapFileLink("replay0", 1500, PcapReader.of(file).orElseThrow());
    }

    @Nested
    class Replay {

        @Test
        void deliversEveryDatagramInFileOrderWithItsTimestamp() {
            PcapFileLink l = link(capture());
            List<byte[]> got = new ArrayList<>();
            l.attach(d -> got.add(bytes(d)));
            for (int i = 0; i < C.length; i++) {
                assertEquals((10L + i) * 1_000_000_000L + 5, l.peek().orElseThrow().timestampNanos());
                PcapRecord r = l.deliverNext().orElseThrow();
                assertEquals((10L + i) * 1_000_000_000L + 5, r.timestampNanos());
            }
            assertEquals(Optional.empty(), l.deliverNext());
            assertEquals(C.length, got.size());
            for (int i = 0; i < C.length; i++) {
                assertArrayEquals(C[i], got.get(i));
            }
            assertEquals(C.length, l.delivered());
            assertEquals(Optional.empty(), l.error());
        }

        @Test
        void peekDoesNotConsume() {
            PcapFileLink l = link(capture());
            assertEquals(1, l.peek().orElseThrow().number());
            assertEquals(1, l.peek().orElseThrow().number());
            assertEquals(1, l.deliverNext().orElseThrow().number());
            assertEquals(2, l.peek().orElseThrow().number());
        }

        @Test
        void withoutAListenerRecordsAreConsumedAndCountedAsUndelivered() {
            PcapFileLink l = link(capture());
            l.deliverNext();
            List<byte[]> got = new ArrayList<>();
            l.attach(d -> got.add(bytes(d)));
            l.deliverNext();
            l.detach();
            l.deliverNext();
            assertEquals(1, got.size());
            assertArrayEquals(C[1], got.get(0));
            assertEquals(1, l.delivered());
            assertEquals(2, l.undelivered());
        }

        @Test
        void truncatedCaptureDeliversTheWholeRecordsThenSaysWhereItWasCut() {
            byte[] file = capture();
            PcapFileLink l = link(Arrays.copyOf(file, file.length - 3));
            l.attach(d -> { });
            assertEquals(C.length - 1, l.deliverAll());
            PcapError e = l.error().orElseThrow();
            assertTrue(e instanceof PcapError.TruncatedRecord, e.toString());
            assertEquals(C.length, ((PcapError.TruncatedRecord) e).record());
        }

        @Test
        void openingAFileThatIsNotACaptureFailsWithTheReadersError(@TempDir Path dir) throws Exception {
            Path f = Files.write(dir.resolve("x.pcapng"), Packets.hex("0a0d0d0a00000000"));
            assertEquals(Optional.of(new PcapError.Pcapng()), PcapFileLink.open("r", 1500, f).failure());
            Path ok = Files.write(dir.resolve("ok.pcap"), capture());
            try (PcapFileLink l = PcapFileLink.open("r", 1500, ok).orElseThrow()) {
                assertEquals(C.length, l.deliverAll());
                assertEquals(LinkType.RAW, l.header().linkType());
            }
        }

        @Test
        void mtuBelow68IsAProgrammingError() {
            assertThrows(IllegalArgumentException.class,
                () -> new PcapFileLink("r", 67, PcapReader.of(capture()).orElseThrow()));
        }
    }

    @Nested
    class Sending {

        @Test
        void sentDatagramsAreAcceptedAndCounted() {
            PcapFileLink l = link(capture());
            assertTrue(l.send(ByteBuffer.wrap(C[0])));
            assertTrue(l.send(ByteBuffer.wrap(C[1])));
            assertEquals(2, l.sent());
        }

        @Test
        void sentDatagramsGoToTheWriterWhenOneIsGiven() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PcapWriter w = PcapWriter.to(out, "memory", PcapFormat.DEFAULT);
            PcapFileLink l = new PcapFileLink("r", 1500, PcapReader.of(capture()).orElseThrow(), w, () -> 77);
            l.send(ByteBuffer.wrap(C[2]));
            w.close();
            PcapRecord r = PcapReader.readAll(out.toByteArray()).records().get(0);
            assertArrayEquals(C[2], bytes(r.datagram()));
            assertEquals(77, r.timestampNanos());
            assertEquals(0, l.sentNotRecorded());
        }
    }
}
