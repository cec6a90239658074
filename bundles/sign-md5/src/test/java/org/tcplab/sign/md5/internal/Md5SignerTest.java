package org.tcplab.sign.md5.internal;

import org.tcplab.api.sign.AuthOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.tcplab.api.sign.Flow;
import org.tcplab.api.sign.KeyChange;
import org.tcplab.api.sign.Keys;
import org.tcplab.api.sign.Md5Key;
import org.tcplab.api.sign.ResetPlan;
import org.tcplab.api.sign.SignedConnection;
import org.tcplab.api.sign.Verdict;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * md5-ipv4.pcap: two TCP-MD5 connections between Linux 6.18 namespaces, the second ended by a kernel-signed RST.
 * Every digest recomputes with the key, and every segment passes the receiving side's connection.
 */
class Md5SignerTest {

    static final JsonNode META = Bytes.json("md5-ipv4.json");
    static final List<byte[]> PACKETS = Bytes.pcapIpv4(Bytes.resource("md5-ipv4.pcap"));
    static final int CLIENT = Keys.parseAddress("192.0.2.1");
    static final int SERVER = Keys.parseAddress("192.0.2.2");
    static final byte[] SECRET = Bytes.hex(META.get("md5_key_hex").asText());

    static Md5SegmentSigner host(int peer, byte[] secret) {
        Md5SegmentSigner s = new Md5SegmentSigner();
        s.addKey(Md5Key.forPeer(peer, secret));
        return s;
    }

    static int tcp(byte[] ip) {
        return Bytes.tcpOffset(ip);
    }

    static int len(byte[] ip) {
        return Bytes.tcpLength(ip);
    }

    static Flow receivedFlow(byte[] ip) {
        int t = tcp(ip);
        return Flow.ofReceived(Bytes.s32(ip, 12), Bytes.u16(ip, t), Bytes.s32(ip, 16), Bytes.u16(ip, t + 2));
    }

    /** A data segment of the capture, client to server. */
    static byte[] clientData() {
        for (byte[] ip : PACKETS) {
            if (Bytes.s32(ip, 12) == CLIENT && len(ip) > (ip[tcp(ip) + 12] & 0xF0) / 4) {
                return ip.clone();
            }
        }
        throw new IllegalStateException("no client data in the capture");
    }

    @Nested
    class KernelCapture {
        @Test
        void everyKernelDigestRecomputesByteForByteIncludingTheRst() {
            Md5Digest digest = new Md5Digest();
            byte[] out = new byte[16];
            int i = 0;
            int rsts = 0;
            for (byte[] ip : PACKETS) {
                JsonNode meta = META.get("segments").get(i++);
                ByteBuffer b = ByteBuffer.wrap(ip);
                int at = AuthOptions.locate(b, tcp(ip), len(ip)).md5At();
                digest.compute(SECRET, Bytes.s32(ip, 12), Bytes.s32(ip, 16), b, tcp(ip), len(ip), out);
                assertEquals(meta.get("md5_on_wire").asText(), Bytes.hex(out), meta.get("flags").asText());
                assertEquals(Bytes.hex(Bytes.slice(ip, at + 2, 16)), Bytes.hex(out));
                rsts += (ip[tcp(ip) + 13] & 0x04) != 0 ? 1 : 0;
            }
            assertEquals(18, i);
            assertEquals(1, rsts);
        }

        @Test
        void everySegmentVerifiesAtTheReceiverAndReSignsIdenticallyAtTheSender() {
            Md5SegmentSigner clientHost = host(SERVER, SECRET);
            Md5SegmentSigner serverHost = host(CLIENT, SECRET);
            Map<Integer, SignedConnection[]> byPort = new HashMap<>();
            for (byte[] ip : PACKETS) {
                boolean fromClient = Bytes.s32(ip, 12) == CLIENT;
                int t = tcp(ip);
                int cport = Bytes.u16(ip, fromClient ? t : t + 2);
                SignedConnection[] pair = byPort.computeIfAbsent(cport, p -> new SignedConnection[] {
                    clientHost.open(new Flow(CLIENT, p, SERVER, 179), 0).orElseThrow(),
                    serverHost.open(new Flow(SERVER, 179, CLIENT, p), 0).orElseThrow()});
                assertEquals(Verdict.OK, pair[fromClient ? 1 : 0].verify(ByteBuffer.wrap(ip), t, len(ip), 0));
                byte[] copy = ip.clone();
                int at = AuthOptions.locate(ByteBuffer.wrap(copy), t, len(ip)).md5At();
                Arrays.fill(copy, at + 2, at + 18, (byte) 0);
                pair[fromClient ? 0 : 1].sign(ByteBuffer.wrap(copy), t, len(ip), 0);
                assertEquals(Bytes.hex(ip), Bytes.hex(copy));
            }
            assertEquals(2, byPort.size());
        }
    }

