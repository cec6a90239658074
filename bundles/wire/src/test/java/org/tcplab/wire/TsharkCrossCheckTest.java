package org.tcplab.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tcplab.wire.internal.Hex;

/**
 * Checked against a tool no one here wrote: packets emitted by the codec (every TCP option, flag combinations,
 * UDP with and without checksum, every ICMP type and unreachable code, fragments, IP options, DSCP/ECN) are written
 * to a pcap file and decoded by tshark, which must show the same field values, good checksums, and no malformed
 * packet or error-level expert info beyond what a packet provokes on purpose.
 *
 * <p>tshark must be installed ({@code DEBIAN_FRONTEND=noninteractive apt-get install -y tshark}); without it this
 * test fails, it is never skipped.
 */
class TsharkCrossCheckTest {

    private static final int A = Fixtures.A;
    private static final int B = Fixtures.B;

    /** The tshark fields compared, in column order. */
    private static final String[] FIELDS = {"frame.number", "ip.src", "ip.dst", "ip.ttl", "ip.id", "ip.flags.rb",
        "ip.flags.df", "ip.flags.mf", "ip.frag_offset", "ip.dsfield.dscp", "ip.dsfield.ecn", "ip.proto",
        "ip.checksum.status", "tcp.srcport", "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.flags",
        "tcp.window_size_value", "tcp.urgent_pointer", "tcp.len", "tcp.option_kind", "tcp.options.mss_val",
        "tcp.options.wscale.shift", "tcp.options.sack_le", "tcp.options.sack_re", "tcp.options.timestamp.tsval",
        "tcp.options.timestamp.tsecr", "tcp.options.md5.digest", "tcp.options.ao.keyid", "tcp.options.ao.rnextkeyid",
        "tcp.options.ao.mac", "tcp.options.unknown.payload", "tcp.checksum.status", "udp.srcport", "udp.dstport",
        "udp.length", "udp.checksum.status", "icmp.type", "icmp.code", "icmp.checksum.status", "icmp.ident",
        "icmp.seq", "icmp.mtu", "_ws.malformed", "_ws.expert.severity", "_ws.expert.message"};

    /** Wireshark's PI_ERROR severity. */
    private static final String SEVERITY_ERROR = "8388608";

    private record Case(String description, ByteBuffer bytes, Map<String, String> expected,
                        List<String> allowedErrors) {
    }

    private final List<Case> cases = new ArrayList<>();
    private final Gen gen = new Gen(0x75A4L);

