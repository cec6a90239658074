package org.tcplab.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tcplab.wire.Fixtures.A;
import static org.tcplab.wire.Fixtures.B;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.tcplab.wire.TcpOption.Ao;
import org.tcplab.wire.TcpOption.Eol;
import org.tcplab.wire.TcpOption.Md5Signature;
import org.tcplab.wire.TcpOption.Mss;
import org.tcplab.wire.TcpOption.Nop;
import org.tcplab.wire.TcpOption.Sack;
import org.tcplab.wire.TcpOption.SackBlock;
import org.tcplab.wire.TcpOption.SackPermitted;
import org.tcplab.wire.TcpOption.Timestamps;
import org.tcplab.wire.TcpOption.Unknown;
import org.tcplab.wire.TcpOption.WindowScale;
import org.tcplab.wire.internal.Hex;

class TcpCodecTest {

    private static TcpPacket checked(String datagramHex) {
        ByteBuffer seg = Fixtures.tcpOf(datagramHex);
        TcpPacket p = new TcpPacket();
        assertEquals(ParseError.NONE, p.check(seg, 0, seg.limit(), A, B, true));
        return p;
    }

    private static TcpRepr repr(String datagramHex) {
        return checked(datagramHex).repr();
    }

    @Nested
    class FixturesReadEveryField {

        @Test
        void synWithLinuxOptionsReadsEveryHeaderFieldAndOption() {
            TcpPacket p = checked(Fixtures.SYN);
            assertEquals(40179, p.srcPort());
            assertEquals(80, p.dstPort());
            assertEquals(0x01020304L, p.seq());
            assertEquals(0, p.ack());
            assertEquals(10, p.dataOffset());
            assertEquals(40, p.headerLength());
            assertEquals(TcpFlags.SYN, p.flags());
            assertEquals(64240, p.window());
            assertEquals(0x27c1, p.checksum());
            assertEquals(0, p.urgentPointer());
            assertEquals(20, p.optionsLength());
            assertEquals(0, p.payloadLength());
            assertEquals(1, p.segLen());
            assertEquals(1460, p.mss());
            assertEquals(7, p.windowScale());
            assertTrue(p.sackPermitted());
            assertTrue(p.hasTimestamps());
            assertEquals(1, p.tsVal());
            assertEquals(0, p.tsEcr());
            assertEquals(-1, p.md5DigestOffset());
            assertEquals(-1, p.aoOptionOffset());
            assertEquals(-1, p.sackOptionOffset());

            TcpRepr r = p.repr();
            assertEquals(List.of(new Mss(1460), SackPermitted.INSTANCE, new Timestamps(1, 0), Nop.INSTANCE,
                new WindowScale(7)), r.options());
            assertEquals(OptionalInt.of(1460), r.mss());
            assertEquals(OptionalInt.of(7), r.windowScale());
            assertTrue(r.sackPermitted());
            assertEquals(new Timestamps(1, 0), r.timestamps().orElseThrow());
            assertEquals(40, r.headerLength());
            assertEquals(40, r.emittedLength());
            assertEquals(1, r.segLen());
        }

        @Test
        void dataSegmentReadsSeqNearWrapUrgentPointerTimestampsSackAndPayload() {
            TcpPacket p = checked(Fixtures.DATA);
            assertEquals(80, p.srcPort());
            assertEquals(40179, p.dstPort());
            assertEquals(0xfffffff0L, p.seq());
            assertEquals(0x80000000L, p.ack());
            assertEquals(TcpFlags.PSH | TcpFlags.ACK | TcpFlags.URG, p.flags());
            assertEquals(1024, p.window());
            assertEquals(3, p.urgentPointer());
            assertEquals(0xabcd, p.tsVal());
            assertEquals(0x1234, p.tsEcr());
            assertEquals(-1, p.mss());
            assertEquals(-1, p.windowScale());
            assertFalse(p.sackPermitted());
            assertEquals(p.offset() + 20 + 14, p.sackOptionOffset());
            assertEquals(10, p.payloadLength());
            assertEquals(10, p.segLen());

            TcpRepr r = p.repr();
            assertEquals(List.of(Nop.INSTANCE, Nop.INSTANCE, new Timestamps(0xabcd, 0x1234), Nop.INSTANCE,
                Nop.INSTANCE, new Sack(List.of(new SackBlock(100, 200), new SackBlock(300, 400)))), r.options());
            assertEquals("0123456789", StandardCharsets.US_ASCII.decode(r.payload()).toString());
            assertTrue(r.payload().isReadOnly());
            assertEquals(10, r.segLen());
        }

