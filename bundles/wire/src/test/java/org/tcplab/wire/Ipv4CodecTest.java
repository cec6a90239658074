package org.tcplab.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.tcplab.wire.internal.Hex;

class Ipv4CodecTest {

    private static Ipv4Packet checked(ByteBuffer b) {
        Ipv4Packet p = new Ipv4Packet();
        assertEquals(ParseError.NONE, p.check(b, 0, b.limit(), true));
        return p;
    }

    @Nested
    class FixturesReadEveryField {

        @Test
        void fragmentWithOptionsDscpEcnReadsEveryField() {
            Ipv4Packet p = checked(Fixtures.buf(Fixtures.FRAG));
            assertEquals(4, p.version());
            assertEquals(6, p.ihl());
            assertEquals(24, p.headerLength());
            assertEquals(46, p.dscp());
            assertEquals(1, p.ecn());
            assertEquals(40, p.totalLength());
            assertEquals(0xbeef, p.identification());
            assertFalse(p.reservedFlag());
            assertFalse(p.dontFragment());
            assertTrue(p.moreFragments());
            assertEquals(185, p.fragmentOffset());
            assertTrue(p.isFragment());
            assertEquals(3, p.ttl());
            assertEquals(IpProtocol.UDP, p.protocol());
            assertEquals(0xbe5b, p.checksum());
            assertEquals(Fixtures.A, p.src());
            assertEquals(Fixtures.B, p.dst());
            assertArrayEquals(Hex.parse("94040000"), p.options());
            assertEquals(24, p.payloadOffset());
            assertEquals(16, p.payloadLength());

            Ipv4Repr r = p.repr();
            assertEquals(new Ipv4Repr(46, 1, 0xbeef, false, false, true, 185, 3, IpProtocol.UDP, Fixtures.A,
                Fixtures.B, Hex.parse("94040000"), 16), r);
            assertEquals(1480, r.fragmentOffsetBytes());
            assertEquals("IPv4 192.0.2.1>192.0.2.2 UDP len=40 ttl=3 id=48879 MF off=1480 dscp=46 ecn=1 opts=94040000",
                r.toString());
        }

        @Test
        void plainSynHeaderReadsDfAndNoFragment() {
            Ipv4Repr r = checked(Fixtures.buf(Fixtures.SYN)).repr();
            assertEquals(Ipv4Repr.of(Fixtures.A, Fixtures.B, IpProtocol.TCP, 64, 40).withIdentification(0x1c46), r);
            assertFalse(r.isFragment());
        }

        @Test
        void reservedFlagIsKept() {
            ByteBuffer b = Fixtures.buf(Fixtures.SYN);
            b.put(6, (byte) (b.get(6) | 0x80));
            Ipv4Packet.fillChecksum(b, 0);
            Ipv4Repr r = checked(b).repr();
            assertTrue(r.reservedFlag());
            ByteBuffer out = Fixtures.a5(20);
            r.emit(out, 0);
            assertArrayEquals(Fixtures.range(b, 0, 20), out.array());
        }

        @Test
        void bytesAfterTheTotalLengthAreIgnored() {
            byte[] d = Fixtures.bytes(Fixtures.UDP);
            ByteBuffer padded = ByteBuffer.allocate(60).put(d).clear();
            Ipv4Packet p = checked(padded);
            assertEquals(d.length - 20, p.payloadLength());
            assertEquals(d.length - 20, p.payload().remaining());
        }
    }

    @Nested
    class Emission {

        @Test
        void emittingEachFixtureHeaderIntoA5BufferGivesTheFixtureBytes() {
            for (String hex : Fixtures.ALL) {
                ByteBuffer b = Fixtures.buf(hex);
                Ipv4Repr r = checked(b).repr();
                ByteBuffer out = Fixtures.a5(r.headerLength() + 4);
                assertEquals(r.headerLength(), r.emit(out, 2));
                assertArrayEquals(Fixtures.range(b, 0, r.headerLength()), Fixtures.range(out, 2, r.headerLength()));
                assertEquals((byte) 0xA5, out.get(0));
                assertEquals((byte) 0xA5, out.get(1));
                assertEquals((byte) 0xA5, out.get(r.headerLength() + 2));
                assertEquals((byte) 0xA5, out.get(r.headerLength() + 3));
            }
        }

