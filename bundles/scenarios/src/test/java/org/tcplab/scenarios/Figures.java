package org.tcplab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

/** Helpers for comparing a ladder with a figure written the way the RFC prints it. */
final class Figures {

    private Figures() {
    }

    /** Runs the scenario called {@code name} under {@code policy} with seed 1. */
    static Run run(String name, String policy) {
        return Runner.run(Catalog.byName(name).orElseThrow(), Stacks.STACK, policy, 1);
    }

    /** Folds runs of spaces, so expected lines can be aligned like the RFC's figures. */
    static String fold(String line) {
        return line.strip().replaceAll("\\s+", " ");
    }

    /** The ladder's figure lines (marks left out) are exactly {@code expected}, line by line. */
    static void assertFigure(Run run, String... expected) {
        List<String> want = Arrays.stream(expected).map(Figures::fold).toList();
        List<String> got = run.ladder().figureLines().stream().map(Figures::fold).toList();
        assertEquals(String.join("\n", want), String.join("\n", got), "\n" + run.text());
    }

    /** The first lines of the ladder are exactly {@code expected}. */
    static void assertFigureStartsWith(Run run, String... expected) {
        List<String> want = Arrays.stream(expected).map(Figures::fold).toList();
        List<String> got = run.ladder().figureLines().stream().map(Figures::fold).toList();
        assertEquals(String.join("\n", want), String.join("\n", got.subList(0, Math.min(want.size(), got.size()))),
                "\n" + run.text());
    }
}
