package org.tcplab.sign.ao.internal;

import org.tcplab.api.sign.AuthOptions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tcplab.api.sign.AoAlgorithm;
import org.tcplab.api.sign.AoKey;
import org.tcplab.api.sign.Flow;
import org.tcplab.api.sign.SignedConnection;
import org.tcplab.api.sign.Verdict;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * RFC 9235's TCP-AO test vectors (sections 4-7: both algorithms, IPv4 and IPv6, options in and out of the MAC),
 * as re-derived in rfc9235-vectors.json (see its errata_note): 8 sections x 4 segments = 32 vectors.
 */
class Rfc9235VectorsTest {

    static final JsonNode VECTORS = Bytes.json("rfc9235-vectors.json");
    static final byte[] MASTER = Bytes.hex(VECTORS.get("master_key_hex").asText());

    static AoAlgorithm algorithm(JsonNode section) {
        return section.get("algorithm").asText().startsWith("HMAC") ? AoAlgorithm.HMAC_SHA_1_96 : AoAlgorithm.AES_128_CMAC_96;
    }

    /** One vector: its section and one of its four segments. */
    record Vector(JsonNode section, JsonNode segment) {
        @Override
        public String toString() {
            return section.get("section").asText() + " " + section.get("algorithm").asText() + " IPv"
                + section.get("ip_version").asInt() + (section.get("options_in_mac").asBoolean() ? " options in" : " options out")
                + ": " + segment.get("label").asText();
        }

        byte[] packet() {
            return Bytes.hex(segment.get("packet_hex").asText());
        }

        boolean fromClient() {
            return segment.get("direction").asText().startsWith("client");
        }

        long srcIsn() {
            return Long.decode(section.get(fromClient() ? "client_isn" : "server_isn").asText());
        }

        long dstIsn() {
            return Long.decode(section.get(fromClient() ? "server_isn" : "client_isn").asText());
        }

        boolean synWithoutAck() {
            return Integer.decode(segment.get("tcp_flags").asText()) == 0x02;
        }
    }