        @Test
        void signedSegmentKeepsAllTwelveFlagBitsMd5AoUnknownAndEolPadding() {
            TcpPacket p = checked(Fixtures.SIGNED);
            assertEquals(TcpFlags.MASK, p.flags());
            assertEquals(0xffff, p.window());
            assertEquals(0xffff, p.urgentPointer());
            assertEquals(p.offset() + 20 + 2 + 2, p.md5DigestOffset());
            assertEquals(p.offset() + 20 + 2 + 18, p.aoOptionOffset());
            assertEquals(2, p.segLen(), "SYN and FIN count, RST and the rest do not");

            TcpRepr r = p.repr();
            assertEquals(List.of(Nop.INSTANCE, Nop.INSTANCE,
                new Md5Signature(Hex.parse("00112233445566778899aabbccddeeff")),
                new Ao(61, 84, Hex.parse("a0a1a2a3a4a5a6a7")),
                new Unknown(30, Hex.parse("abcd")),
                new Eol(Hex.parse("0000de"))), r.options());
            assertEquals("<SEQ=7><ACK=8><CTL=SYN,RST,FIN,PSH,URG,ACK,ECE,CWR,NS,RES9,RES10,RES11>"
                + "<MD5=00112233445566778899aabbccddeeff><AO=61,84,a0a1a2a3a4a5a6a7><OPT30=abcd>", r.toString());
            assertTrue(r.md5().isPresent());
            assertEquals(61, r.ao().orElseThrow().keyId());
        }

        @Test
        void segmentWithNoFlagsAtAllIsAcceptedAndPrintsCtlNone() {
            TcpRepr r = repr(Fixtures.NOFLAGS);
            assertEquals(0, r.flags());
            assertEquals(0, r.segLen());
            assertEquals(List.of(), r.options());
            assertEquals("<SEQ=0><CTL=NONE>", r.toString());
        }

        @Test
        void viewReadsNetworkOrderWhateverTheBufferOrder() {
            ByteBuffer seg = Fixtures.tcpOf(Fixtures.SYN).order(ByteOrder.LITTLE_ENDIAN);
            TcpPacket p = new TcpPacket();
            assertEquals(ParseError.NONE, p.check(seg, 0, seg.limit(), A, B, true));
            assertEquals(40179, p.srcPort());
            assertEquals(0x01020304L, p.seq());
            assertEquals(ByteOrder.LITTLE_ENDIAN, seg.order());
        }

        @Test
        void viewAtANonZeroOffsetReadsTheSameFields() {
            byte[] seg = Fixtures.tcpOf(Fixtures.DATA).array();
            ByteBuffer big = Fixtures.a5(seg.length + 13);
            big.put(13, seg);
            TcpPacket p = new TcpPacket();
            assertEquals(ParseError.NONE, p.check(big, 13, seg.length, A, B, true));
            assertEquals(repr(Fixtures.DATA), p.repr());
        }
    }

    @Nested
    class Emission {

        @Test
        void emittingEachFixtureIntoA5BufferGivesTheFixtureBytesAndTouchesNothingElse() {
            for (String hex : new String[] {Fixtures.SYN, Fixtures.DATA, Fixtures.SIGNED, Fixtures.NOFLAGS}) {
                byte[] want = Fixtures.tcpOf(hex).array();
                TcpRepr r = repr(hex);
                ByteBuffer out = Fixtures.a5(want.length + 10);
                out.position(3).limit(want.length + 9);
                assertEquals(want.length, r.emit(out, 5, A, B));
                assertArrayEquals(want, Fixtures.range(out, 5, want.length), hex);
                for (int i : new int[] {0, 1, 2, 3, 4, want.length + 5, want.length + 6, want.length + 7}) {
                    assertEquals((byte) 0xA5, out.get(i), "byte " + i + " was touched");
                }
                assertEquals(3, out.position());
                assertEquals(want.length + 9, out.limit());
            }
        }