    @Nested
    class Verdicts {
        final Md5SegmentSigner serverHost = host(CLIENT, SECRET);
        final byte[] data = clientData();
        final SignedConnection server = serverHost.open(receivedFlow(data), 0).orElseThrow();

        Verdict verify(byte[] ip) {
            return server.verify(ByteBuffer.wrap(ip), tcp(ip), len(ip), 0);
        }

        @Test
        void theKernelsSegmentIsOk() {
            assertEquals(Verdict.OK, verify(data));
        }

        @Test
        void aWrongKeyIsMd5Failure() {
            SignedConnection wrong = host(CLIENT, "another key".getBytes()).open(receivedFlow(data), 0).orElseThrow();
            assertEquals(Verdict.MD5_FAILURE, wrong.verify(ByteBuffer.wrap(data), tcp(data), len(data), 0));
        }

        @Test
        void aFlippedPayloadByteIsMd5Failure() {
            data[data.length - 1] ^= 0x20;
            assertEquals(Verdict.MD5_FAILURE, verify(data));
        }

        @Test
        void aMissingOptionIsMd5NotFound() {
            int at = AuthOptions.locate(ByteBuffer.wrap(data), tcp(data), len(data)).md5At();
            Arrays.fill(data, at, at + 18, (byte) 1); // NOPs where the option was
            assertEquals(Verdict.MD5_NOT_FOUND, verify(data));
        }

        @Test
        void anOptionWhereNoKeyAppliesIsMd5Unexpected() {
            Flow flow = receivedFlow(data);
            assertEquals(Verdict.MD5_UNEXPECTED,
                new Md5SegmentSigner().verifyWithoutSession(flow, ByteBuffer.wrap(data), tcp(data), len(data)));
        }

        @Test
        void anUnsignedSegmentFromAKeyedPeerAtAListenerIsMd5NotFound() {
            byte[] bare = new byte[20];
            bare[12] = 0x50;
            bare[13] = 0x02;
            assertEquals(Verdict.MD5_NOT_FOUND, serverHost.verifyWithoutSession(receivedFlow(data), ByteBuffer.wrap(bare), 0, 20));
        }

        @Test
        void aSignedSegmentAtAListenerVerifiesWithTheListenersKey() {
            assertEquals(Verdict.OK, serverHost.verifyWithoutSession(receivedFlow(data), ByteBuffer.wrap(data), tcp(data), len(data)));
        }

        @Test
        void anAoOptionOnAnMd5ConnectionIsAoUnexpected() {
            byte[] s = new byte[36];
            s[12] = (byte) 0x90;
            s[20] = 29;
            s[21] = 16;
            assertEquals(Verdict.AO_UNEXPECTED, server.verify(ByteBuffer.wrap(s), 0, 36, 0));
        }

        @Test
        void anMd5OptionOfTheWrongLengthIsAuthHdr() {
            int at = AuthOptions.locate(ByteBuffer.wrap(data), tcp(data), len(data)).md5At();
            data[at + 1] = 17;
            assertEquals(Verdict.AUTH_HDR, verify(data));
        }
    }

    @Nested
    class ResetsWithoutASocket {
        final Md5SegmentSigner serverHost = host(CLIENT, SECRET);
        final byte[] data = clientData();
        final Flow flow = receivedFlow(data);

        ResetPlan plan(int listenerPort, byte[] ip) {
            return serverHost.planResetWithoutSocket(flow, listenerPort, ByteBuffer.wrap(ip), tcp(ip), len(ip));
        }

        @Test
        void noListenerOnTheSourcePortMeansNoRstAtAll() {
            assertEquals(new ResetPlan.Suppressed(ResetPlan.Why.NO_LISTENER), plan(-1, data));
        }

        @Test
        void aListenerWithoutAKeyForThePeerMeansNoRst() {
            Md5SegmentSigner other = host(0x0A000001, SECRET);
            assertEquals(new ResetPlan.Suppressed(ResetPlan.Why.NO_KEY),
                other.planResetWithoutSocket(flow, 179, ByteBuffer.wrap(data), tcp(data), len(data)));
        }

        @Test
        void aDigestThatDoesNotVerifyMeansNoRst() {
            data[data.length - 1] ^= 1;
            assertEquals(new ResetPlan.Suppressed(ResetPlan.Why.BAD_SIGNATURE), plan(179, data));
        }

        @Test
        void anUnsignedSegmentGetsAnOrdinaryRst() {
            byte[] bare = new byte[20];
            bare[12] = 0x50;
            bare[13] = 0x10;
            assertEquals(ResetPlan.UNSIGNED, serverHost.planResetWithoutSocket(flow, -1, ByteBuffer.wrap(bare), 0, 20));
        }

