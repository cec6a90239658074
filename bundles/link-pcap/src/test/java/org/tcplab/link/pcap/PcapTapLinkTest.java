package org.tcplab.link.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tcplab.link.pcap.Packets.bytes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.tcplab.api.link.Link;
import org.tcplab.api.link.LinkListener;

class PcapTapLinkTest {

    private final FakeLink inner = new FakeLink();
    private final ByteArrayOutputStream file = new ByteArrayOutputStream();
    private final PcapWriter writer = PcapWriter.to(file, "memory", PcapFormat.DEFAULT);
    private final AtomicLong clock = new AtomicLong();
    private final PcapTapLink tap = new PcapTapLink(inner, writer, clock::get);
    private final List<byte[]> received = new ArrayList<>();
    private final List<ByteBuffer> receivedBuffers = new ArrayList<>();

    private void attach() {
        tap.attach(d -> {
            received.add(bytes(d));
            receivedBuffers.add(d);
        });
    }

    @Nested
    class PassThrough {

        @Test
        void nameAndMtuAreTheWrappedLinks() {
            assertEquals("fake0", tap.name());
            assertEquals(1500, tap.mtu());
            assertSame(inner, tap.link());
        }

        @Test
        void sentDatagramReachesTheLinkAsTheSameBufferWithPositionAndLimitUnchanged() {
            byte[] d = Packets.conversation()[0];
            ByteBuffer b = ByteBuffer.allocate(d.length + 10);
            b.position(5);
            b.put(d);
            b.position(5).limit(5 + d.length);
            assertTrue(tap.send(b));
            assertSame(b, inner.sentBuffers.get(0));
            assertArrayEquals(d, inner.sent.get(0));
            assertEquals(5, b.position());
            assertEquals(5 + d.length, b.limit());
        }

        @Test
        void receivedDatagramReachesTheListenerAsTheSameBufferUnchanged() {
            attach();
            byte[] d = Packets.conversation()[1];
            ByteBuffer b = ByteBuffer.wrap(d.clone());
            inner.inject(b);
            assertSame(b, receivedBuffers.get(0));
            assertArrayEquals(d, received.get(0));
            assertEquals(0, b.position());
        }

        @Test
        void sendRefusedByTheLinkReturnsFalseAndIsStillRecorded() {
            inner.accept = false;
            assertFalse(tap.send(ByteBuffer.wrap(Packets.conversation()[0])));
            assertEquals(1, tap.recorded());
        }

        @Test
        void detachReachesTheWrappedLink() {
            attach();
            tap.detach();
            assertNull(inner.listener);
        }
    }

    @Nested
    class Recording {

        @Test
        void everyDatagramBothWaysIsRecordedInOrderWithTheClocksTimestamps() {
            attach();
            byte[][] c = Packets.conversation();
            for (int i = 0; i < c.length; i++) {
                clock.set(1_000_000_000L + i * 250_000L);
                if (i % 2 == 0) {
                    tap.send(ByteBuffer.wrap(c[i]));
                } else {
                    inner.inject(ByteBuffer.wrap(c[i].clone()));
                }
            }
            writer.close();
            assertEquals(c.length, tap.recorded());
            assertEquals(0, tap.failures());
            PcapCapture read = PcapReader.readAll(file.toByteArray());
            assertEquals(Optional.empty(), read.error());
            assertEquals(c.length, read.records().size());
            for (int i = 0; i < c.length; i++) {
                assertArrayEquals(c[i], bytes(read.records().get(i).datagram()));
                assertEquals(1_000_000_000L + i * 250_000L, read.records().get(i).timestampNanos());
            }
            assertEquals(4, inner.sent.size());
            assertEquals(3, received.size());
        }