        @Test
        void optionsThatEndMidWordArePaddedWithZerosToAWholeWord() {
            TcpRepr r = TcpRepr.builder().ports(1, 2).flags(TcpFlags.SYN).option(new Mss(536))
                .option(new WindowScale(14)).build();
            assertEquals(28, r.headerLength());
            ByteBuffer out = Fixtures.a5(28);
            r.emit(out, 0, A, B);
            assertEquals("020402180303" + "0e" + "00", Hex.of(Fixtures.range(out, 20, 8)));
            assertEquals((byte) 0x70, out.get(12), "data offset 7");
            TcpRepr back = TcpRepr.parse(out, 0, 28, A, B, true).value();
            assertEquals(List.of(new Mss(536), new WindowScale(14), new Eol()), back.options());
        }

        @Test
        void emitWithoutChecksumLeavesZeroAndFillChecksumCompletesIt() {
            TcpRepr r = repr(Fixtures.SYN);
            ByteBuffer out = Fixtures.a5(40);
            r.emitWithoutChecksum(out, 0);
            assertEquals(0, out.getShort(16));
            TcpPacket.fillChecksum(out, 0, 40, A, B);
            assertArrayEquals(Fixtures.tcpOf(Fixtures.SYN).array(), out.array());
        }

        @Test
        void aBufferTooSmallIsAProgrammingErrorAndNothingIsWritten() {
            TcpRepr r = repr(Fixtures.SYN);
            ByteBuffer out = Fixtures.a5(39);
            assertThrows(IndexOutOfBoundsException.class, () -> r.emit(out, 0, A, B));
            for (int i = 0; i < 39; i++) {
                assertEquals((byte) 0xA5, out.get(i));
            }
        }

        @Test
        void toBufferAllocatesExactlyTheEmittedLength() {
            TcpRepr r = repr(Fixtures.DATA);
            assertEquals(r.emittedLength(), r.toBuffer(A, B).capacity());
        }
    }

    @Nested
    class Truncation {

        @Test
        void everyShorterSegmentGivesTruncatedBelow20ThenBadDataOffsetThenBadChecksum() {
            for (String hex : new String[] {Fixtures.SYN, Fixtures.DATA, Fixtures.SIGNED, Fixtures.NOFLAGS}) {
                ByteBuffer seg = Fixtures.tcpOf(hex);
                int hlen = (seg.get(12) & 0xF0) >>> 2;
                TcpPacket p = new TcpPacket();
                for (int n = 0; n < seg.limit(); n++) {
                    ParseError want = n < 20 ? ParseError.TRUNCATED
                        : n < hlen ? ParseError.BAD_DATA_OFFSET : ParseError.BAD_TCP_CHECKSUM;
                    assertEquals(want, p.check(seg, 0, n, A, B, true), "length " + n);
                    if (n >= hlen) {
                        assertEquals(ParseError.NONE, p.check(seg, 0, n, A, B, false),
                            "unverified, a shorter payload is just a shorter segment");
                        assertEquals(n - hlen, p.payloadLength());
                    }
                }
            }
        }

        @Test
        void aRegionOutsideTheBufferIsTruncatedNotAnException() {
            ByteBuffer seg = Fixtures.tcpOf(Fixtures.SYN);
            TcpPacket p = new TcpPacket();
            assertEquals(ParseError.TRUNCATED, p.check(seg, 1, 40, A, B, true));
            assertEquals(ParseError.TRUNCATED, p.check(seg, -1, 20, A, B, true));
            assertEquals(ParseError.TRUNCATED, p.check(seg, 0, -5, A, B, true));
            assertEquals(ParseError.TRUNCATED, p.check(seg, Integer.MAX_VALUE, 40, A, B, true));
        }
    }

    @Nested
    class MalformedInput {

        private ParseError check(String tcpHex, boolean verify) {
            ByteBuffer b = ByteBuffer.wrap(Hex.parse(tcpHex));
            if (verify) {
                TcpPacket.fillChecksum(b, 0, b.limit(), A, B);
            }
            return new TcpPacket().check(b, 0, b.limit(), A, B, verify);
        }

        private static final String HDR = "0001000200000000000000000002ffff00000000";

