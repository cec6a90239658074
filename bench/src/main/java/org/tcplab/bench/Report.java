package org.tcplab.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link WireBenchmark} once and prints each benchmark's median (over the measurement iterations) and the
 * ratios the issue asks about, all from that one run. Extra arguments are JMH's own (e.g. {@code -f 2}).
 */
public final class Report {

    private Report() {
    }

    public static void main(String[] args) throws Exception {
        Options opts = new OptionsBuilder().parent(new CommandLineOptions(args))
            .include(WireBenchmark.class.getName()).build();
        Collection<RunResult> results = new Runner(opts).run();
        Map<String, Double> median = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            median.put(name, r.getPrimaryResult().getStatistics().getPercentile(50));
        }
        System.out.println();
        System.out.println("tcplab wire codec, JDK " + Runtime.version() + ", "
            + Runtime.getRuntime().availableProcessors() + " CPUs; medians of the measurement iterations");
        System.out.printf("%-16s %16s%n", "benchmark", "ops/s");
        median.forEach((k, v) -> System.out.printf("%-16s %16s%n", k, String.format("%,.0f", v)));
        System.out.println();
        line("60-byte SYN, parse+verify (views)", median.get("synView"), 20e6, " M/s", 1e6);
        line("1500-byte segment, parse+verify (views)", median.get("data1500View"), 5e6, " M/s", 1e6);
        ratio("SYN: tcplab views / pcap4j", median.get("synView"), median.get("synPcap4j"));
        ratio("SYN: tcplab values / pcap4j", median.get("synValues"), median.get("synPcap4j"));
        ratio("1500: tcplab views / pcap4j", median.get("data1500View"), median.get("data1500Pcap4j"));
        ratio("1500: tcplab values / pcap4j", median.get("data1500Values"), median.get("data1500Pcap4j"));
        Double c = median.get("checksum1500");
        if (c != null) {
            line("checksum over 1500 bytes", c * 1500, 10e9, " GB/s", 1e9);
        }
    }

    private static void line(String what, Double opsPerSecond, double goal, String unit, double scale) {
        if (opsPerSecond == null) {
            return;
        }
        System.out.printf("%-42s %8.2f%s  (goal >= %.0f%s: %s)%n", what, opsPerSecond / scale, unit, goal / scale,
            unit, opsPerSecond >= goal ? "met" : "MISSED");
    }

    private static void ratio(String what, Double a, Double b) {
        if (a == null || b == null) {
            return;
        }
        double r = a / b;
        System.out.printf("%-42s %8.1fx  (goal >= 10x: %s)%n", what, r, r >= 10 ? "met" : "MISSED");
    }
}
