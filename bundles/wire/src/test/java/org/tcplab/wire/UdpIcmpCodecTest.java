package org.tcplab.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tcplab.wire.Fixtures.A;
import static org.tcplab.wire.Fixtures.B;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.tcplab.wire.internal.Hex;

class UdpIcmpCodecTest {

    private static Datagram parse(String hex) {
        ParseResult<Datagram> r = Datagram.parse(Fixtures.buf(hex));
        assertTrue(r.isOk(), r::toString);
        return r.value();
    }

    private static String text(ByteBuffer b) {
        return StandardCharsets.US_ASCII.decode(b).toString();
    }

    @Nested
    class Udp {

        @Test
        void withChecksumReadsEveryField() {
            ByteBuffer b = Fixtures.buf(Fixtures.UDP);
            UdpPacket p = new UdpPacket();
            assertEquals(ParseError.NONE, p.check(b, 20, b.limit() - 20, A, B, true));
            assertEquals(5353, p.srcPort());
            assertEquals(53, p.dstPort());
            assertEquals(17, p.length());
            assertEquals(0x3d53, p.checksum());
            assertTrue(p.checksumPresent());
            assertEquals(9, p.payloadLength());
            assertEquals(new UdpRepr(5353, 53, true, ByteBuffer.wrap("hello udp".getBytes(StandardCharsets.US_ASCII))),
                p.repr());
            assertEquals("UDP 5353>53 len=9", p.repr().toString());
        }

        @Test
        void zeroChecksumMeansNoneAndIsNotVerified() {
            UdpRepr r = (UdpRepr) parse(Fixtures.UDP_NOCSUM).payload();
            assertFalse(r.checksumPresent());
            assertEquals("UDP 5353>53 len=9 nocsum", r.toString());
        }

        @Test
        void emittingBothFixturesGivesTheirBytes() {
            for (String hex : new String[] {Fixtures.UDP, Fixtures.UDP_NOCSUM}) {
                Datagram d = parse(hex);
                ByteBuffer out = Fixtures.a5(d.emittedLength() + 2);
                d.emit(out, 1);
                assertArrayEquals(Fixtures.bytes(hex), Fixtures.range(out, 1, d.emittedLength()));
                assertEquals((byte) 0xA5, out.get(0));
                assertEquals((byte) 0xA5, out.get(d.emittedLength() + 1));
            }
        }

        @Test
        void aComputedZeroChecksumIsSentAsAllOnes() {
            // Find a payload whose checksum computes to zero, then check RFC 768's rule.
            for (int x = 0; x < 0x10000; x++) {
                UdpRepr r = new UdpRepr(1, 2, true, ByteBuffer.wrap(new byte[] {(byte) (x >>> 8), (byte) x}));
                ByteBuffer out = ByteBuffer.allocate(10);
                r.emit(out, 0, A, B);
                if ((out.getShort(6) & 0xFFFF) == 0xFFFF) {
                    assertEquals(ParseError.NONE, new UdpPacket().check(out, 0, 10, A, B, true));
                    return;
                }
            }
            throw new AssertionError("no payload computes to zero");
        }

        @Test
        void rejectsShortLengthFieldAndBadChecksum() {
            ByteBuffer b = Fixtures.buf(Fixtures.UDP);
            UdpPacket p = new UdpPacket();
            for (int n = 0; n < 8; n++) {
                assertEquals(ParseError.TRUNCATED, p.check(b, 20, n, A, B, true));
            }
            for (int n = 8; n < 17; n++) {
                assertEquals(ParseError.BAD_UDP_LENGTH, p.check(b, 20, n, A, B, true), "length field 17 > " + n);
            }
            b.putShort(24, (short) 7);
            assertEquals(ParseError.BAD_UDP_LENGTH, p.check(b, 20, 17, A, B, true));
            b = Fixtures.buf(Fixtures.UDP);
            b.put(36, (byte) '!');
            assertEquals(ParseError.BAD_UDP_CHECKSUM, p.check(b, 20, 17, A, B, true));
            assertEquals(ParseError.NONE, p.check(b, 20, 17, A, B, false));
        }
    }

    @Nested
    class Icmp {

        @Test
        void echoRequestAndReplyReadIdSeqAndData() {
            IcmpRepr.EchoRequest q = assertInstanceOf(IcmpRepr.EchoRequest.class, parse(Fixtures.ECHO_REQ).payload());
            assertEquals(0x1234, q.id());
            assertEquals(7, q.seq());
            assertEquals("ping data", text(q.data()));
            IcmpRepr.EchoReply r = assertInstanceOf(IcmpRepr.EchoReply.class, parse(Fixtures.ECHO_REP).payload());
            assertEquals(q.reply(), r);
            assertEquals("ICMP echo reply id=4660 seq=7 len=9", r.toString());
        }

        @Test
        void fragmentationNeededReadsMtuAndTheQuotedTcpConnection() {
            Datagram d = parse(Fixtures.FRAG_NEEDED);
            IcmpRepr.DestUnreachable u = assertInstanceOf(IcmpRepr.DestUnreachable.class, d.payload());
            assertEquals(IcmpRepr.CODE_FRAGMENTATION_NEEDED, u.code());
            assertEquals(1400, u.nextHopMtu());
            assertEquals(0, u.unused());
            IcmpQuote q = u.quote();
            assertTrue(q.hasIpHeader());
            assertEquals(20, q.ipHeaderLength());
            assertEquals(IpProtocol.TCP, q.protocol());
            assertEquals(A, q.src());
            assertEquals(B, q.dst());
            assertEquals(0x1c46, q.identification());
            assertEquals(60, q.totalLength());
            assertEquals(64, q.ttl());
            assertTrue(q.hasPorts());
            assertEquals(40179, q.srcPort());
            assertEquals(80, q.dstPort());
            assertTrue(q.hasTcpSeq());
            assertEquals(0x01020304L, q.tcpSeq());
            assertEquals("ICMP unreachable code=4 mtu=1400 [TCP 192.0.2.1:40179>192.0.2.2:80 seq=16909060]",
                u.toString());
        }

