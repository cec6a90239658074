package org.tcplab.scenarios.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.tcp.TcpStack;
import org.tcplab.scenarios.Catalog;
import org.tcplab.scenarios.Ladder;
import org.tcplab.scenarios.Rfc1337;
import org.tcplab.scenarios.Run;
import org.tcplab.scenarios.Runner;
import org.tcplab.scenarios.Scenario;
import org.tcplab.scenarios.Svg;

/**
 * {@code tcplab:scenarios} and {@code tcplab:run}: the RFC figures and the seed stories on the simulated
 * network, with the policies taken from the container's {@link TcpStack} by name.
 */
@Component(
        service = ScenarioCommands.class,
        property = {
            "osgi.command.scope=tcplab",
            "osgi.command.function=scenarios",
            "osgi.command.function=run",
            "osgi.command.function=bench"
        })
public final class ScenarioCommands {

    static final String USAGE = "run <scenario> [--policy rfc793|linux|both] [--seed N] [--pcap FILE] [--svg FILE] [--json]";

    private final BundleContext context;
    private final TcpStack stack;

    @Activate
    public ScenarioCommands(BundleContext context, @Reference TcpStack stack) {
        this.context = context;
        this.stack = stack;
    }

    @Descriptor("list the scenarios: the RFC 793 figures and the seed stories, one line each")
    public String scenarios() {
        StringBuilder sb = new StringBuilder();
        for (Scenario s : Catalog.all()) {
            sb.append(String.format("%-24s %s%n", s.name(), s.description()));
        }
        return sb.toString().stripTrailing();
    }

    @Descriptor(USAGE)
    public String run(String... args) throws IOException {
        Options o = Options.parse(args, stack.policyNames());
        Scenario scenario = Catalog.byName(o.scenario()).orElseThrow(() -> new IllegalArgumentException(
                "no scenario called '" + o.scenario() + "'; ./tcplab scenarios lists them"));
        List<Run> runs = new ArrayList<>();
        for (String policy : o.policies()) {
            runs.add(runWith(scenario, policy, o.seed()));
        }
        boolean both = runs.size() == 2;
        for (Run r : runs) {
            if (o.pcap() != null) {
                Path f = both ? withPolicy(o.pcap(), r.policy()) : o.pcap();
                Optional<String> problem = r.writePcap(f);
                if (problem.isPresent()) {
                    throw new IllegalArgumentException("--pcap: " + problem.get());
                }
            }
            if (o.svg() != null) {
                Path f = both ? withPolicy(o.svg(), r.policy()) : o.svg();
                try {
                    Files.writeString(f, Svg.of(r), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalArgumentException("--svg: cannot write " + f + ": " + e.getMessage());
                }
            }
        }
        if (o.json()) {
            return both ? "[" + runs.get(0).json() + "," + runs.get(1).json() + "]" : runs.get(0).json();
        }
        if (!both) {
            return runs.get(0).text();
        }
        Run a = runs.get(0);
        Run b = runs.get(1);
        return a.scenario() + " (seed " + a.seed() + "): " + a.description() + "\n\n"
                + Ladder.sideBySide(a.policy(), a.ladder(), b.policy(), b.ladder());
    }

    static final String BENCH_USAGE = "bench [--bulk-mb N] [--handshakes N] [--idle N] [--rounds N]";

    @Descriptor("measure: bulk Gbit/s and open+close/s over the simulated link vs the kernel's loopback (offloads off, as root), heap per idle connection: "
            + BENCH_USAGE + "; signed vs unsigned bulk: bench --signed [--bulk-mb N] [--rounds N]")
    public String bench(String... args) throws IOException, InterruptedException {
        if (args.length > 0 && "--signed".equals(String.valueOf(args[0]))) {
            return SignedBench.command(stack, stack.defaultPolicy() == null ? null : stack.defaultPolicy().name(),
                    Arrays.copyOfRange(args, 1, args.length));
        }
        Map<String, Long> given = NumberOptions.parse(args, Map.of(
                "--bulk-mb", new NumberOptions.Range(1, 1_000_000),
                "--handshakes", new NumberOptions.Range(1, 1_000_000),
                "--idle", new NumberOptions.Range(0, 1_000_000),
                "--rounds", new NumberOptions.Range(1, 99)), BENCH_USAGE);
        long bulkMb = given.getOrDefault("--bulk-mb", 512L);
        int handshakes = given.getOrDefault("--handshakes", 200_000L).intValue();
        int idle = given.getOrDefault("--idle", 100_000L).intValue();
        int rounds = given.getOrDefault("--rounds", 5L).intValue();
        String policy = stack.defaultPolicy() == null ? null : stack.defaultPolicy().name();
        if (policy == null) {
            throw new IllegalArgumentException("no RST policy is installed");
        }
        return Bench.report(new Bench(stack, policy).run(bulkMb << 20, handshakes, idle, rounds));
    }

    /**
     * Runs under {@code policy}; a scenario that needs the policy's rfc1337 variant gets it registered for the
     * length of the run (ranked lowest, so it never becomes anyone's default) and withdrawn after.
     */
    private Run runWith(Scenario scenario, String policy, long seed) {
        if (!Catalog.needsRfc1337(scenario) || stack.policy(policy + Rfc1337.SUFFIX) != null) {
            return Runner.run(scenario, stack, policy, seed);
        }
        RstPolicy base = stack.policy(policy);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(RstPolicy.NAME_PROPERTY, policy + Rfc1337.SUFFIX);
        props.put(Constants.SERVICE_RANKING, Integer.MIN_VALUE);
        ServiceRegistration<RstPolicy> reg = context.registerService(RstPolicy.class, new Rfc1337(base), props);
        try {
            return Runner.run(scenario, stack, policy, seed);
        } finally {
            reg.unregister();
        }
    }

    private static Path withPolicy(Path file, String policy) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String renamed = dot > 0 ? name.substring(0, dot) + "-" + policy + name.substring(dot) : name + "-" + policy;
        return file.resolveSibling(renamed);
    }
}
