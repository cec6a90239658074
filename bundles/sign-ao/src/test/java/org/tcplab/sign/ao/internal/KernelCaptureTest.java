package org.tcplab.sign.ao.internal;

import org.tcplab.api.sign.AuthOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tcplab.api.sign.AoAlgorithm;
import org.tcplab.api.sign.AoKey;
import org.tcplab.api.sign.Flow;
import org.tcplab.api.sign.Keys;
import org.tcplab.api.sign.SignedConnection;
import org.tcplab.api.sign.Verdict;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * ao-ipv4-hmac-sha1.pcap: two TCP-AO connections made by Linux 6.12 (hmac(sha1), MAC 12, ids 61/84, master key
 * "testvector"), the second ended by an AO-signed RST. Every segment is verified by the receiving side's
 * connection and re-signed by the sending side's, byte for byte.
 */
class KernelCaptureTest {

    static final JsonNode META = Bytes.json("ao-ipv4-hmac-sha1.json");
    static final List<byte[]> PACKETS = Bytes.pcapIpv4(Bytes.resource("ao-ipv4-hmac-sha1.pcap"));

    @Test
    void everyKernelMacRecomputesAndVerifiesIncludingTheRst() {
        int client = Keys.parseAddress(META.get("client_addr_v4").asText());
        int server = Keys.parseAddress(META.get("server_addr_v4").asText());
        byte[] master = Bytes.hex(META.get("master_key_hex").asText());
        AoSegmentSigner clientHost = new AoSegmentSigner();
        clientHost.addKey(new AoKey(61, 84, AoAlgorithm.HMAC_SHA_1_96, 12, false, server, 32, 0, 0, master));
        AoSegmentSigner serverHost = new AoSegmentSigner();
        serverHost.addKey(new AoKey(84, 61, AoAlgorithm.HMAC_SHA_1_96, 12, false, client, 32, 0, 0, master));
        JsonNode isns = META.get("isns");
        Map<Integer, SignedConnection[]> byPort = new HashMap<>();
        int checked = 0;
        int rsts = 0;
        assertEquals(META.get("segments").size(), PACKETS.size());
        for (byte[] ip : PACKETS) {
            int tcp = Bytes.tcpOffset(ip);
            int len = Bytes.tcpLength(ip);
            boolean fromClient = Bytes.s32(ip, 12) == client;
            int cport = fromClient ? Bytes.u16(ip, tcp) : Bytes.u16(ip, tcp + 2);
            SignedConnection[] pair = byPort.computeIfAbsent(cport, p -> new SignedConnection[] {
                clientHost.open(new Flow(client, p, server, 179),
                    Long.decode(isns.get("10.11.12.13:" + p + "->172.27.28.29:179").asText())).orElseThrow(),
                serverHost.open(new Flow(server, 179, client, p),
                    Long.decode(isns.get("172.27.28.29:179->10.11.12.13:" + p).asText())).orElseThrow()});
            SignedConnection sender = fromClient ? pair[0] : pair[1];
            SignedConnection receiver = fromClient ? pair[1] : pair[0];
            long seq = Bytes.u32(ip, tcp + 4);
            String what = (fromClient ? "client " : "server ") + cport + " seq " + seq;
            assertEquals(Verdict.OK, receiver.verify(ByteBuffer.wrap(ip), tcp, len, seq), what);
            byte[] copy = ip.clone();
            int aoAt = AuthOptions.locate(ByteBuffer.wrap(copy), tcp, len).aoAt();
            Arrays.fill(copy, aoAt + 2, aoAt + 16, (byte) 0);
            sender.sign(ByteBuffer.wrap(copy), tcp, len, seq);
            assertEquals(Bytes.hex(ip), Bytes.hex(copy), "re-signed " + what);
            checked++;
            if ((ip[tcp + 13] & AoSegmentSigner.RST) != 0) {
                rsts++;
            }
        }
        assertEquals(META.get("segments_ao_verified").asInt(), checked);
        assertEquals(1, rsts);
    }
}