        private String withOffsetAndOptions(int doff, String opts) {
            String h = HDR.substring(0, 24) + Integer.toHexString(doff) + HDR.substring(25);
            return h + opts;
        }

        @Test
        void dataOffsetBelowFiveIsBadDataOffset() {
            for (int doff = 0; doff < 5; doff++) {
                assertEquals(ParseError.BAD_DATA_OFFSET, check(withOffsetAndOptions(doff, ""), false));
            }
        }

        @Test
        void dataOffsetBeyondTheSegmentIsBadDataOffset() {
            assertEquals(ParseError.BAD_DATA_OFFSET, check(withOffsetAndOptions(6, ""), false));
            assertEquals(ParseError.BAD_DATA_OFFSET, check(withOffsetAndOptions(15, "01010101"), false));
        }

        @Test
        void optionLengthZeroOrOneIsMalformed() {
            assertEquals(ParseError.MALFORMED_OPTION, check(withOffsetAndOptions(6, "1e000000"), true));
            assertEquals(ParseError.MALFORMED_OPTION, check(withOffsetAndOptions(6, "02010000"), true));
        }

        @Test
        void optionRunningPastTheHeaderIsMalformed() {
            assertEquals(ParseError.MALFORMED_OPTION, check(withOffsetAndOptions(6, "01020405"), true));
            assertEquals(ParseError.MALFORMED_OPTION, check(withOffsetAndOptions(6, "080a0000"), true));
        }

        @Test
        void optionKindInTheLastByteWithoutItsLengthIsMalformed() {
            assertEquals(ParseError.MALFORMED_OPTION, check(withOffsetAndOptions(6, "01010102"), true));
        }

        @Test
        void bytesAfterEolAreNeverReadAsOptions() {
            assertEquals(ParseError.NONE, check(withOffsetAndOptions(6, "00ff0101"), true));
            ByteBuffer b = ByteBuffer.wrap(Hex.parse(withOffsetAndOptions(6, "00ff0101")));
            assertEquals(List.of(new Eol(Hex.parse("ff0101"))),
                TcpRepr.parse(b, 0, 24, A, B, false).value().options());
        }

        @Test
        void aKnownKindWithAWrongLengthIsKeptAsUnknownByteForByte() {
            String opts = "020300" + "01" + "0302" + "0101" + "040301" + "00";
            ByteBuffer b = ByteBuffer.wrap(Hex.parse(withOffsetAndOptions(8, opts)));
            TcpRepr r = TcpRepr.parse(b, 0, 32, A, B, false).value();
            assertEquals(List.of(new Unknown(2, Hex.parse("00")), Nop.INSTANCE, new Unknown(3, new byte[0]),
                Nop.INSTANCE, Nop.INSTANCE, new Unknown(4, Hex.parse("01")), new Eol()), r.options());
            assertEquals(OptionalInt.empty(), r.mss());
            ByteBuffer out = Fixtures.a5(32);
            r.emitWithoutChecksum(out, 0);
            out.putShort(16, b.getShort(16));
            assertArrayEquals(b.array(), out.array());
        }

