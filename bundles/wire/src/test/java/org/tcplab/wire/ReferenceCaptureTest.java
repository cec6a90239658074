package org.tcplab.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.tcplab.wire.internal.Hex;

/**
 * The kernel-made captures of {@code shared/reference} (copied into test resources with the fields of their JSON
 * descriptions in {@code expected-segments.tsv}): every packet parses with every checksum verified, and every
 * field, option kind and signature matches what the capture's authors recorded.
 */
class ReferenceCaptureTest {

    private static byte[] resource(String name) {
        try (InputStream in = ReferenceCaptureTest.class.getResourceAsStream("reference/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource reference/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, List<String[]>> expected() {
        Map<String, List<String[]>> out = new LinkedHashMap<>();
        for (String line : new String(resource("expected-segments.tsv"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            out.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
        }
        return out;
    }

    @Test
    void everySegmentOfBothCapturesParsesVerifiedWithTheRecordedFieldsOptionsAndSignature() {
        Map<String, List<String[]>> all = expected();
        assertEquals(2, all.size());
        for (Map.Entry<String, List<String[]>> e : all.entrySet()) {
            List<ByteBuffer> packets = Pcap.readIpv4(resource(e.getKey()));
            assertEquals(e.getValue().size(), packets.size(), e.getKey());
            for (int i = 0; i < packets.size(); i++) {
                String[] f = e.getValue().get(i);
                String where = e.getKey() + " #" + i;
                ParseResult<Datagram> r = Datagram.parse(packets.get(i));
                assertTrue(r.isOk(), where + ": " + r);
                Datagram d = r.value();
                TcpRepr t = (TcpRepr) d.payload();
                assertEquals(f[1], Ipv4Address.toString(d.ip().src()), where);
                assertEquals(Integer.parseInt(f[2]), t.srcPort(), where);
                assertEquals(f[3], Ipv4Address.toString(d.ip().dst()), where);
                assertEquals(Integer.parseInt(f[4]), t.dstPort(), where);
                assertEquals(TcpFlags.parse(f[5].replace('|', ',')), t.flags(), where);
                assertEquals(Long.parseLong(f[6]), t.seq(), where);
                assertEquals(Long.parseLong(f[7]), t.ack(), where);
                assertEquals(Integer.parseInt(f[8]), t.payloadLength(), where);
                String kinds = t.options().stream().filter(o -> o.kind() > 1).map(o -> Integer.toString(o.kind()))
                    .collect(Collectors.joining(","));
                assertEquals(f[9], kinds, where);
                byte[] sig = t.md5().map(TcpOption.Md5Signature::digest)
                    .orElseGet(() -> t.ao().map(TcpOption.Ao::mac).orElse(new byte[0]));
                assertEquals(f[10], Hex.of(sig), where);
                assertArrayEquals(bytesOf(packets.get(i)), d.toBuffer().array(), where + " re-emits byte for byte");
            }
        }
    }

    @Test
    void theLinuxMd5SynReadsOptionByOptionAndReEmitsByteForByte() {
        ByteBuffer syn = Pcap.readIpv4(resource("md5-ipv4.pcap")).get(0);
        TcpRepr t = (TcpRepr) Datagram.parse(syn).value().payload();
        assertEquals(List.of(TcpOption.Nop.INSTANCE, TcpOption.Nop.INSTANCE,
            new TcpOption.Md5Signature(Hex.parse("aae1f2485d6d84fc4230a2070540e4aa")), new TcpOption.Mss(1460),
            TcpOption.Nop.INSTANCE, TcpOption.Nop.INSTANCE, TcpOption.SackPermitted.INSTANCE, TcpOption.Nop.INSTANCE,
            new TcpOption.WindowScale(10)), t.options());
        assertEquals("<SEQ=1795364744><CTL=SYN><MD5=aae1f2485d6d84fc4230a2070540e4aa><MSS=1460><SACKOK><WS=10>",
            t.toString());
        assertEquals("450000480d1140004006a99bc0000201c00002029cf300b36b03178800000000d002faf01e090000010113"
            + "12aae1f2485d6d84fc4230a2070540e4aa020405b4010104020103030a",
            Hex.of(Datagram.parse(syn).value().toBuffer().array()));
    }

    @Test
    void theLinuxAoSynReadsKeyIdsAndMac() {
        ByteBuffer syn = Pcap.readIpv4(resource("ao-ipv4-hmac-sha1.pcap")).get(0);
        DatagramView v = new DatagramView();
        assertEquals(ParseError.NONE, v.check(syn, syn.position(), syn.remaining(), true));
        TcpPacket p = v.tcp();
        assertEquals(p.offset() + 20, p.aoOptionOffset(), "Linux puts AO first");
        TcpOption.Ao ao = p.repr().ao().orElseThrow();
        assertEquals(61, ao.keyId());
        assertEquals(84, ao.rnextKeyId());
        assertEquals("73455937054611f9fbc8c99c", Hex.of(ao.mac()));
        assertEquals(0xffd7, p.mss(), "the loopback MSS of that kernel");
        assertTrue(p.hasTimestamps());
        assertEquals(6, p.windowScale());
    }

    private static byte[] bytesOf(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
