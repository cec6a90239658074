package org.tcplab.scenarios;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.tcplab.link.pcap.PcapFormat;
import org.tcplab.link.pcap.PcapResult;
import org.tcplab.link.pcap.PcapWriter;
import org.tcplab.link.sim.WireEvent;

/**
 * What one run of a scenario under one policy produced: the ladder, the socket calls with their results, and
 * every datagram event of the network.
 */
public record Run(String scenario, String description, String policy, long seed, Ladder ladder,
        List<Script.Call> calls, List<WireEvent> wire) {

    /** The results of the calls whose text starts with {@code prefix} on {@code host}, e.g. the errno sequence of A's sends. */
    public List<String> results(String host, String prefix) {
        return calls.stream().filter(c -> c.host().equals(host) && c.call().startsWith(prefix))
                .map(Script.Call::result).toList();
    }

    /** The ladder with a title line. */
    public String text() {
        return scenario + " (policy " + policy + ", seed " + seed + "): " + description + "\n\n" + ladder;
    }

    /**
     * Writes every datagram the hosts and the scenario put on the network, as sent, to a classic pcap file
     * (raw IPv4, nanosecond timestamps from the virtual clock). Returns the problem, if there was one.
     */
    public Optional<String> writePcap(Path file) {
        PcapResult<PcapWriter> created = PcapWriter.create(file, PcapFormat.DEFAULT);
        if (created.failure().isPresent()) {
            return Optional.of(created.failure().get().message());
        }
        try (PcapWriter w = created.orElseThrow()) {
            for (WireEvent e : wire) {
                if (e instanceof WireEvent.Sent s) {
                    w.write(s.nanos(), ByteBuffer.wrap(s.bytes()));
                }
            }
            w.flush();
            return w.status().failure().map(f -> f.message());
        }
    }

    /** The run for tools: scenario, policy, seed, rows, calls and every wire event, as one JSON object. */
    public String json() {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("{\"scenario\":").append(Json.str(scenario))
                .append(",\"description\":").append(Json.str(description))
                .append(",\"policy\":").append(Json.str(policy))
                .append(",\"seed\":").append(seed)
                .append(",\"rows\":[");
        boolean first = true;
        for (Row r : ladder.rows()) {
            sb.append(first ? "" : ",").append("{\"kind\":").append(Json.str(r.kind().name().toLowerCase()))
                    .append(",\"line\":").append(r.number())
                    .append(",\"nanos\":").append(r.nanos())
                    .append(",\"a\":").append(Json.str(r.left()))
                    .append(",\"arrowA\":").append(Json.str(r.leftArrow()))
                    .append(",\"segment\":").append(Json.str(r.segment()))
                    .append(",\"arrowB\":").append(Json.str(r.rightArrow()))
                    .append(",\"b\":").append(Json.str(r.right()))
                    .append(",\"text\":").append(Json.str(r.kind() == Row.Kind.MARK ? r.text() : r.figureText()))
                    .append('}');
            first = false;
        }
        sb.append("],\"calls\":[");
        first = true;
        for (Script.Call c : calls) {
            sb.append(first ? "" : ",").append("{\"nanos\":").append(c.nanos())
                    .append(",\"host\":").append(Json.str(c.host()))
                    .append(",\"call\":").append(Json.str(c.call()))
                    .append(",\"result\":").append(Json.str(c.result())).append('}');
            first = false;
        }
        sb.append("],\"wire\":[");
        first = true;
        for (WireEvent e : wire) {
            String event = e instanceof WireEvent.Sent ? "sent" : e instanceof WireEvent.Delivered ? "delivered" : "dropped";
            sb.append(first ? "" : ",").append("{\"nanos\":").append(e.nanos())
                    .append(",\"packet\":").append(e.packet())
                    .append(",\"event\":").append(Json.str(event))
                    .append(",\"from\":").append(Json.str(e.from()))
                    .append(",\"to\":").append(Json.str(e.to()))
                    .append(",\"segment\":").append(Json.str(Notation.of(e.bytes())))
                    .append(",\"bytes\":").append(e.bytes().length);
            if (e instanceof WireEvent.Dropped d) {
                sb.append(",\"reason\":").append(Json.str(d.reason().name()));
            }
            sb.append('}');
            first = false;
        }
        return sb.append("]}").toString();
    }

    /** Minimal JSON string escaping (RFC 8259 §7). */
    static final class Json {
        private Json() {
        }

        static String str(String s) {
            if (s == null) {
                return "null";
            }
            StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            return sb.append('"').toString();
        }
    }
}