        @Test
        void valuesOutOfRangeAreRejected() {
            assertThrows(IllegalArgumentException.class, () -> Ipv4Repr.builder().dscp(64).build());
            assertThrows(IllegalArgumentException.class, () -> Ipv4Repr.builder().ecn(4).build());
            assertThrows(IllegalArgumentException.class, () -> Ipv4Repr.builder().fragmentOffset(8192).build());
            assertThrows(IllegalArgumentException.class, () -> Ipv4Repr.builder().options(new byte[3]).build());
            assertThrows(IllegalArgumentException.class, () -> Ipv4Repr.builder().options(new byte[44]).build());
            assertThrows(IllegalArgumentException.class, () -> Ipv4Repr.builder().payloadLength(65516).build());
        }
    }

    @Nested
    class Rejection {

        @Test
        void everyShorterDatagramIsTruncated() {
            for (String hex : Fixtures.ALL) {
                ByteBuffer b = Fixtures.buf(hex);
                Ipv4Packet p = new Ipv4Packet();
                for (int n = 0; n < b.limit(); n++) {
                    assertEquals(ParseError.TRUNCATED, p.check(b, 0, n, true), hex + " cut to " + n);
                }
            }
        }

        @Test
        void versionOtherThanFourIsBadVersion() {
            for (int v = 0; v < 16; v++) {
                if (v == 4) {
                    continue;
                }
                ByteBuffer b = Fixtures.buf(Fixtures.SYN);
                b.put(0, (byte) (v << 4 | 5));
                assertEquals(ParseError.BAD_VERSION, new Ipv4Packet().check(b, 0, b.limit(), true));
                assertEquals(ParseError.BAD_VERSION, new Ipv4Packet().check(b, 0, 1, true), "known from one byte");
            }
        }

        @Test
        void ihlBelowFiveIsBadIhl() {
            for (int ihl = 0; ihl < 5; ihl++) {
                ByteBuffer b = Fixtures.buf(Fixtures.SYN);
                b.put(0, (byte) (0x40 | ihl));
                assertEquals(ParseError.BAD_IHL, new Ipv4Packet().check(b, 0, b.limit(), true));
            }
        }

        @Test
        void ihlBeyondTheBytesIsTruncated() {
            ByteBuffer b = Fixtures.buf(Fixtures.NOFLAGS);
            b.put(0, (byte) 0x4f);
            assertEquals(ParseError.TRUNCATED, new Ipv4Packet().check(b, 0, b.limit(), true));
        }

        @Test
        void totalLengthBelowTheHeaderIsBadTotalLength() {
            ByteBuffer b = Fixtures.buf(Fixtures.SYN);
            b.putShort(2, (short) 19);
            assertEquals(ParseError.BAD_TOTAL_LENGTH, new Ipv4Packet().check(b, 0, b.limit(), true));
        }

        @Test
        void totalLengthBeyondTheBytesIsTruncated() {
            ByteBuffer b = Fixtures.buf(Fixtures.SYN);
            b.putShort(2, (short) 61);
            assertEquals(ParseError.TRUNCATED, new Ipv4Packet().check(b, 0, b.limit(), true));
        }

        @Test
        void aFlippedHeaderBitIsBadIpChecksumWhenVerifyingOnly() {
            ByteBuffer b = Fixtures.buf(Fixtures.SYN);
            b.put(8, (byte) 63);
            assertEquals(ParseError.BAD_IP_CHECKSUM, new Ipv4Packet().check(b, 0, b.limit(), true));
            assertEquals(ParseError.NONE, new Ipv4Packet().check(b, 0, b.limit(), false));
        }
    }

    @Nested
    class Addresses {

        @Test
        void dottedQuadsParseAndFormat() {
            assertEquals(0xc0000201, Ipv4Address.parse("192.0.2.1"));
            assertEquals(0xffffffff, Ipv4Address.parse("255.255.255.255"));
            assertEquals(0, Ipv4Address.parse("0.0.0.0"));
            assertEquals("192.0.2.1", Ipv4Address.toString(0xc0000201));
            assertEquals("255.255.255.255", Ipv4Address.toString(-1));
            assertEquals(0x0a0b0c0d, Ipv4Address.of(10, 11, 12, 13));
        }

        @Test
        void anythingButFourDecimalOctetsIsRejectedWithAClearMessage() {
            for (String s : new String[] {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.", ".1.2.3",
                "a.b.c.d", "1.2.3.4 ", "-1.2.3.4", "0001.2.3.4"}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse(s));
                assertTrue(e.getMessage().contains("dotted-quad"), e.getMessage());
            }
        }
    }
}