        @Test
        void sendAndReceiveOnTwoThreadsAtOnceAreAllRecorded() throws Exception {
            java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
            LinkListener[] captured = new LinkListener[1];
            Link capturing = new Link() {
                @Override public String name() { return "c0"; }
                @Override public int mtu() { return 1500; }
                @Override public void attach(LinkListener listener) { captured[0] = listener; }
                @Override public void detach() { }
                @Override public boolean send(ByteBuffer d) { return true; }
            };
            PcapTapLink t = new PcapTapLink(capturing, writer, clock::get);
            t.attach(d -> delivered.incrementAndGet());
            int n = 5000;
            byte[] out = Packets.conversation()[3];
            byte[] in = Packets.conversation()[1];
            Thread sender = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    t.send(ByteBuffer.wrap(out));
                }
            });
            Thread receiver = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    captured[0].received(ByteBuffer.wrap(in));
                }
            });
            sender.start();
            receiver.start();
            sender.join();
            receiver.join();
            writer.close();
            assertEquals(n, delivered.get());
            assertEquals(2L * n, t.recorded());
            PcapCapture read = PcapReader.readAll(file.toByteArray());
            assertEquals(Optional.empty(), read.error());
            assertEquals(2 * n, read.records().size());
            long outs = read.records().stream().filter(r -> r.datagram().remaining() == out.length).count();
            assertEquals(n, outs);
        }

        @Test
        void aReplyMadeInsideSendIsRecordedAfterTheDatagramThatCausedIt() {
            byte[] syn = Packets.conversation()[0];
            byte[] synAck = Packets.conversation()[1];
            FakeLink echoing = new FakeLink() {
                @Override
                public boolean send(ByteBuffer datagram) {
                    inject(ByteBuffer.wrap(synAck));
                    return true;
                }
            };
            PcapTapLink t = new PcapTapLink(echoing, writer, clock::get);
            t.attach(d -> { });
            t.send(ByteBuffer.wrap(syn));
            writer.close();
            List<PcapRecord> records = PcapReader.readAll(file.toByteArray()).records();
            assertArrayEquals(syn, bytes(records.get(0).datagram()));
            assertArrayEquals(synAck, bytes(records.get(1).datagram()));
        }
    }

    @Nested
    class FailingFile {

        private final PcapWriter broken = PcapWriter.to(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        }, "full.pcap", PcapFormat.DEFAULT);

        @Test
        void failingOutputDoesNotDisturbTrafficAndEveryUnrecordedDatagramIsCounted() {
            PcapTapLink t = new PcapTapLink(inner, broken, clock::get);
            List<byte[]> got = new ArrayList<>();
            t.attach(d -> got.add(bytes(d)));
            byte[] d = Packets.udp(Packets.A, 1, Packets.B, 2, new byte[1400]);
            int n = 200; // enough to fill the writer's buffer several times over
            for (int i = 0; i < n; i++) {
                assertTrue(t.send(ByteBuffer.wrap(d)));
                inner.inject(ByteBuffer.wrap(d));
            }
            broken.close();
            assertEquals(n, inner.sent.size());
            assertEquals(n, got.size());
            for (int i = 0; i < n; i++) {
                assertArrayEquals(d, inner.sent.get(i));
                assertArrayEquals(d, got.get(i));
            }
            PcapWriter.Status s = broken.status();
            assertEquals(2L * n, s.lost());
            assertEquals(0, s.written());
            assertTrue(t.failures() > 0);
            assertEquals(2L * n, t.recorded() + t.failures());
            assertTrue(t.firstFailure().orElseThrow().startsWith("writing full.pcap failed: no space left on device"),
                t.firstFailure().orElseThrow());
        }

        @Test
        void closedWriterDoesNotDisturbTraffic() {
            writer.close();
            assertTrue(tap.send(ByteBuffer.wrap(Packets.conversation()[0])));
            assertEquals(1, inner.sent.size());
            assertEquals(1, tap.failures());
            assertEquals(Optional.of("the writer is closed"), tap.firstFailure());
        }

        @Test
        void brokenTimeSourceDoesNotDisturbTrafficAndIsReported() {
            PcapTapLink t = new PcapTapLink(inner, writer, () -> -5);
            List<byte[]> got = new ArrayList<>();
            t.attach(d -> got.add(bytes(d)));
            assertTrue(t.send(ByteBuffer.wrap(Packets.conversation()[0])));
            inner.inject(ByteBuffer.wrap(Packets.conversation()[1]));
            assertEquals(1, inner.sent.size());
            assertEquals(1, got.size());
            assertEquals(2, t.failures());
            assertEquals("java.lang.IllegalArgumentException: timestamp -5 ns is outside 1970..2106",
                t.firstFailure().orElseThrow());
        }
    }
}