        @Test
        void theValueParserGivesTheViewsReasonAndReEmitsTheHeaderForSeededRandomOptionAreas() {
            // TcpRepr.parse walks the options itself (checking and building at once); it must agree with the
            // view's walk on every area, well-formed or not, and keep every accepted byte.
            java.util.Random rnd = new java.util.Random(20261122L);
            int[] kinds = {0, 1, 1, 2, 3, 4, 5, 8, 19, 29, 30, 255};
            TcpPacket p = new TcpPacket();
            int accepted = 0;
            for (int c = 0; c < 20_000; c++) {
                int optLen = 4 * rnd.nextInt(11);
                byte[] seg = new byte[20 + optLen + rnd.nextInt(4)];
                for (int i = 20; i < 20 + optLen; i++) {
                    seg[i] = (byte) (rnd.nextInt(3) == 0 ? rnd.nextInt(256)
                        : rnd.nextBoolean() ? kinds[rnd.nextInt(kinds.length)] : 2 + rnd.nextInt(12));
                }
                ByteBuffer b = ByteBuffer.wrap(seg);
                b.putShort(12, (short) ((((20 + optLen) / 4) << 12) | rnd.nextInt(0x1000)));
                boolean verify = rnd.nextBoolean();
                TcpPacket.fillChecksum(b, 0, seg.length, A, B);
                if (rnd.nextInt(8) == 0) {
                    seg[rnd.nextInt(seg.length)] ^= (byte) (1 + rnd.nextInt(255));
                }
                int len = rnd.nextInt(8) == 0 ? rnd.nextInt(seg.length + 1) : seg.length;
                ParseError view = p.check(b, 0, len, A, B, verify);
                ParseResult<TcpRepr> value = TcpRepr.parse(b, 0, len, A, B, verify);
                assertEquals(view, value.error(), () -> "case " + Hex.of(seg) + " len " + len);
                if (view == ParseError.NONE) {
                    accepted++;
                    TcpRepr r = value.value();
                    assertEquals(p.repr(), r);
                    assertEquals(p.headerLength(), r.headerLength());
                    ByteBuffer out = Fixtures.a5(len);
                    r.emitWithoutChecksum(out, 0);
                    out.putShort(16, b.getShort(16));
                    assertArrayEquals(java.util.Arrays.copyOf(seg, len), out.array(), () -> "case " + Hex.of(seg));
                }
            }
            assertTrue(accepted > 2_000 && accepted < 18_000, "both outcomes are exercised: " + accepted);
        }

        @Test
        void aBadChecksumIsReportedWhenVerifyingAndIgnoredWhenNot() {
            ByteBuffer seg = Fixtures.tcpOf(Fixtures.SYN);
            seg.put(17, (byte) (seg.get(17) ^ 1));
            TcpPacket p = new TcpPacket();
            assertEquals(ParseError.BAD_TCP_CHECKSUM, p.check(seg, 0, 40, A, B, true));
            assertEquals(ParseError.NONE, p.check(seg, 0, 40, A, B, false));
            assertEquals(ParseError.BAD_TCP_CHECKSUM, p.check(Fixtures.tcpOf(Fixtures.SYN), 0, 40, A, B ^ 1, true),
                "the pseudo-header is covered");
        }
    }

    @Nested
    class EveryFlagCombination {

        @Test
        void all4096FlagCombinationsRoundTripThroughBytes() {
            TcpRepr template = TcpRepr.builder().ports(1000, 2000).seq(5).ack(6).window(100).build();
            ByteBuffer out = ByteBuffer.allocate(20);
            TcpPacket p = new TcpPacket();
            for (int f = 0; f <= TcpFlags.MASK; f++) {
                TcpRepr r = template.withFlags(f);
                r.emit(out, 0, A, B);
                assertEquals(ParseError.NONE, p.check(out, 0, 20, A, B, true));
                assertEquals(f, p.flags());
                assertEquals(r, p.repr());
                assertEquals(f, TcpFlags.parse(TcpFlags.toString(f)));
            }
        }

        @Test
        void synFinCountsTwoInSegLen() {
            TcpRepr r = TcpRepr.builder().flags(TcpFlags.SYN | TcpFlags.FIN).payload(new byte[3]).build();
            assertEquals(5, r.segLen());
            assertEquals("<SEQ=0><DATA=3><CTL=SYN,FIN>", r.toString());
        }

        @Test
        void synRstIsRepresentableAndPrintsInFigureOrder() {
            TcpRepr r = TcpRepr.builder().flags(TcpFlags.SYN | TcpFlags.RST | TcpFlags.ACK).seq(1).ack(2).build();
            assertTrue(r.has(TcpFlags.SYN | TcpFlags.RST));
            assertFalse(r.has(TcpFlags.FIN));
            assertEquals("<SEQ=1><ACK=2><CTL=SYN,RST,ACK>", r.toString());
        }

        @Test
        void flagNamesParseInAnyOrderAndCase() {
            assertEquals(TcpFlags.SYN | TcpFlags.ACK, TcpFlags.parse("ack, syn"));
            assertEquals(0, TcpFlags.parse("NONE"));
            assertThrows(IllegalArgumentException.class, () -> TcpFlags.parse("SYN,XYZ"));
        }
    }

    @Nested
    class RfcNotation {

