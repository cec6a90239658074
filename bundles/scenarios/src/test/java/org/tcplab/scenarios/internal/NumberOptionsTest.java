package org.tcplab.scenarios.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The bench commands' whole-number options: values by name, and one specific error for each kind of bad input. */
class NumberOptionsTest {

    private static final Map<String, NumberOptions.Range> ACCEPTED = Map.of(
            "--idle", new NumberOptions.Range(0, 1_000_000), "--rounds", new NumberOptions.Range(1, 99));

    private static String error(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> NumberOptions.parse(args, ACCEPTED, "bench X"))
                .getMessage();
    }

    @Test
    void givenOptionsAreReadAndTheRestLeftToTheirDefaults() {
        assertEquals(Map.of("--idle", 0L, "--rounds", 99L), NumberOptions.parse(
                new String[] {"--idle", "0", "--rounds", "99"}, ACCEPTED, "bench X"));
        assertEquals(Map.of(), NumberOptions.parse(new String[0], ACCEPTED, "bench X"));
    }

    @Test
    void badInputGetsOneSpecificError() {
        assertEquals("unknown option --round; usage: bench X", error("--round", "3"));
        assertEquals("--rounds needs a value: a whole number", error("--rounds"));
        assertEquals("--rounds 2.5: accepted is a whole number", error("--rounds", "2.5"));
        assertEquals("--rounds 0: accepted is 1..99", error("--rounds", "0"));
        assertEquals("--idle -1: accepted is 0..1000000", error("--idle", "-1"));
    }
}
