package org.tcplab.link.tun.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.tcplab.api.host.Counter;
import org.tcplab.api.host.Host;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.link.tun.TunException;

/**
 * {@code tcplab:tun}: the TUN hosts from the shell, with the same keys as the configuration.
 * <pre>
 * tun up NAME KERNEL/PREFIX ADDRESS [mtu=.. netns=.. host=.. policy=.. pcap=.. http=.. hold=SECONDS]
 * tun down NAME
 * tun list
 * </pre>
 * {@code hold} keeps the command (not the stack) waiting that long, then prints the host's counters and takes it
 * down: useful with {@code ./tcplab tun up ...}, whose container lives only as long as the command.
 */
@Component(service = TunCommands.class, property = {"osgi.command.scope=tcplab", "osgi.command.function=tun"})
public final class TunCommands {

    static final String USAGE = "usage: tun up NAME KERNEL/PREFIX ADDRESS [mtu=N] [netns=NS] [host=NAME] [policy=NAME]"
        + " [pcap=FILE] [http=PORT] [hold=SECONDS]\n       tun down NAME\n       tun list";

    private final TunHosts hosts;

    @Activate
    public TunCommands(@Reference TunHosts hosts) {
        this.hosts = hosts;
    }

    @Descriptor("TUN hosts: tun up NAME KERNEL/PREFIX ADDRESS [mtu= netns= host= policy= pcap= http= hold=], tun down NAME, tun list")
    public String tun(@Descriptor("up | down | list, then arguments") String... args) throws TunException, InterruptedException {
        if (args.length == 0) {
            throw new IllegalArgumentException(USAGE);
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        return switch (args[0]) {
            case "up" -> up(rest);
            case "down" -> down(rest);
            case "list" -> list(rest);
            default -> throw new IllegalArgumentException("unknown subcommand '" + args[0] + "'\n" + USAGE);
        };
    }

    private String up(List<String> args) throws TunException, InterruptedException {
        if (args.size() < 3) {
            throw new IllegalArgumentException(USAGE);
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", args.get(0));
        values.put("kernel", args.get(1));
        values.put("address", args.get(2));
        int hold = -1;
        for (String kv : args.subList(3, args.size())) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + kv + "'\n" + USAGE);
            }
            String key = kv.substring(0, eq);
            String value = kv.substring(eq + 1);
            if (key.equals("hold")) {
                try {
                    hold = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    hold = -2;
                }
                if (hold < 0) {
                    throw new IllegalArgumentException("hold must be a number of seconds: " + value);
                }
            } else if (key.equals("name") || key.equals("kernel") || key.equals("address")) {
                throw new IllegalArgumentException("'" + key + "' is given by position\n" + USAGE);
            } else {
                values.put(key, value);
            }
        }
        TunOptions o = TunOptions.parse(values);
        TunHosts.Entry e = hosts.up("shell", o);
        String line = describe(e);
        if (hold < 0) {
            return line;
        }
        System.out.println(line);
        System.out.flush();
        try {
            Thread.sleep(Duration.ofSeconds(hold).toMillis());
        } finally {
            String counters = counters(e);
            hosts.down(o.settings().interfaceName());
            System.out.println(counters);
        }
        return "tun " + o.settings().interfaceName() + " down";
    }

    private String down(List<String> args) {
        if (args.size() != 1) {
            throw new IllegalArgumentException(USAGE);
        }
        TunHosts.Entry e = hosts.get(args.get(0));
        if (e == null) {
            throw new IllegalArgumentException("no TUN host on " + args.get(0) + " (tun list shows them)");
        }
        if (!e.source().equals("shell")) {
            throw new IllegalArgumentException("tun " + args.get(0) + " comes from " + e.source()
                + ": remove that configuration to take it down");
        }
        hosts.down(args.get(0));
        return "tun " + args.get(0) + " down";
    }

    private String list(List<String> args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException(USAGE);
        }
        StringBuilder out = new StringBuilder();
        for (TunHosts.Entry e : hosts.list()) {
            out.append(describe(e)).append('\n');
        }
        for (TunHosts.Failure f : hosts.failures()) {
            out.append("FAILED ").append(f.source()).append(": ").append(f.message()).append('\n');
        }
        return out.length() == 0 ? "no TUN hosts" : out.toString().stripTrailing();
    }

    private static String describe(TunHosts.Entry e) {
        StringBuilder s = new StringBuilder("tun ").append(e.link().name()).append(" up: host ").append(e.host().name())
            .append(" at ").append(Endpoint.formatAddress(e.options().settings().hostAddress()));
        e.options().describe().forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
        s.append(", policy ").append(e.host().policyName());
        s.append(", kernel answered after ").append(micros(e.link().readiness())).append(" (")
            .append(e.link().probesSent()).append(e.link().probesSent() == 1 ? " probe)" : " probes)");
        s.append(", from ").append(e.source());
        s.append(", ").append(e.link().received()).append(" in / ").append(e.link().sent()).append(" out");
        if (e.capture() != null) {
            s.append(", pcap: ").append(e.capture().status().get());
        }
        return s.toString();
    }

    private static String counters(TunHosts.Entry e) {
        Host h = e.host();
        return "tun " + e.link().name() + ": " + e.link().received() + " datagrams in, " + e.link().sent() + " out; "
            + "TCP: " + h.counter(Counter.TCP_IN_SEGS) + " segments in, " + h.counter(Counter.TCP_OUT_SEGS) + " out, "
            + h.counter(Counter.TCP_PASSIVE_OPENS) + " passive opens; RSTs sent " + h.rstsSent()
            + (e.page() == null ? "" : "; pages served " + e.page().served())
            + (e.capture() == null ? "" : "; pcap: " + e.capture().status().get())
            + " (up " + Duration.between(e.since(), Instant.now()).toSeconds() + " s)";
    }

    private static String micros(Duration d) {
        long us = d.toNanos() / 1000;
        return us < 10_000 ? us + " us" : us / 1000 + " ms";
    }
}