    static Stream<Arguments> vectors() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode section : VECTORS.get("sections")) {
            for (JsonNode segment : section.get("segments")) {
                out.add(Arguments.of(new Vector(section, segment)));
            }
        }
        return out.stream();
    }

    @Test
    void theFileHoldsAll32Vectors() {
        assertEquals(32, vectors().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void kdfGivesTheTrafficKeyOfEveryVector(Vector v) {
        byte[] ip = v.packet();
        int tcp = Bytes.tcpOffset(ip);
        AoAlgorithm alg = algorithm(v.section());
        MacEngine engine = MacEngine.of(alg);
        byte[] context = Kdf.context(Bytes.srcAddress(ip), Bytes.dstAddress(ip), Bytes.u16(ip, tcp), Bytes.u16(ip, tcp + 2),
            v.srcIsn(), v.synWithoutAck() ? 0 : v.dstIsn());
        byte[] traffic = Kdf.trafficKey(engine, Kdf.prfKey(engine, alg, MASTER), context);
        assertEquals(v.segment().get("traffic_key").asText(), Bytes.hex(traffic));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void macOfEveryVectorRecomputesByteForByte(Vector v) {
        byte[] ip = v.packet();
        int tcp = Bytes.tcpOffset(ip);
        int len = Bytes.tcpLength(ip);
        ByteBuffer buf = ByteBuffer.wrap(ip);
        AuthOptions found = AuthOptions.locate(buf, tcp, len);
        assertTrue(found.aoAt() > 0);
        AoAlgorithm alg = algorithm(v.section());
        MacEngine engine = MacEngine.of(alg);
        engine.init(Bytes.hex(v.segment().get("traffic_key").asText()));
        byte[] out = new byte[engine.digestLength()];
        new AoMac().compute(engine, 0, Bytes.srcAddress(ip), Bytes.dstAddress(ip), buf, tcp, len, found.aoAt(),
            !v.section().get("options_in_mac").asBoolean(), out);
        assertEquals(v.segment().get("expected_mac").asText(), Bytes.hex(Bytes.slice(out, 0, 12)));
        assertArrayEquals(Bytes.slice(ip, found.aoAt() + 4, 12), Bytes.slice(out, 0, 12), "MAC on the wire");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void strictReceiveSynKeyIsTheSynKeyOfTheClientDirection(Vector v) {
        // errata: RFC 9235 lists Receive_SYN_traffic_key computed with both ISNs; the strict one has 0 for ours
        JsonNode keys = v.section().get("traffic_keys");
        String strict = keys.get("derived_strict_receive_syn_traffic_key (dst ISN 0, not in RFC)").asText();
        JsonNode s = v.section();
        int ipv = s.get("ip_version").asInt();
        byte[] server = ipv == 4 ? Kdf.ipv4(org.tcplab.api.sign.Keys.parseAddress(VECTORS.get("server_ipv4").asText()))
            : Bytes.dstAddress(Bytes.hex(s.get("segments").get(0).get("packet_hex").asText()));
        byte[] client = ipv == 4 ? Kdf.ipv4(org.tcplab.api.sign.Keys.parseAddress(VECTORS.get("client_ipv4").asText()))
            : Bytes.srcAddress(Bytes.hex(s.get("segments").get(0).get("packet_hex").asText()));
        AoAlgorithm alg = algorithm(s);
        MacEngine engine = MacEngine.of(alg);
        byte[] key = Kdf.trafficKey(engine, Kdf.prfKey(engine, alg, MASTER), Kdf.context(server, client,
            179, s.get("client_port").asInt(), Long.decode(s.get("server_isn").asText()), 0));
        assertEquals(strict, Bytes.hex(key));
    }

    /** The IPv4 vectors again, through the public contract: a client and a server connection. */
    @Nested
    class ThroughSignedConnections {

        static Stream<Arguments> ipv4Sections() {
            List<Arguments> out = new ArrayList<>();
            for (JsonNode s : VECTORS.get("sections")) {
                if (s.get("ip_version").asInt() == 4) {
                    out.add(Arguments.of(s.get("section").asText(), s));
                }
            }
            return out.stream();
        }

        @ParameterizedTest(name = "section {0}")
        @MethodSource("ipv4Sections")
        void clientSignsAndServerVerifiesEverySegmentAsTheRfcPrintsIt(String name, JsonNode s) {
            int client = org.tcplab.api.sign.Keys.parseAddress(VECTORS.get("client_ipv4").asText());
            int server = org.tcplab.api.sign.Keys.parseAddress(VECTORS.get("server_ipv4").asText());
            int cport = s.get("client_port").asInt();
            long cisn = Long.decode(s.get("client_isn").asText());
            long sisn = Long.decode(s.get("server_isn").asText());
            boolean exclude = !s.get("options_in_mac").asBoolean();
            AoSegmentSigner clientSide = new AoSegmentSigner();
            clientSide.addKey(new AoKey(61, 84, algorithm(s), 12, exclude, server, 32, 0, 0, MASTER));
            AoSegmentSigner serverSide = new AoSegmentSigner();
            serverSide.addKey(new AoKey(84, 61, algorithm(s), 12, exclude, client, 32, 0, 0, MASTER));
            SignedConnection c = clientSide.open(new Flow(client, cport, server, 179), cisn).orElseThrow();
            SignedConnection srv = serverSide.open(new Flow(server, 179, client, cport), sisn).orElseThrow();
            for (JsonNode seg : s.get("segments")) {
                byte[] ip = Bytes.hex(seg.get("packet_hex").asText());
                int tcp = Bytes.tcpOffset(ip);
                int len = Bytes.tcpLength(ip);
                boolean fromClient = seg.get("direction").asText().startsWith("client");
                SignedConnection sender = fromClient ? c : srv;
                SignedConnection receiver = fromClient ? srv : c;
                long seq = Bytes.u32(ip, tcp + 4);
                assertEquals(Verdict.OK, receiver.verify(ByteBuffer.wrap(ip), tcp, len, seq), seg.get("label").asText());
                byte[] copy = ip.clone();
                int aoAt = AuthOptions.locate(ByteBuffer.wrap(copy), tcp, len).aoAt();
                java.util.Arrays.fill(copy, aoAt + 2, aoAt + 16, (byte) 0);
                sender.sign(ByteBuffer.wrap(copy), tcp, len, seq);
                assertEquals(Bytes.hex(ip), Bytes.hex(copy), "re-signed " + seg.get("label").asText());
            }
        }
    }
}