        @Test
        void portUnreachableQuotesUdpPortsButNoSequenceNumber() {
            IcmpRepr.DestUnreachable u = assertInstanceOf(IcmpRepr.DestUnreachable.class,
                parse(Fixtures.PORT_UNREACH).payload());
            assertEquals(IcmpRepr.CODE_PORT_UNREACHABLE, u.code());
            assertEquals(IpProtocol.UDP, u.quote().protocol());
            assertEquals(5353, u.quote().srcPort());
            assertEquals(53, u.quote().dstPort());
            assertFalse(u.quote().hasTcpSeq());
            assertEquals(-1, u.quote().tcpSeq());
        }

        @Test
        void timeExceededQuotesTheSyn() {
            IcmpRepr.TimeExceeded t = assertInstanceOf(IcmpRepr.TimeExceeded.class,
                parse(Fixtures.TIME_EXCEEDED).payload());
            assertEquals(IcmpRepr.CODE_TTL_EXCEEDED, t.code());
            assertEquals(0x01020304L, t.quote().tcpSeq());
        }

        @Test
        void otherTypesAreKeptRaw() {
            IcmpRepr.Other o = assertInstanceOf(IcmpRepr.Other.class, parse(Fixtures.TIMESTAMP_REQ).payload());
            assertEquals(13, o.type());
            assertEquals(0, o.code());
            assertEquals("00010002000003e80000000000000000", Hex.of(Fixtures.range(o.body(), 0, 16)));
        }

        @Test
        void everyUnreachableCodeRoundTripsWithItsMtuField() {
            ByteBuffer quote = Fixtures.buf(Fixtures.SYN).slice(0, 28);
            for (int code = 0; code < 256; code++) {
                IcmpRepr.DestUnreachable u = new IcmpRepr.DestUnreachable(code, code, 1000 + code, new IcmpQuote(quote));
                Datagram d = new Datagram(Ipv4Repr.of(B, A, IpProtocol.ICMP, 64, 0), u);
                ParseResult<Datagram> back = Datagram.parse(d.toBuffer());
                assertEquals(u, back.value().payload(), "code " + code);
            }
        }

        @Test
        void emittingEveryIcmpFixtureGivesItsBytes() {
            for (String hex : new String[] {Fixtures.ECHO_REQ, Fixtures.ECHO_REP, Fixtures.FRAG_NEEDED,
                Fixtures.PORT_UNREACH, Fixtures.TIME_EXCEEDED, Fixtures.TIMESTAMP_REQ}) {
                Datagram d = parse(hex);
                ByteBuffer out = Fixtures.a5(d.emittedLength() + 6);
                assertEquals(d.emittedLength(), d.emit(out, 3));
                assertArrayEquals(Fixtures.bytes(hex), Fixtures.range(out, 3, d.emittedLength()), hex);
                assertEquals((byte) 0xA5, out.get(2));
                assertEquals((byte) 0xA5, out.get(d.emittedLength() + 3));
            }
        }

        @Test
        void aGarbageOrShortQuoteAnswersAbsentAndNeverThrows() {
            for (int n = 0; n < 28; n++) {
                IcmpQuote q = new IcmpQuote(Fixtures.buf(Fixtures.SYN).slice(0, n));
                assertEquals(n >= 20, q.hasIpHeader());
                assertEquals(n >= 24, q.hasPorts());
                assertEquals(n >= 28, q.hasTcpSeq());
                assertEquals(n >= 24 ? 40179 : -1, q.srcPort());
                q.toString();
            }
            IcmpQuote junk = new IcmpQuote(ByteBuffer.wrap(Hex.parse("4f00000000000000000000000000000000000000")));
            assertFalse(junk.hasIpHeader(), "IHL 15 needs 60 bytes");
            assertEquals(-1, junk.protocol());
            assertEquals("[20 bytes]", junk.toString());
        }

        @Test
        void aQuoteOfALaterFragmentHasNoPorts() {
            ByteBuffer frag = Fixtures.buf(Fixtures.FRAG).slice(0, 32);
            IcmpQuote q = new IcmpQuote(frag);
            assertTrue(q.isLaterFragment());
            assertFalse(q.hasPorts());
        }

        @Test
        void quoteOfACheckedDatagramIsItsHeaderAndFirstEightBytes() {
            ByteBuffer b = Fixtures.buf(Fixtures.DATA);
            Ipv4Packet p = new Ipv4Packet();
            p.check(b, 0, b.limit(), true);
            assertEquals(28, IcmpQuote.of(p).remaining());
        }

        @Test
        void rejectsShortMessagesAndBadChecksums() {
            ByteBuffer b = Fixtures.buf(Fixtures.ECHO_REQ);
            IcmpPacket p = new IcmpPacket();
            for (int n = 0; n < 8; n++) {
                assertEquals(ParseError.TRUNCATED, p.check(b, 20, n, true));
            }
            b.put(30, (byte) 'P');
            assertEquals(ParseError.BAD_ICMP_CHECKSUM, p.check(b, 20, 17, true));
            assertEquals(ParseError.NONE, p.check(b, 20, 17, false));
        }
    }
}