        @Test
        void figureSevenLinesPrintAsInTheRfc() {
            assertEquals("<SEQ=100><CTL=SYN>", TcpRepr.builder().seq(100).flags(TcpFlags.SYN).build().toString());
            assertEquals("<SEQ=300><ACK=101><CTL=SYN,ACK>",
                TcpRepr.builder().seq(300).ack(101).flags(TcpFlags.SYN | TcpFlags.ACK).build().toString());
            assertEquals("<SEQ=100><ACK=300><CTL=FIN,ACK>",
                TcpRepr.builder().seq(100).ack(300).flags(TcpFlags.FIN | TcpFlags.ACK).build().toString());
        }

        @Test
        void ackFieldIsHiddenWhenTheAckFlagIsClear() {
            assertEquals("<SEQ=91><CTL=RST>",
                TcpRepr.builder().seq(91).ack(12345).flags(TcpFlags.RST).build().toString());
        }

        @Test
        void figureElevenDataLinePrintsAsInTheRfc() {
            assertEquals("<SEQ=300><ACK=100><DATA=10><CTL=ACK>",
                TcpRepr.builder().seq(300).ack(100).flags(TcpFlags.ACK).payload(new byte[10]).build().toString());
        }

        @Test
        void optionsFollowCtlAndPaddingIsLeftOut() {
            assertEquals("<SEQ=16909060><CTL=SYN><MSS=1460><SACKOK><TS=1,0><WS=7>", repr(Fixtures.SYN).toString());
            assertEquals("<SEQ=4294967280><ACK=2147483648><DATA=10><CTL=PSH,URG,ACK><TS=43981,4660>"
                + "<SACK=100-200,300-400>", repr(Fixtures.DATA).toString());
        }

        @Test
        void detailStringShowsPortsWindowUrgentPointerAndPadding() {
            assertEquals("<PORTS=80>40179><SEQ=4294967280><ACK=2147483648><DATA=10><CTL=PSH,URG,ACK><WND=1024>"
                + "<URP=3><NOP><NOP><TS=43981,4660><NOP><NOP><SACK=100-200,300-400>",
                repr(Fixtures.DATA).toDetailString());
        }
    }

    @Nested
    class Values {

        @Test
        void fieldsOutOfRangeAreRejectedAtConstruction() {
            TcpRepr.Builder b = TcpRepr.builder();
            assertThrows(IllegalArgumentException.class, () -> b.seq(1L << 32).build());
            assertThrows(IllegalArgumentException.class, () -> TcpRepr.builder().seq(-1).build());
            assertThrows(IllegalArgumentException.class, () -> TcpRepr.builder().flags(0x1000).build());
            assertThrows(IllegalArgumentException.class, () -> TcpRepr.builder().srcPort(65536).build());
            assertThrows(IllegalArgumentException.class, () -> TcpRepr.builder().window(-1).build());
            assertThrows(IllegalArgumentException.class, () -> TcpRepr.builder()
                .option(new TcpOption.Sack(List.of(new SackBlock(1, 2), new SackBlock(1, 2), new SackBlock(1, 2),
                    new SackBlock(1, 2)))).option(new Timestamps(1, 2)).build(), "34 + 10 bytes do not fit 40");
        }

        @Test
        void optionRecordsRejectImpossibleShapes() {
            assertThrows(IllegalArgumentException.class, () -> new Md5Signature(new byte[15]));
            assertThrows(IllegalArgumentException.class, () -> new Unknown(2, new byte[2]), "that is an MSS");
            assertThrows(IllegalArgumentException.class, () -> new Unknown(1, new byte[0]));
            assertThrows(IllegalArgumentException.class, () -> new Sack(List.of()));
            assertThrows(IllegalArgumentException.class, () -> new WindowScale(256));
            assertThrows(IllegalArgumentException.class, () -> new Ao(0, 0, new byte[37]));
        }

        @Test
        void arraysAreCopiedSoAValueCannotChangeUnderItsOwner() {
            byte[] d = new byte[16];
            Md5Signature m = new Md5Signature(d);
            d[0] = 1;
            m.digest()[1] = 1;
            assertEquals(new Md5Signature(new byte[16]), m);
        }