    @Test
    void everyEmittedPacketDecodesInTsharkWithTheSameFieldsAndNoChecksumOrMalformedComplaint(@TempDir Path dir)
        throws Exception {
        buildCases();
        Path pcap = dir.resolve("wire-emitted.pcap");
        List<ByteBuffer> datagrams = new ArrayList<>();
        for (Case c : cases) {
            datagrams.add(c.bytes());
        }
        Pcap.writeRaw(pcap, datagrams);

        List<String> lines = runTshark(pcap);
        assertEquals(cases.size(), lines.size(), "one tshark line per packet");
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String[] cols = lines.get(i).split("\t", -1);
            Map<String, String> got = new LinkedHashMap<>();
            for (int f = 0; f < FIELDS.length; f++) {
                got.put(FIELDS[f], f < cols.length ? cols[f] : "");
            }
            String where = "packet " + (i + 1) + " " + c.description();
            for (Map.Entry<String, String> e : c.expected().entrySet()) {
                String actual = got.get(e.getKey());
                if (!e.getKey().equals("tcp.option_kind") && !e.getKey().startsWith("tcp.options.sack")) {
                    actual = first(actual);
                }
                if (e.getKey().equals("tcp.option_kind")) {
                    actual = Arrays.stream(actual.split(",")).filter(k -> !k.isEmpty() && !k.equals("0"))
                        .collect(Collectors.joining(","));
                }
                if (!e.getValue().equals(actual)) {
                    problems.add(where + ": " + e.getKey() + " expected '" + e.getValue() + "' but tshark says '"
                        + actual + "'");
                }
            }
            if (!got.get("_ws.malformed").isEmpty()) {
                problems.add(where + ": tshark reports a malformed packet: " + got.get("_ws.malformed"));
            }
            for (String status : new String[] {"ip.checksum.status", "tcp.checksum.status", "icmp.checksum.status"}) {
                for (String s : got.get(status).split(",")) {
                    if (!s.isEmpty() && !s.equals("1")) {
                        problems.add(where + ": " + status + " = " + s + " (1 is good)");
                    }
                }
            }
            String udp = first(got.get("udp.checksum.status"));
            if (!udp.isEmpty() && !udp.equals(c.expected().getOrDefault("udp.checksum.status", "1"))
                && !c.expected().containsKey("udp.checksum.status")) {
                problems.add(where + ": udp.checksum.status = " + udp);
            }
            String[] sev = got.get("_ws.expert.severity").split(",");
            String[] msg = got.get("_ws.expert.message").split(",", sev.length);
            for (int s = 0; s < sev.length; s++) {
                String m = s < msg.length ? msg[s] : "";
                if (m.toLowerCase().contains("checksum") || m.toLowerCase().contains("malformed")) {
                    problems.add(where + ": expert info '" + m + "'");
                } else if (sev[s].equals(SEVERITY_ERROR) && !c.allowedErrors().contains(m)) {
                    problems.add(where + ": error-level expert info '" + m + "'");
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " disagreements with tshark (pcap kept at " + keep(pcap) + "):\n"
                + String.join("\n", problems.subList(0, Math.min(40, problems.size()))));
        }
    }

    private static String first(String v) {
        int comma = v.indexOf(',');
        return comma < 0 ? v : v.substring(0, comma);
    }

    private static Path keep(Path pcap) throws IOException {
        Path out = Path.of("target", "tshark-cross-check.pcap");
        Files.createDirectories(out.getParent());
        return Files.copy(pcap, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING).toAbsolutePath();
    }

