package org.tcplab.link.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * tshark reads what {@link PcapWriter} writes, in both formats, with no warning about the file: every frame
 * decodes, every checksum verifies, nothing is malformed. The one expert warning allowed is TCP's
 * "Connection reset (RST)", which is about the segment's meaning (the conversation ends with a RST on purpose).
 *
 * <p>tshark must be installed ({@code apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y tshark});
 * without it this test fails, it does not skip. The files are kept in {@code target/} for a person to open.
 */
class TsharkTest {

    private static final String[] CHECKSUMS = {
        "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
    };

    private static Path write(String name, PcapFormat format) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "tshark"));
        Path f = dir.resolve(name);
        PcapWriter w = PcapWriter.create(f, format).orElseThrow();
        long t = 1_795_324_221_800_432_123L;
        for (byte[] d : Packets.conversation()) {
            assertTrue(w.write(t += 1_234_567, ByteBuffer.wrap(d)));
        }
        w.close();
        assertEquals(Packets.conversation().length, w.status().written());
        return f;
    }

    private static List<String> tshark(Path pcap, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString()));
        cmd.addAll(List.of(CHECKSUMS));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            fail("tshark is not installed, and this test needs it: run "
                + "'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y tshark' (" + e.getMessage() + ")");
            return List.of();
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark did not finish");
        assertEquals(0, p.exitValue(), "tshark failed on " + pcap + ": " + err);
        // tshark run as root says so on stderr; that is about the user, not the file. Anything else is a warning.
        String warnings = err.lines().filter(l -> !l.startsWith("Running as user \"root\""))
            .collect(Collectors.joining("\n"));
        assertEquals("", warnings, "tshark warned about " + pcap);
        return out.lines().collect(Collectors.toList());
    }

    private static void readsCleanly(Path f, String firstTime) throws Exception {
        List<String> summary = tshark(f);
        assertEquals(Packets.conversation().length, summary.size(), String.join("\n", summary));

        List<String> fields = tshark(f, "-T", "fields", "-E", "separator=|",
            "-e", "frame.number", "-e", "ip.checksum.status", "-e", "tcp.checksum.status",
            "-e", "udp.checksum.status", "-e", "icmp.checksum.status", "-e", "_ws.malformed",
            "-e", "_ws.expert.severity", "-e", "_ws.expert.message");
        List<String> problems = new ArrayList<>();
        for (String line : fields) {
            String[] c = line.split("\\|", -1);
            // Checksum status 1 is "Good" (0 bad, 2 unverified): every present checksum must verify.
            for (int i = 1; i <= 4; i++) {
                if (!c[i].isEmpty() && !c[i].equals("1")) {
                    problems.add("frame " + c[0] + ": checksum status " + c[i] + " in column " + i);
                }
            }
            if (!c[5].isEmpty()) {
                problems.add("frame " + c[0] + ": malformed: " + c[5]);
            }
            String[] severities = c[6].isEmpty() ? new String[0] : c[6].split(",");
            String[] messages = c[7].split(",");
            for (int i = 0; i < severities.length; i++) {
                // Wireshark severities: chat 0x00200000, note 0x00400000, warn 0x00600000, error 0x00800000.
                long severity = Long.parseLong(severities[i]);
                String message = i < messages.length ? messages[i] : "?";
                if (severity >= 0x00600000L && !message.equals("Connection reset (RST)")) {
                    problems.add("frame " + c[0] + ": expert " + Long.toHexString(severity) + " " + message);
                }
            }
        }
        assertEquals(List.of(), problems, "tshark on " + f.toAbsolutePath());

        List<String> times = tshark(f, "-T", "fields", "-e", "frame.time_epoch");
        assertEquals(firstTime, times.get(0), "frame 1's time, to the file's resolution");
    }

    @Test
    void tsharkReadsTheDefaultNanosecondRawFileWithGoodChecksumsAndNoWarnings() throws Exception {
        readsCleanly(write("nanos-raw.pcap", PcapFormat.DEFAULT), "1795324221.801666690");
    }

    @Test
    void tsharkReadsAMicrosecondIpv4FileWithGoodChecksumsAndNoWarnings() throws Exception {
        readsCleanly(write("micros-ipv4.pcap",
            PcapFormat.DEFAULT.withResolution(TimeResolution.MICROS).withLinkType(LinkType.IPV4)),
            "1795324221.801666000");
    }
}
