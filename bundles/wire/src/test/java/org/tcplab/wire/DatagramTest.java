package org.tcplab.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tcplab.wire.Fixtures.A;
import static org.tcplab.wire.Fixtures.B;

import java.nio.ByteBuffer;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DatagramTest {

    @Nested
    class Parsing {

        @Test
        void aFragmentIsReportedAndItsHeaderStaysReadableButNeverItsPayloadAsTcp() {
            DatagramView v = new DatagramView();
            ByteBuffer b = Fixtures.buf(Fixtures.FRAG);
            assertEquals(ParseError.FRAGMENT, v.check(b, 0, b.limit(), true));
            assertEquals(0xbeef, v.ip().identification());
            assertEquals(ParseError.FRAGMENT, Datagram.parse(b).error());

            // A TCP first fragment too: MF set on the SYN.
            ByteBuffer syn = Fixtures.buf(Fixtures.SYN);
            syn.put(6, (byte) 0x20);
            Ipv4Packet.fillChecksum(syn, 0);
            assertEquals(ParseError.FRAGMENT, v.check(syn, 0, syn.limit(), true));
        }

        @Test
        void aProtocolOtherThanTcpUdpIcmpIsUnsupportedWithTheHeaderReadable() {
            ByteBuffer b = Fixtures.buf(Fixtures.UDP);
            b.put(9, (byte) 47);
            Ipv4Packet.fillChecksum(b, 0);
            DatagramView v = new DatagramView();
            assertEquals(ParseError.UNSUPPORTED_PROTOCOL, v.check(b, 0, b.limit(), true));
            assertEquals(47, v.protocol());
        }

        @Test
        void everyFixtureCutShortAtEveryLengthIsTruncated() {
            DatagramView v = new DatagramView();
            for (String hex : Fixtures.ALL) {
                ByteBuffer b = Fixtures.buf(hex);
                for (int n = 0; n < b.limit(); n++) {
                    assertEquals(ParseError.TRUNCATED, v.check(b, 0, n, true), hex + " cut to " + n);
                    assertEquals(ParseError.TRUNCATED, Datagram.parse(b, 0, n, false).error());
                }
            }
        }

        @Test
        void theTransportChecksumIsVerifiedOnlyWhenAsked() {
            ByteBuffer b = Fixtures.buf(Fixtures.DATA);
            b.put(b.limit() - 1, (byte) 0);
            assertEquals(ParseError.BAD_TCP_CHECKSUM, Datagram.parse(b).error());
            assertTrue(Datagram.parse(b, 0, b.limit(), false).isOk());
        }

        @Test
        void failuresAreSharedConstantsAndHaveNoValue() {
            ParseResult<Datagram> r = Datagram.parse(ByteBuffer.allocate(0));
            assertSame(ParseResult.failure(ParseError.TRUNCATED), r);
            assertFalse(r.isOk());
            assertThrows(NoSuchElementException.class, r::value);
            assertEquals("Failure[TRUNCATED]", r.toString());
            assertThrows(IllegalArgumentException.class, () -> ParseResult.failure(ParseError.NONE));
        }

        @Test
        void directReadOnlyAndHeapBuffersParseToTheSameValues() {
            for (String hex : Fixtures.ALL) {
                if (hex.equals(Fixtures.FRAG)) {
                    continue;
                }
                byte[] d = Fixtures.bytes(hex);
                ByteBuffer heap = ByteBuffer.wrap(d);
                ByteBuffer direct = ByteBuffer.allocateDirect(d.length + 3).position(3);
                direct.put(d).position(3);
                ByteBuffer readOnly = ByteBuffer.wrap(d).asReadOnlyBuffer();
                Datagram want = Datagram.parse(heap).value();
                assertEquals(want, Datagram.parse(direct).value(), hex);
                assertEquals(want, Datagram.parse(readOnly).value(), hex);
                ByteBuffer corrupt = ByteBuffer.allocateDirect(d.length).put(d).flip();
                corrupt.put(d.length - 1, (byte) ~d[d.length - 1]);
                if (!hex.equals(Fixtures.UDP_NOCSUM)) {
                    assertTrue(Datagram.parse(corrupt).error().isError(), "a direct buffer is verified too: " + hex);
                }
            }
        }

        @Test
        void theViewChecksTheLayersAndItsTcpAccessorsWork() {
            DatagramView v = new DatagramView();
            ByteBuffer b = Fixtures.buf(Fixtures.SYN);
            assertEquals(ParseError.NONE, v.check(b, 0, b.limit(), true));
            assertEquals(IpProtocol.TCP, v.protocol());
            assertEquals(1460, v.tcp().mss());
            assertEquals("IPv4 192.0.2.1>192.0.2.2 TCP len=60 ttl=64 id=7238 DF <SEQ=16909060><CTL=SYN><MSS=1460>"
                + "<SACKOK><TS=1,0><WS=7>", v.repr().toString());
        }
    }

    @Nested
    class Emission {

        @Test
        void emitTcpBuildsAWholeDatagramThatParsesBack() {
            TcpRepr syn = TcpRepr.builder().ports(40000, 80).seq(100).flags(TcpFlags.SYN).window(65535)
                .option(new TcpOption.Mss(1460)).build();
            ByteBuffer out = Fixtures.a5(100);
            int n = Datagram.emitTcp(out, 10, A, B, 64, syn);
            assertEquals(20 + 24, n);
            assertEquals((byte) 0xA5, out.get(9));
            assertEquals((byte) 0xA5, out.get(10 + n));
            Datagram d = Datagram.parse(out, 10, n, true).value();
            assertEquals(syn, d.payload());
            assertEquals(Ipv4Repr.of(A, B, IpProtocol.TCP, 64, 24), d.ip());
            assertEquals(n, d.emittedLength());
        }

        @Test
        void emitTakesLengthAndProtocolFromThePayload() {
            UdpRepr u = new UdpRepr(1, 2, true, ByteBuffer.wrap(new byte[5]));
            ByteBuffer b = new Datagram(Ipv4Repr.of(A, B, IpProtocol.TCP, 1, 999), u).toBuffer();
            assertEquals(33, b.capacity());
            Datagram back = Datagram.parse(b).value();
            assertEquals(IpProtocol.UDP, back.ip().protocol());
            assertEquals(13, back.ip().payloadLength());
        }

        @Test
        void everyFixtureParsesAndReEmitsByteForByte() {
            for (String hex : Fixtures.ALL) {
                if (hex.equals(Fixtures.FRAG)) {
                    continue;
                }
                Datagram d = Datagram.parse(Fixtures.buf(hex)).value();
                assertArrayEquals(Fixtures.bytes(hex), d.toBuffer().array(), hex);
            }
        }

        @Test
        void fiveHundredSeededRandomDatagramsOfEveryProtocolRoundTrip() {
            Gen g = new Gen(99);
            ByteBuffer last = Fixtures.buf(Fixtures.SYN);
            for (int i = 0; i < 500; i++) {
                Ipv4Payload p;
                switch (i % 3) {
                    case 0: p = g.tcp(); break;
                    case 1: p = g.udp(); break;
                    default: p = g.icmp(last); break;
                }
                Datagram d = new Datagram(g.ip(p.protocol(), p.emittedLength()), p);
                ByteBuffer b = d.toBuffer();
                ParseResult<Datagram> back = Datagram.parse(b);
                assertTrue(back.isOk(), () -> d + " -> " + back);
                assertEquals(d, back.value(), "case " + i);
                assertArrayEquals(b.array(), back.value().toBuffer().array());
                last = b;
            }
        }
    }
}