        @Test
        void payloadIsSharedUntilCopied() {
            ByteBuffer seg = Fixtures.tcpOf(Fixtures.DATA);
            TcpPacket p = new TcpPacket();
            p.check(seg, 0, seg.limit(), A, B, true);
            TcpRepr shared = p.repr();
            TcpRepr own = shared.copy();
            seg.put(seg.limit() - 1, (byte) 'X');
            assertEquals('X', shared.payload().get(9));
            assertEquals('9', own.payload().get(9));
        }

        @Test
        void optionListsAreUnmodifiableAndEqualToListOfWhetherParsedOrBuilt() {
            TcpRepr parsed = repr(Fixtures.SYN);
            List<TcpOption> want = List.of(new Mss(1460), SackPermitted.INSTANCE, new Timestamps(1, 0),
                Nop.INSTANCE, new WindowScale(7));
            TcpRepr built = TcpRepr.builder().options(want).build();
            for (List<TcpOption> o : List.of(parsed.options(), built.options(), TcpRepr.builder().build().options())) {
                assertThrows(UnsupportedOperationException.class, () -> o.add(Nop.INSTANCE));
                assertThrows(UnsupportedOperationException.class, () -> o.clear());
                assertThrows(UnsupportedOperationException.class, () -> o.removeIf(x -> true));
                assertThrows(UnsupportedOperationException.class, () -> o.addAll(List.of()));
                assertThrows(NullPointerException.class, () -> o.contains(null));
            }
            assertThrows(UnsupportedOperationException.class, () -> parsed.options().set(0, Nop.INSTANCE));
            assertThrows(UnsupportedOperationException.class, () -> parsed.options().remove(0));
            assertThrows(UnsupportedOperationException.class, () -> parsed.options().iterator().remove());
            assertThrows(IndexOutOfBoundsException.class, () -> parsed.options().get(5));
            for (List<TcpOption> o : List.of(parsed.options(), built.options())) {
                assertEquals(want, o);
                assertEquals(o, want);
                assertEquals(want.hashCode(), o.hashCode());
                assertEquals(want.toString(), o.toString());
                assertEquals(4, o.indexOf(new WindowScale(7)));
                assertTrue(o.contains(new Timestamps(1, 0)));
            }
            assertEquals(List.of(), TcpRepr.builder().build().options());
            assertThrows(NullPointerException.class, () -> TcpRepr.builder().option(null).build());
        }

        @Test
        void aBuiltValueKeepsItsOwnReadOnlyPayloadWhateverTheSourceBuffer() {
            ByteBuffer writable = ByteBuffer.wrap(new byte[] {9, 1, 2, 3, 9}).position(1).limit(4);
            ByteBuffer readOnly = writable.asReadOnlyBuffer();
            for (ByteBuffer src : List.of(writable, readOnly)) {
                TcpRepr r = TcpRepr.builder().payload(src).build();
                src.position(0).limit(5);
                ByteBuffer p = r.payload();
                assertTrue(p.isReadOnly());
                assertEquals(0, p.position());
                assertEquals(3, p.remaining());
                assertEquals(3, p.capacity());
                assertEquals(1, p.get(0));
                assertEquals(3, r.payloadLength());
            }
            assertEquals(0, TcpRepr.builder().payload((ByteBuffer) null).build().payloadLength());
        }

        @Test
        void payloadAccessorDoesNotExposeTheValuesOwnPosition() {
            TcpRepr r = TcpRepr.builder().payload(new byte[] {1, 2, 3}).build();
            r.payload().position(3);
            assertEquals(3, r.payload().remaining());
            assertEquals(3, r.segLen());
        }

        @Test
        void withMethodsChangeOneFieldOnly() {
            TcpRepr r = repr(Fixtures.SYN);
            TcpRepr s = r.withSeq(9).withAck(10).withFlags(TcpFlags.ACK).withWindow(1).withUrgentPointer(2)
                .withSrcPort(3).withDstPort(4).withOptions(new Mss(5)).withPayload(new byte[1]);
            assertEquals(new TcpRepr(3, 4, 9, 10, TcpFlags.ACK, 1, 2, List.of(new Mss(5)), ByteBuffer.allocate(1)), s);
            assertEquals(r, r.toBuilder().build());
        }
    }

    @Nested
    class RandomRoundTrip {

