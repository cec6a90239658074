package org.tcplab.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class GogoCommandLineTest {

    @Test
    void plainWordsAreJoinedWithSpaces() {
        assertEquals("tcplab:run fig7 --policy both", Gogo.commandLine(List.of("tcplab:run", "fig7", "--policy", "both")));
    }

    @Test
    void wordsThatGogoWouldSplitOrInterpretAreSingleQuoted() {
        assertEquals("echo 'a b' '$x' 'x;y' '{z}' ''", Gogo.commandLine(List.of("echo", "a b", "$x", "x;y", "{z}", "")));
    }

    @Test
    void quotesAndBackslashesInsideAWordAreEscaped() {
        assertEquals("echo 'it\\'s' 'a\\\\b'", Gogo.commandLine(List.of("echo", "it's", "a\\b")));
    }
}