        @Test
        void aVerifiedSegmentGetsAnRstSignedWithTheListenersKeyThatThePeerAccepts() {
            ResetPlan.Signed signed = assertInstanceOf(ResetPlan.Signed.class, plan(179, data));
            assertEquals(19, signed.optionKind());
            assertEquals(18, signed.optionLength());
            int t = tcp(data);
            byte[] rst = new byte[40];
            ByteBuffer r = ByteBuffer.wrap(rst);
            r.putShort((short) Bytes.u16(data, t + 2)).putShort((short) Bytes.u16(data, t)).putInt(Bytes.s32(data, t + 8)).putInt(0);
            r.put((byte) 0xA0).put((byte) 0x04).putShort((short) 0).putShort((short) 0).putShort((short) 0);
            r.put((byte) 1).put((byte) 1).put((byte) 19).put((byte) 18);
            signed.sign(r, 0, 40);
            Md5SegmentSigner clientHost = host(SERVER, SECRET);
            SignedConnection client = clientHost.open(new Flow(CLIENT, Bytes.u16(data, t), SERVER, 179), 0).orElseThrow();
            assertEquals(Verdict.OK, client.verify(r, 0, 40, 0));
        }

        @Test
        void aListenersRstIsSignedWithThePeersKeyAndAnUnkeyedListenersIsNot() {
            assertInstanceOf(ResetPlan.Signed.class,
                serverHost.planResetFromListener(flow, ByteBuffer.wrap(data), tcp(data), len(data)));
            assertEquals(ResetPlan.UNSIGNED,
                new Md5SegmentSigner().planResetFromListener(flow, ByteBuffer.wrap(data), tcp(data), len(data)));
        }
    }

    @Nested
    class KeyTable {
        @Test
        void theLongestPrefixWinsAsInLinux() {
            Md5SegmentSigner s = new Md5SegmentSigner();
            s.addKey(new Md5Key(0, 0, 0, 0, "any".getBytes()));
            s.addKey(new Md5Key(0xC0000200, 24, 0, 0, "net".getBytes()));
            s.addKey(Md5Key.forPeer(CLIENT, "host".getBytes()));
            assertEquals("host", new String(s.keyFor(new Flow(SERVER, 179, CLIENT, 1)).secret()));
            assertEquals("net", new String(s.keyFor(new Flow(SERVER, 179, 0xC0000205, 1)).secret()));
            assertEquals("any", new String(s.keyFor(new Flow(SERVER, 179, 0x0A000001, 1)).secret()));
        }

        @Test
        void aKeyForTheSameSlotReplacesTheOldOneAndTheConnectionUsesItAtOnce() {
            Md5SegmentSigner s = host(CLIENT, "old".getBytes());
            byte[] data = clientData();
            SignedConnection c = s.open(receivedFlow(data), 0).orElseThrow();
            assertEquals(Verdict.MD5_FAILURE, c.verify(ByteBuffer.wrap(data), tcp(data), len(data), 0));
            assertEquals(KeyChange.REPLACED, s.addKey(Md5Key.forPeer(CLIENT, SECRET)));
            assertEquals(Verdict.OK, c.verify(ByteBuffer.wrap(data), tcp(data), len(data), 0));
        }

        @Test
        void aKeyScopedToAListenerPortAppliesToThatPortOnly() {
            Md5SegmentSigner s = new Md5SegmentSigner();
            s.addKey(new Md5Key(CLIENT, 32, 0, 179, SECRET));
            assertTrue(s.open(new Flow(SERVER, 179, CLIENT, 40000), 0).isPresent());
            assertTrue(s.open(new Flow(SERVER, 180, CLIENT, 40000), 0).isEmpty());
        }

        @Test
        void badKeysAreRefusedWithOneClearMessageThatNeverShowsTheSecret() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Md5Key(0xC0000201, 24, 0, 0, "s3cret".getBytes()));
            assertTrue(e.getMessage().contains("beyond the prefix"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Md5Key.forPeer(CLIENT, new byte[81]));
            assertFalse(Md5Key.forPeer(CLIENT, "s3cret".getBytes()).toString().contains("s3cret"));
        }

        @Test
        void signingWithoutAReservedOptionIsAProgrammingError() {
            SignedConnection c = host(CLIENT, SECRET).open(new Flow(SERVER, 179, CLIENT, 1), 0).orElseThrow();
            byte[] bare = new byte[20];
            bare[12] = 0x50;
            assertThrows(IllegalArgumentException.class, () -> c.sign(ByteBuffer.wrap(bare), 0, 20, 0));
        }
    }
}
