package org.tcplab.link.tun.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.tcplab.link.tun.TunSettings;

/**
 * One TUN host as the configuration ({@code etc/org.tcplab.link.tun-NAME.cfg}) and the shell ({@code tun up})
 * both describe it, with the same keys: {@code name}, {@code kernel} (address/prefix), {@code address}
 * (tcplab's), {@code mtu}, {@code netns}, {@code host} (the host's name), {@code policy}, {@code pcap},
 * {@code http} (a port for the built-in page), {@code ready.timeout.ms}.
 */
public record TunOptions(TunSettings settings, String hostName, String policy, String pcap, int httpPort) {

    /** Every key, for checking what a user typed. */
    public static final Set<String> KEYS = Set.of("name", "kernel", "address", "mtu", "netns", "host", "policy",
        "pcap", "http", "ready.timeout.ms");

    /**
     * From key/value text. A missing required key, an unknown key or a bad value throws IllegalArgumentException
     * with one message naming it.
     */
    public static TunOptions parse(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "' (known: name, kernel, address, mtu, "
                    + "netns, host, policy, pcap, http, ready.timeout.ms)");
            }
        }
        String name = required(values, "name", "the interface name, e.g. name=tcplab0");
        TunSettings s = TunSettings.of(name, required(values, "kernel", "the kernel's address/prefix, e.g. kernel=192.0.2.1/24"),
            required(values, "address", "tcplab's address, e.g. address=192.0.2.2"));
        s = s.withMtu(integer(values, "mtu", TunSettings.DEFAULT_MTU)).withNetns(values.get("netns"));
        s = s.withReadyTimeout(Duration.ofMillis(integer(values, "ready.timeout.ms",
            (int) TunSettings.DEFAULT_READY_TIMEOUT.toMillis())));
        String host = blankToNull(values.get("host"));
        int http = integer(values, "http", 0);
        if (http < 0 || http > 65535) {
            throw new IllegalArgumentException("http must be a port 1..65535, or 0 for none: " + http);
        }
        return new TunOptions(s, host == null ? "tun-" + name : host, blankToNull(values.get("policy")),
            blankToNull(values.get("pcap")), http);
    }

    /** Only the keys a user gave, in a stable order, for display. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kernel", settings.kernelCidr());
        m.put("mtu", Integer.toString(settings.mtu()));
        if (settings.netns() != null) {
            m.put("netns", settings.netns());
        }
        if (policy != null) {
            m.put("policy", policy);
        }
        if (pcap != null) {
            m.put("pcap", pcap);
        }
        if (httpPort != 0) {
            m.put("http", Integer.toString(httpPort));
        }
        return m;
    }

    private static String required(Map<String, String> values, String key, String what) {
        String v = blankToNull(values.get(key));
        if (v == null) {
            throw new IllegalArgumentException("'" + key + "' is required: " + what);
        }
        return v;
    }

    private static int integer(Map<String, String> values, String key, int otherwise) {
        String v = blankToNull(values.get(key));
        if (v == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' must be a whole number: " + v);
        }
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }
}
