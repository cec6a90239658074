package org.tcplab.scenarios.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * The arguments of {@code run}, checked: one clear {@link IllegalArgumentException} per mistake, saying what
 * is wrong and what is accepted.
 */
record Options(String scenario, List<String> policies, long seed, Path pcap, Path svg, boolean json) {

    static Options parse(String[] args, List<String> installed) {
        String scenario = null;
        List<String> policies = List.of("linux");
        long seed = 1;
        Path pcap = null;
        Path svg = null;
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            String a = String.valueOf(args[i]);
            switch (a) {
                case "--policy" -> {
                    String v = value(args, i++, a, "rfc793, linux or both");
                    if (v.equals("both")) {
                        policies = List.of("rfc793", "linux");
                    } else if (v.equals("rfc793") || v.equals("linux")) {
                        policies = List.of(v);
                    } else {
                        throw new IllegalArgumentException("--policy " + v + ": accepted are rfc793, linux or both");
                    }
                }
                case "--seed" -> {
                    String v = value(args, i++, a, "a whole number");
                    try {
                        seed = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seed " + v + ": accepted is a whole number, e.g. --seed 42");
                    }
                }
                case "--pcap" -> pcap = Path.of(value(args, i++, a, "a file name"));
                case "--svg" -> svg = Path.of(value(args, i++, a, "a file name"));
                case "--json" -> json = true;
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + a + "; usage: " + ScenarioCommands.USAGE);
                    }
                    if (scenario != null) {
                        throw new IllegalArgumentException("one scenario at a time, got '" + scenario + "' and '" + a
                                + "'; usage: " + ScenarioCommands.USAGE);
                    }
                    scenario = a;
                }
            }
        }
        if (scenario == null) {
            throw new IllegalArgumentException("which scenario? usage: " + ScenarioCommands.USAGE
                    + "; ./tcplab scenarios lists them");
        }
        for (String p : policies) {
            if (!installed.contains(p)) {
                throw new IllegalArgumentException("policy " + p + " is not installed; installed: "
                        + String.join(", ", installed));
            }
        }
        return new Options(scenario, policies, seed, pcap, svg, json);
    }

    private static String value(String[] args, int i, String option, String accepted) {
        if (i + 1 >= args.length || String.valueOf(args[i + 1]).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value: " + accepted);
        }
        return String.valueOf(args[i + 1]);
    }
}
