package org.tcplab.scenarios.internal;

import java.util.HashMap;
import java.util.Map;

/** The {@code --name N} options of the bench commands: each a whole number within its range, or one clear error. */
final class NumberOptions {

    /** The values a whole-number option accepts, both ends included. */
    record Range(long min, long max) {
    }

    private NumberOptions() {
    }

    /**
     * The options given, by name (without a default: the caller keeps its own).
     *
     * @throws IllegalArgumentException naming the option and what it accepts, or the usage for an unknown one
     */
    static Map<String, Long> parse(String[] args, Map<String, Range> accepted, String usage) {
        Map<String, Long> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = String.valueOf(args[i]);
            Range range = accepted.get(a);
            if (range == null) {
                throw new IllegalArgumentException("unknown option " + a + "; usage: " + usage);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value: a whole number");
            }
            long v;
            try {
                v = Long.parseLong(String.valueOf(args[++i]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(a + " " + args[i] + ": accepted is a whole number");
            }
            if (v < range.min() || v > range.max()) {
                throw new IllegalArgumentException(a + " " + v + ": accepted is " + range.min() + ".." + range.max());
            }
            given.put(a, v);
        }
        return given;
    }
}
