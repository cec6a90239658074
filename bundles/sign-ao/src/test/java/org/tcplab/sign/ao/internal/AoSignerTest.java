package org.tcplab.sign.ao.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.tcplab.api.sign.AoAlgorithm;
import org.tcplab.api.sign.AoKey;
import org.tcplab.api.sign.Flow;
import org.tcplab.api.sign.KeyChange;
import org.tcplab.api.sign.ResetPlan;
import org.tcplab.api.sign.SignedConnection;
import org.tcplab.api.sign.Verdict;

/** Two hosts with TCP-AO keys for each other; segments built by hand, signed by one side, judged by the other. */
class AoSignerTest {

    static final int A = 0x0A000001;
    static final int B = 0x0A000002;
    static final int A_PORT = 40000;
    static final int B_PORT = 179;
    static final long A_ISN = 0xFFFFFF00L;
    static final long B_ISN = 0x12345678L;
    static final byte[] SECRET = "testvector".getBytes(StandardCharsets.US_ASCII);

    AoSegmentSigner hostA;
    AoSegmentSigner hostB;
    SignedConnection a;
    SignedConnection b;

    /** A segment with an AO option for {@code key}, then a timestamp option, then {@code payload}. */
    static byte[] segment(int srcPort, int dstPort, long seq, long ack, int flags, int macLength, byte[] payload) {
        int hlen = 20 + 4 + macLength + 2 + 10;
        hlen = (hlen + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(hlen + payload.length);
        b.putShort((short) srcPort).putShort((short) dstPort).putInt((int) seq).putInt((int) ack);
        b.put((byte) (hlen / 4 << 4)).put((byte) flags).putShort((short) 65535).putShort((short) 0xBEEF).putShort((short) 0);
        b.put((byte) 29).put((byte) (4 + macLength)).put((byte) 0).put((byte) 0).put(new byte[macLength]);
        b.put((byte) 1).put((byte) 1).put((byte) 8).put((byte) 10).putInt(12345).putInt(0);
        while (b.position() < hlen) {
            b.put((byte) 0);
        }
        b.put(payload);
        return b.array();
    }

    static AoKey key(int sendId, int recvId, AoAlgorithm alg, int peer) {
        return new AoKey(sendId, recvId, alg, 12, false, peer, 32, 0, 0, SECRET);
    }

    @BeforeEach
    void handshake() {
        hostA = new AoSegmentSigner();
        hostB = new AoSegmentSigner();
        hostA.addKey(key(1, 2, AoAlgorithm.HMAC_SHA_1_96, B));
        hostB.addKey(key(2, 1, AoAlgorithm.HMAC_SHA_1_96, A));
        a = hostA.open(new Flow(A, A_PORT, B, B_PORT), A_ISN).orElseThrow();
        b = hostB.open(new Flow(B, B_PORT, A, A_PORT), B_ISN).orElseThrow();
        byte[] syn = segment(A_PORT, B_PORT, A_ISN, 0, 0x02, 12, new byte[0]);
        a.sign(ByteBuffer.wrap(syn), 0, syn.length, A_ISN);
        assertEquals(Verdict.OK, b.verify(ByteBuffer.wrap(syn), 0, syn.length, 0));
        byte[] synAck = segment(B_PORT, A_PORT, B_ISN, A_ISN + 1, 0x12, 12, new byte[0]);
        b.sign(ByteBuffer.wrap(synAck), 0, synAck.length, B_ISN);
        assertEquals(Verdict.OK, a.verify(ByteBuffer.wrap(synAck), 0, synAck.length, 0));
    }

    byte[] fromA(long seq, String data) {
        byte[] s = segment(A_PORT, B_PORT, seq, B_ISN + 1, 0x18, 12, data.getBytes(StandardCharsets.US_ASCII));
        a.sign(ByteBuffer.wrap(s), 0, s.length, seq);
        return s;
    }

    Verdict atB(byte[] s, long rcvNxt) {
        return b.verify(ByteBuffer.wrap(s), 0, s.length, rcvNxt);
    }

    @Nested
    class Verdicts {
        @Test
        void aSignedSegmentVerifies() {
            assertEquals(Verdict.OK, atB(fromA(A_ISN + 1, "hello"), A_ISN + 1));
        }

        @Test
        void aFlippedPayloadByteIsAoBad() {
            byte[] s = fromA(A_ISN + 1, "hello");
            s[s.length - 1] ^= 1;
            assertEquals(Verdict.AO_BAD, atB(s, A_ISN + 1));
        }

        @Test
        void aChangedTimestampOptionIsAoBadWhenOptionsAreIncluded() {
            byte[] s = fromA(A_ISN + 1, "hello");
            s[20 + 16 + 2 + 3] ^= 1;
            assertEquals(Verdict.AO_BAD, atB(s, A_ISN + 1));
        }

        @Test
        void aWrongMasterKeyIsAoBad() {
            AoSegmentSigner wrong = new AoSegmentSigner();
            wrong.addKey(new AoKey(1, 2, AoAlgorithm.HMAC_SHA_1_96, 12, false, B, 32, 0, 0, "not the key".getBytes()));
            SignedConnection w = wrong.open(new Flow(A, A_PORT, B, B_PORT), A_ISN).orElseThrow();
            byte[] s = segment(A_PORT, B_PORT, A_ISN + 1, B_ISN + 1, 0x10, 12, new byte[0]);
            w.sign(ByteBuffer.wrap(s), 0, s.length, A_ISN + 1);
            assertEquals(Verdict.AO_BAD, atB(s, A_ISN + 1));
        }

        @Test
        void aMissingOptionIsAoRequired() {
            byte[] s = new byte[20];
            s[12] = 0x50;
            s[13] = 0x10;
            assertEquals(Verdict.AO_REQUIRED, atB(s, A_ISN + 1));
        }

        @Test
        void anUnknownKeyIdIsAoKeyNotFound() {
            byte[] s = fromA(A_ISN + 1, "x");
            s[22] = 99;
            assertEquals(Verdict.AO_KEY_NOT_FOUND, atB(s, A_ISN + 1));
        }

        @Test
        void aMacOfAnotherLengthIsAoBad() {
            byte[] s = segment(A_PORT, B_PORT, A_ISN + 1, B_ISN + 1, 0x10, 8, new byte[0]);
            s[22] = 1;
            assertEquals(Verdict.AO_BAD, atB(s, A_ISN + 1));
        }

        @Test
        void anMd5OptionOnAnAoConnectionIsMd5Unexpected() {
            byte[] s = new byte[40];
            s[12] = (byte) 0xA0;
            s[13] = 0x10;
            s[20] = 1;
            s[21] = 1;
            s[22] = 19;
            s[23] = 18;
            assertEquals(Verdict.MD5_UNEXPECTED, atB(s, A_ISN + 1));
        }

        @Test
        void twoSignatureOptionsAreAuthHdr() {
            byte[] s = new byte[20 + 20 + 16];
            s[12] = (byte) (14 << 4);
            s[20] = 19;
            s[21] = 18;
            s[38] = 29;
            s[39] = 16;
            assertEquals(Verdict.AUTH_HDR, atB(s, A_ISN + 1));
        }

        @Test
        void anAoSegmentWhereNoKeyAppliesIsAoUnexpected() {
            byte[] s = fromA(A_ISN + 1, "x");
            assertEquals(Verdict.AO_UNEXPECTED,
                new AoSegmentSigner().verifyWithoutSession(new Flow(B, B_PORT, A, A_PORT), ByteBuffer.wrap(s), 0, s.length));
        }

        @Test
        void anUnsignedSegmentFromAKeyedPeerAtAListenerIsAoRequired() {
            byte[] s = new byte[20];
            s[12] = 0x50;
            s[13] = 0x02;
            assertEquals(Verdict.AO_REQUIRED,
                hostB.verifyWithoutSession(new Flow(B, B_PORT, A, A_PORT), ByteBuffer.wrap(s), 0, s.length));
        }

        @Test
        void aSignedSynAtAListenerVerifies() {
            SignedConnection fresh = hostA.open(new Flow(A, A_PORT + 1, B, B_PORT), 777).orElseThrow();
            byte[] syn = segment(A_PORT + 1, B_PORT, 777, 0, 0x02, 12, new byte[0]);
            fresh.sign(ByteBuffer.wrap(syn), 0, syn.length, 777);
            assertEquals(Verdict.OK,
                hostB.verifyWithoutSession(new Flow(B, B_PORT, A, A_PORT + 1), ByteBuffer.wrap(syn), 0, syn.length));
        }
    }

    @Nested
    class SequenceNumberExtension {
        @Test
        void segmentsAcrossTheSequenceWrapVerifyWithSneOne() {
            // A's ISN is 0xFFFFFF00: data at 0x00000010 lies past the wrap
            long seq = 0x10;
            byte[] s = fromA(seq, "after the wrap");
            assertEquals(Verdict.OK, atB(s, seq));
        }

        @Test
        void aReceiverStillBeforeTheWrapReadsTheSegmentAsSneOneToo() {
            long seq = 0x10;
            assertEquals(Verdict.OK, atB(fromA(seq, "same bytes"), 0xFFFFFFF0L));
        }

        @Test
        void theMacCoversTheSne() {
            byte[] s = fromA(0x10, "same bytes");
            MacEngine e = MacEngine.of(AoAlgorithm.HMAC_SHA_1_96);
            byte[] zero = new byte[20];
            byte[] one = new byte[20];
            e.init(SECRET);
            new AoMac().compute(e, 0, Kdf.ipv4(A), Kdf.ipv4(B), ByteBuffer.wrap(s), 0, s.length, 20, false, zero);
            new AoMac().compute(e, 1, Kdf.ipv4(A), Kdf.ipv4(B), ByteBuffer.wrap(s), 0, s.length, 20, false, one);
            assertNotEquals(Bytes.hex(zero), Bytes.hex(one));
        }

        @Test
        void aRetransmissionFromBeforeTheWrapStillVerifiesAfterTheBasisPassedIt() {
            long before = 0xFFFFFFF0L;
            byte[] old = fromA(before, "old");
            assertEquals(Verdict.OK, atB(old, 0x20));
        }
    }

    @Nested
    class KeyRollover {
        @BeforeEach
        void secondKey() {
            assertEquals(KeyChange.ADDED, hostA.addKey(key(3, 4, AoAlgorithm.AES_128_CMAC_96, B)));
            assertEquals(KeyChange.ADDED, hostB.addKey(key(4, 3, AoAlgorithm.AES_128_CMAC_96, A)));
        }

        @Test
        void aNewKeyIsUsedAfterTheSenderSwitchesAndTheReceiverFollowsByKeyId() {
            assertTrue(a.useKeys(3, 4));
            byte[] s = fromA(A_ISN + 1, "rolled");
            assertEquals(3, s[22]);
            assertEquals(4, s[23]);
            assertEquals(Verdict.OK, atB(s, A_ISN + 1));
        }

        @Test
        void thePeersRNextKeyIdSwitchesOurCurrentKey() {
            assertTrue(a.useKeys(-1, 4));
            byte[] s = fromA(A_ISN + 1, "please use 4");
            assertEquals(1, s[22]);
            assertEquals(4, s[23]);
            assertEquals(Verdict.OK, atB(s, A_ISN + 1));
            assertEquals(4, ((AoConnection) b).currentSendId());
            byte[] reply = segment(B_PORT, A_PORT, B_ISN + 1, A_ISN + 20, 0x10, 12, new byte[0]);
            b.sign(ByteBuffer.wrap(reply), 0, reply.length, B_ISN + 1);
            assertEquals(4, reply[22]);
            assertEquals(Verdict.OK, a.verify(ByteBuffer.wrap(reply), 0, reply.length, B_ISN + 1));
        }

        @Test
        void aRequestForAKeyWeDoNotHaveChangesNothing() {
            assertFalse(a.useKeys(9, -1));
            assertEquals(1, ((AoConnection) a).currentSendId());
        }

        @Test
        void overlappingIdsAreRefusedAsLinuxDoes() {
            assertEquals(KeyChange.ID_CONFLICT, hostA.addKey(key(3, 7, AoAlgorithm.HMAC_SHA_1_96, B)));
            assertEquals(KeyChange.ADDED, hostA.addKey(key(3, 7, AoAlgorithm.HMAC_SHA_1_96, 0x0A000099)));
        }

        @Test
        void aRemovedCurrentKeyStaysUsableForTheConnection() {
            assertTrue(a.useKeys(3, 4));
            assertTrue(hostA.removeKey(key(3, 4, AoAlgorithm.AES_128_CMAC_96, B)));
            byte[] s = fromA(A_ISN + 1, "still here");
            assertEquals(3, s[22]);
            assertEquals(Verdict.OK, atB(s, A_ISN + 1));
        }
    }

    @Nested
    class Resets {
        @Test
        void noSocketMeansNoRstForAnAoSegmentBecauseTheIsnsAreUnknown() {
            byte[] s = fromA(A_ISN + 1, "x");
            ResetPlan plan = hostB.planResetWithoutSocket(new Flow(B, B_PORT, A, A_PORT), B_PORT, ByteBuffer.wrap(s), 0, s.length);
            assertEquals(new ResetPlan.Suppressed(ResetPlan.Why.NO_CONNECTION), plan);
        }

        @Test
        void noSocketAndNoAoMeansAnOrdinaryRst() {
            byte[] s = new byte[20];
            s[12] = 0x50;
            s[13] = 0x10;
            assertEquals(ResetPlan.UNSIGNED,
                hostB.planResetWithoutSocket(new Flow(B, B_PORT, A, A_PORT), -1, ByteBuffer.wrap(s), 0, s.length));
        }

        @Test
        void aListenerSignsItsRstWithTheKeyAskedForAndTheSegmentsOwnTupleAndSeq() {
            byte[] ack = segment(A_PORT, B_PORT, 5000, 6000, 0x10, 12, new byte[0]);
            ack[22] = 1;
            ack[23] = 2;
            ResetPlan plan = hostB.planResetFromListener(new Flow(B, B_PORT, A, A_PORT), ByteBuffer.wrap(ack), 0, ack.length);
            ResetPlan.Signed signed = assertInstanceOf(ResetPlan.Signed.class, plan);
            assertEquals(29, signed.optionKind());
            assertEquals(16, signed.optionLength());
            byte[] rst = new byte[36];
            ByteBuffer r = ByteBuffer.wrap(rst);
            r.putShort((short) B_PORT).putShort((short) A_PORT).putInt(6000).putInt(0);
            r.put((byte) 0x90).put((byte) 0x04).putShort((short) 0).putShort((short) 0).putShort((short) 0);
            r.put((byte) 29).put((byte) 16);
            signed.sign(r, 0, rst.length);
            assertEquals(2, rst[22]);
            assertEquals(1, rst[23]);
            // the MAC is Linux's: traffic key from (A, B, A_PORT, B_PORT, SEQ of the ACK, 0), SNE 0
            MacEngine e = MacEngine.of(AoAlgorithm.HMAC_SHA_1_96);
            e.init(Kdf.trafficKey(e, SECRET, Kdf.context(Kdf.ipv4(A), Kdf.ipv4(B), A_PORT, B_PORT, 5000, 0)));
            byte[] want = new byte[20];
            new AoMac().compute(e, 0, Kdf.ipv4(B), Kdf.ipv4(A), ByteBuffer.wrap(rst), 0, rst.length, 20, false, want);
            assertArrayEquals(java.util.Arrays.copyOf(want, 12), java.util.Arrays.copyOfRange(rst, 24, 36));
        }

        @Test
        void aListenerWithoutTheAskedKeySendsNothing() {
            byte[] ack = segment(A_PORT, B_PORT, 5000, 6000, 0x10, 12, new byte[0]);
            ack[23] = 42;
            assertEquals(new ResetPlan.Suppressed(ResetPlan.Why.NO_KEY),
                hostB.planResetFromListener(new Flow(B, B_PORT, A, A_PORT), ByteBuffer.wrap(ack), 0, ack.length));
        }

        @Test
        void aConnectionsRstIsSignedLikeAnyOtherSegmentAndAnUnsignedOneIsRefused() {
            byte[] rst = segment(A_PORT, B_PORT, A_ISN + 1, 0, 0x04, 12, new byte[0]);
            a.sign(ByteBuffer.wrap(rst), 0, rst.length, A_ISN + 1);
            assertEquals(Verdict.OK, atB(rst, A_ISN + 1));
            byte[] bare = new byte[20];
            bare[12] = 0x50;
            bare[13] = 0x04;
            assertEquals(Verdict.AO_REQUIRED, atB(bare, A_ISN + 1));
        }
    }

    @Nested
    class Contract {
        @Test
        void signingWithoutAReservedOptionIsAProgrammingError() {
            byte[] s = new byte[20];
            s[12] = 0x50;
            assertThrows(IllegalArgumentException.class, () -> a.sign(ByteBuffer.wrap(s), 0, s.length, A_ISN));
        }

        @Test
        void signingLeavesPositionLimitAndOtherBytesAlone() {
            byte[] s = segment(A_PORT, B_PORT, A_ISN + 1, B_ISN + 1, 0x10, 12, "data".getBytes());
            byte[] framed = new byte[s.length + 8];
            java.util.Arrays.fill(framed, (byte) 0xA5);
            System.arraycopy(s, 0, framed, 4, s.length);
            ByteBuffer buf = ByteBuffer.wrap(framed);
            buf.position(3).limit(framed.length - 1);
            a.sign(buf, 4, s.length, A_ISN + 1);
            assertEquals(3, buf.position());
            assertEquals(framed.length - 1, buf.limit());
            List<Integer> changed = new ArrayList<>();
            for (int i = 0; i < framed.length; i++) {
                if (i < 4 || i >= 4 + s.length ? framed[i] != (byte) 0xA5 : framed[i] != s[i - 4]) {
                    changed.add(i - 4);
                }
            }
            assertTrue(changed.stream().allMatch(i -> i >= 22 && i < 36), "only KeyID, RNextKeyID, MAC: " + changed);
            assertNotEquals(List.of(), changed);
        }

        @Test
        void aoIgnoresIcmpHardErrorsOnly() {
            assertTrue(a.ignoresIcmp(3, 3));
            assertFalse(a.ignoresIcmp(3, 1));
            assertFalse(a.ignoresIcmp(11, 0));
        }

        @Test
        void noKeyForThePeerMeansAnUnsignedConnection() {
            assertTrue(hostA.open(new Flow(A, 1, 0x0A000063, 2), 1).isEmpty());
        }
    }

    @Nested
    class CmacKdf {
        @Test
        void aSixteenByteMasterKeyIsUsedAsTheCmacKeyDirectly() {
            byte[] master = new byte[16];
            master[0] = 1;
            assertArrayEquals(master, Kdf.prfKey(MacEngine.of(AoAlgorithm.AES_128_CMAC_96), AoAlgorithm.AES_128_CMAC_96, master));
        }

        @Test
        void anyOtherLengthIsFirstReducedWithCmacUnderTheZeroKey() {
            byte[] k = Kdf.prfKey(MacEngine.of(AoAlgorithm.AES_128_CMAC_96), AoAlgorithm.AES_128_CMAC_96, SECRET);
            assertEquals(16, k.length);
            assertNotEquals(Bytes.hex(SECRET), Bytes.hex(k));
        }
    }
}