    private static List<String> runTshark(Path pcap) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(),
            "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
            "-o", "tcp.analyze_sequence_numbers:FALSE", "-o", "tcp.relative_sequence_numbers:FALSE",
            "-o", "ip.defragment:FALSE",
            "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String f : FIELDS) {
            cmd.add("-e");
            cmd.add(f);
        }
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        } catch (IOException e) {
            fail("tshark is not installed, and this test needs it: run "
                + "'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y tshark' (" + e.getMessage() + ")");
            return List.of();
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark did not finish");
        assertEquals(0, p.exitValue(), "tshark failed: " + new String(err, StandardCharsets.UTF_8));
        return out.lines().collect(Collectors.toList());
    }

    // ---- the packets ----------------------------------------------------------------------------------

    private void buildCases() {
        TcpRepr base = TcpRepr.builder().ports(40001, 40002).seq(1000).ack(2000).window(29200).build();
        // Linux's SYN, SYN-ACK, and every option alone.
        tcp(base.withFlags(TcpFlags.SYN).withOptions(new TcpOption.Mss(1460), TcpOption.SackPermitted.INSTANCE,
            new TcpOption.Timestamps(12345, 0), TcpOption.Nop.INSTANCE, new TcpOption.WindowScale(7)));
        tcp(base.withFlags(TcpFlags.SYN | TcpFlags.ACK).withOptions(new TcpOption.Mss(1400), TcpOption.Nop.INSTANCE,
            TcpOption.Nop.INSTANCE, TcpOption.SackPermitted.INSTANCE, TcpOption.Nop.INSTANCE,
            new TcpOption.WindowScale(14)));
        for (int n = 1; n <= 4; n++) {
            List<TcpOption.SackBlock> blocks = new ArrayList<>();
            for (int b = 0; b < n; b++) {
                blocks.add(new TcpOption.SackBlock(3000 + 100 * b, 3050 + 100 * b));
            }
            tcp(base.withFlags(TcpFlags.ACK).withOptions(TcpOption.Nop.INSTANCE, TcpOption.Nop.INSTANCE,
                new TcpOption.Sack(blocks)));
        }
        tcp(base.withFlags(TcpFlags.ACK).withOptions(TcpOption.Nop.INSTANCE, TcpOption.Nop.INSTANCE,
            new TcpOption.Timestamps(0xFFFFFFFFL, 0x80000000L), TcpOption.Nop.INSTANCE, TcpOption.Nop.INSTANCE,
            new TcpOption.Sack(List.of(new TcpOption.SackBlock(1, 2), new TcpOption.SackBlock(5, 9),
                new TcpOption.SackBlock(10, 20)))));
        tcp(base.withFlags(TcpFlags.SYN).withOptions(TcpOption.Nop.INSTANCE, TcpOption.Nop.INSTANCE,
            new TcpOption.Md5Signature(gen.bytes(16)), new TcpOption.Mss(1460), TcpOption.Nop.INSTANCE,
            TcpOption.Nop.INSTANCE, TcpOption.SackPermitted.INSTANCE, TcpOption.Nop.INSTANCE,
            new TcpOption.WindowScale(10)));
        tcp(base.withFlags(TcpFlags.ACK | TcpFlags.PSH).withOptions(new TcpOption.Ao(61, 84, gen.bytes(12)))
            .withPayload(gen.bytes(30)));
        tcp(base.withFlags(TcpFlags.ACK).withOptions(new TcpOption.Ao(1, 2, gen.bytes(16))));
        tcp(base.withFlags(TcpFlags.ACK).withOptions(new TcpOption.Unknown(30, Hex.parse("abcd")),
            TcpOption.Nop.INSTANCE, TcpOption.Nop.INSTANCE, new TcpOption.Unknown(253, Hex.parse("0102030405")),
            new TcpOption.Eol(new byte[0])));
        tcp(base.withFlags(TcpFlags.ACK).withOptions(new TcpOption.Mss(536), new TcpOption.Eol(new byte[3])));
        tcp(base.withFlags(TcpFlags.ACK).withOptions(new TcpOption.Mss(536), new TcpOption.Eol(Hex.parse("0000de"))),
            "Non-zero header padding");
        tcp(base.withFlags(TcpFlags.ACK | TcpFlags.URG).withUrgentPointer(5).withPayload(gen.bytes(10)));
        // Every combination of the eight classic flag bits, then NS and the reserved bits.
        for (int f = 0; f < 256; f++) {
            tcp(base.withFlags(f).withSeq(f * 7919L));
        }
        for (int f : new int[] {TcpFlags.NS, TcpFlags.RES9, TcpFlags.RES10, TcpFlags.RES11, TcpFlags.MASK}) {
            tcp(base.withFlags(f | TcpFlags.ACK));
        }
        // Seeded random segments, ports moved away from well-known dissectors.
        for (int i = 0; i < 200; i++) {
            TcpRepr t = gen.tcp();
            tcp(t.withSrcPort(40000 + gen.nextInt(1000)).withDstPort(41000 + gen.nextInt(1000)),
                t.options().stream().anyMatch(o -> o instanceof TcpOption.Eol e && nonZero(e.padding()))
                    ? "Non-zero header padding" : null);
        }
        // UDP with and without checksum.
        for (int i = 0; i < 20; i++) {
            udp(new UdpRepr(42000 + i, 43000 + i, i % 2 == 0, ByteBuffer.wrap(gen.bytes(i * 13))));
        }
        // ICMP: echo, every unreachable code, time exceeded, a raw type; errors quote a TCP datagram.
        ByteBuffer quoted = new Datagram(Ipv4Repr.of(A, B, IpProtocol.TCP, 64, 0), base.withFlags(TcpFlags.SYN))
            .toBuffer().slice(0, 28);
        icmp(new IcmpRepr.EchoRequest(0x1234, 1, ByteBuffer.wrap(gen.bytes(56))));
        icmp(new IcmpRepr.EchoReply(0x1234, 1, ByteBuffer.wrap(gen.bytes(56))));
        for (int code = 0; code <= 15; code++) {
            icmp(new IcmpRepr.DestUnreachable(code, code == 4 ? 1400 : 0, quoted));
        }
        icmp(new IcmpRepr.TimeExceeded(0, quoted));
        icmp(new IcmpRepr.TimeExceeded(1, quoted));
        icmp(new IcmpRepr.Other(13, 0, ByteBuffer.wrap(Hex.parse("00010002000000640000000000000000"))));
        // IPv4 corners: DSCP/ECN, options, the reserved flag, fragments (first and later).
        UdpRepr u = new UdpRepr(44000, 44001, true, ByteBuffer.wrap(gen.bytes(40)));
        add(new Datagram(Ipv4Repr.builder().src(A).dst(B).protocol(IpProtocol.UDP).dscp(46).ecn(1).ttl(128)
            .identification(0xbeef).payloadLength(u.emittedLength()).build(), u), null);
        add(new Datagram(Ipv4Repr.builder().src(A).dst(B).protocol(IpProtocol.UDP).ecn(3)
            .options(Hex.parse("94040000")).payloadLength(u.emittedLength()).build(), u), null);
        ByteBuffer fragPayload = ByteBuffer.allocate(u.emittedLength());
        u.emit(fragPayload, 0, A, B);
        rawIp(Ipv4Repr.builder().src(A).dst(B).protocol(IpProtocol.UDP).dontFragment(false).moreFragments(true)
            .identification(7).payloadLength(24).build(), fragPayload.slice(0, 24),
            Map.of("udp.srcport", "44000", "udp.checksum.status", "2"));
        rawIp(Ipv4Repr.builder().src(A).dst(B).protocol(IpProtocol.UDP).dontFragment(false).fragmentOffset(3)
            .identification(7).payloadLength(24).build(), fragPayload.slice(24, 24), Map.of("udp.srcport", ""));
    }

    private static boolean nonZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return true;
            }
        }
        return false;
    }

    private void tcp(TcpRepr t) {
        tcp(t, null);
    }

    private void tcp(TcpRepr t, String allowedError) {
        add(new Datagram(Ipv4Repr.of(A, B, IpProtocol.TCP, 64, 0).withIdentification(cases.size()), t),
            allowedError);
    }

    private void udp(UdpRepr u) {
        add(new Datagram(Ipv4Repr.of(B, A, IpProtocol.UDP, 1 + cases.size() % 255, 0), u), null);
    }

    private void icmp(IcmpRepr m) {
        add(new Datagram(Ipv4Repr.of(B, A, IpProtocol.ICMP, 255, 0), m), null);
    }

    private void add(Datagram d, String allowedError) {
        Map<String, String> e = ipFields(d.emittedHeader());
        Ipv4Payload p = d.payload();
        if (p instanceof TcpRepr t) {
            e.put("tcp.srcport", "" + t.srcPort());
            e.put("tcp.dstport", "" + t.dstPort());
            e.put("tcp.seq_raw", "" + t.seq());
            e.put("tcp.ack_raw", "" + t.ack());
            e.put("tcp.flags", String.format("0x%04x", t.flags()));
            e.put("tcp.window_size_value", "" + t.window());
            e.put("tcp.len", "" + t.payloadLength());
            if (t.has(TcpFlags.URG)) {
                e.put("tcp.urgent_pointer", "" + t.urgentPointer());
            }
            e.put("tcp.option_kind", t.options().stream().filter(o -> o.kind() != 0)
                .map(o -> "" + o.kind()).collect(Collectors.joining(",")));
            t.mss().ifPresent(v -> e.put("tcp.options.mss_val", "" + v));
            t.windowScale().ifPresent(v -> e.put("tcp.options.wscale.shift", "" + v));
            t.timestamps().ifPresent(ts -> {
                e.put("tcp.options.timestamp.tsval", "" + ts.tsVal());
                e.put("tcp.options.timestamp.tsecr", "" + ts.tsEcr());
            });
            t.md5().ifPresent(m -> e.put("tcp.options.md5.digest", Hex.of(m.digest())));
            t.ao().ifPresent(a -> {
                e.put("tcp.options.ao.keyid", "" + a.keyId());
                e.put("tcp.options.ao.rnextkeyid", "" + a.rnextKeyId());
                if (a.mac().length > 0) {
                    e.put("tcp.options.ao.mac", Hex.of(a.mac()));
                }
            });
            if (t.options().stream().filter(o -> o instanceof TcpOption.Sack).count() == 1) {
                TcpOption.Sack s = t.sack().orElseThrow();
                e.put("tcp.options.sack_le", s.blocks().stream().map(b -> "" + b.left()).collect(Collectors.joining(",")));
                e.put("tcp.options.sack_re", s.blocks().stream().map(b -> "" + b.right()).collect(Collectors.joining(",")));
            }
        } else if (p instanceof UdpRepr u) {
            e.put("udp.srcport", "" + u.srcPort());
            e.put("udp.dstport", "" + u.dstPort());
            e.put("udp.length", "" + u.emittedLength());
            e.put("udp.checksum.status", u.checksumPresent() ? "1" : "3");
        } else if (p instanceof IcmpRepr m) {
            e.put("icmp.type", "" + m.type());
            e.put("icmp.code", "" + m.code());
            if (m instanceof IcmpRepr.Echo echo) {
                e.put("icmp.ident", "" + echo.id());
                e.put("icmp.seq", "" + echo.seq());
            }
            if (m instanceof IcmpRepr.DestUnreachable u && u.code() == IcmpRepr.CODE_FRAGMENTATION_NEEDED) {
                e.put("icmp.mtu", "" + u.nextHopMtu());
            }
        }
        cases.add(new Case(d.toString(), d.toBuffer(), e, allowedError == null ? List.of() : List.of(allowedError)));
    }

    /**
     * A fragment: the header, then raw bytes. tshark (defragmentation off) reads the UDP header of a first
     * fragment but cannot verify its checksum (status 2, unverified), and reads no UDP header in a later one.
     */
    private void rawIp(Ipv4Repr ip, ByteBuffer payload, Map<String, String> more) {
        ByteBuffer b = ByteBuffer.allocate(ip.totalLength());
        ip.emit(b, 0);
        b.put(ip.headerLength(), payload, 0, payload.remaining());
        Map<String, String> e = ipFields(ip);
        e.putAll(more);
        cases.add(new Case(ip.toString(), b, e, List.of()));
    }

    private static Map<String, String> ipFields(Ipv4Repr h) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("ip.src", Ipv4Address.toString(h.src()));
        e.put("ip.dst", Ipv4Address.toString(h.dst()));
        e.put("ip.ttl", "" + h.ttl());
        e.put("ip.id", String.format("0x%04x", h.identification()));
        e.put("ip.flags.rb", h.reservedFlag() ? "1" : "0");
        e.put("ip.flags.df", h.dontFragment() ? "1" : "0");
        e.put("ip.flags.mf", h.moreFragments() ? "1" : "0");
        e.put("ip.frag_offset", "" + h.fragmentOffset());
        e.put("ip.dsfield.dscp", "" + h.dscp());
        e.put("ip.dsfield.ecn", "" + h.ecn());
        e.put("ip.proto", "" + h.protocol());
        return e;
    }
}