        @Test
        void twoThousandSeededRandomSegmentsSurviveEmitParseEmitByteForByte() {
            Gen g = new Gen(20240601L);
            TcpPacket p = new TcpPacket();
            for (int i = 0; i < 2000; i++) {
                TcpRepr r = g.tcp();
                int src = g.nextInt(Integer.MAX_VALUE);
                int dst = ~src;
                ByteBuffer out = Fixtures.a5(r.emittedLength() + 8);
                int n = r.emit(out, 4, src, dst);
                assertEquals(ParseError.NONE, p.check(out, 4, n, src, dst, true), r.toDetailString());
                TcpRepr back = p.repr();
                assertEquals(r, back, "case " + i);
                ByteBuffer again = Fixtures.a5(n + 8);
                back.emit(again, 4, src, dst);
                assertArrayEquals(out.array(), again.array(), "case " + i);
            }
        }

        @Test
        void viewOptionAccessorsAgreeWithTheParsedOptionListForRandomSegmentsAndTheAlignedTimestampsLayout() {
            TcpRepr base = TcpRepr.builder().ports(80, 40179).seq(1).ack(2).flags(TcpFlags.ACK).window(501).build();
            Timestamps ts = new Timestamps(0x01020304L, 0xfffffffeL);
            List<List<TcpOption>> layouts = List.of(
                List.of(),
                // RFC 7323 Appendix A layout: the view takes it without walking; the walk must agree.
                List.of(Nop.INSTANCE, Nop.INSTANCE, ts),
                // Look-alikes that must take the walk: other order, more options, kind 8 of another length.
                List.of(ts, Nop.INSTANCE, Nop.INSTANCE),
                List.of(Nop.INSTANCE, Nop.INSTANCE, ts, Nop.INSTANCE, Nop.INSTANCE, new Mss(1460)),
                List.of(Nop.INSTANCE, Nop.INSTANCE, ts, Nop.INSTANCE, Nop.INSTANCE,
                    new Sack(List.of(new SackBlock(100, 200)))),
                List.of(Nop.INSTANCE, Nop.INSTANCE, new Unknown(TcpOption.KIND_TIMESTAMPS, new byte[7])),
                List.of(Nop.INSTANCE, Nop.INSTANCE, new Unknown(TcpOption.KIND_TIMESTAMPS, new byte[9])),
                List.of(Nop.INSTANCE, Nop.INSTANCE, new Unknown(30, new byte[8])));
            TcpPacket p = new TcpPacket();
            for (List<TcpOption> options : layouts) {
                TcpRepr r = base.withOptions(options);
                ByteBuffer out = Fixtures.a5(r.emittedLength() + 8);
                int n = r.emit(out, 4, A, B);
                assertEquals(ParseError.NONE, p.check(out, 4, n, A, B, true), r.toDetailString());
                assertViewMatches(r, p, 4);
            }
            Gen g = new Gen(7323L);
            for (int i = 0; i < 2000; i++) {
                TcpRepr r = g.tcp();
                ByteBuffer out = Fixtures.a5(r.emittedLength() + 8);
                int n = r.emit(out, 4, A, B);
                assertEquals(ParseError.NONE, p.check(out, 4, n, A, B, true), r.toDetailString());
                assertViewMatches(r, p, 4);
            }
        }

        private void assertViewMatches(TcpRepr r, TcpPacket p, int offset) {
            String what = r.toDetailString();
            assertEquals(r.mss().orElse(-1), p.mss(), what);
            assertEquals(r.windowScale().orElse(-1), p.windowScale(), what);
            assertEquals(r.sackPermitted(), p.sackPermitted(), what);
            assertEquals(r.timestamps().isPresent(), p.hasTimestamps(), what);
            r.timestamps().ifPresent(t -> {
                assertEquals(t.tsVal(), p.tsVal(), what);
                assertEquals(t.tsEcr(), p.tsEcr(), what);
            });
            assertEquals(r.sack().isPresent(), p.sackOptionOffset() >= 0, what);
            assertEquals(r.md5().isPresent(), p.md5DigestOffset() >= 0, what);
            assertEquals(r.ao().isPresent(), p.aoOptionOffset() >= 0, what);
            assertEquals(offset, p.offset(), what);
        }
    }
}
