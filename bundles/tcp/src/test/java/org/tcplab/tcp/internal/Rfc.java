package org.tcplab.tcp.internal;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tcplab.wire.TcpFlags;

/**
 * Segments written the way the RFC figures write them: {@code <SEQ=300><ACK=101><CTL=SYN,ACK>}. Extra fields
 * for tests: {@code <DATA=5>} (five bytes 'a'..'e'), {@code <DATA="text">}, {@code <WND=n>} (default 1000),
 * {@code <MSS=n>}, {@code <WS=n>}.
 */
final class Rfc {

    private static final Pattern FIELD = Pattern.compile("<(\\w+)=([^>]*)>");

    private Rfc() {
    }

    static Segment seg(int srcPort, int dstPort, String text) {
        long seq = 0;
        long ack = 0;
        int flags = 0;
        int window = 1000;
        int mss = -1;
        int ws = -1;
        byte[] data = null;
        Matcher m = FIELD.matcher(text);
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                throw new IllegalArgumentException("bad segment text: " + text);
            }
            end = m.end();
            String v = m.group(2);
            switch (m.group(1)) {
                case "SEQ" -> seq = Long.parseLong(v);
                case "ACK" -> ack = Long.parseLong(v);
                case "CTL" -> flags = TcpFlags.parse(v);
                case "WND" -> window = Integer.parseInt(v);
                case "MSS" -> mss = Integer.parseInt(v);
                case "WS" -> ws = Integer.parseInt(v);
                case "DATA" -> {
                    if (v.startsWith("\"")) {
                        data = v.substring(1, v.length() - 1).getBytes(StandardCharsets.US_ASCII);
                    } else {
                        data = new byte[Integer.parseInt(v)];
                        for (int i = 0; i < data.length; i++) {
                            data[i] = (byte) ('a' + i % 26);
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown field " + m.group(1));
            }
        }
        if (end != text.length()) {
            throw new IllegalArgumentException("bad segment text: " + text);
        }
        return new Segment(srcPort, dstPort, seq, ack, flags, window, mss, ws, data);
    }
}
