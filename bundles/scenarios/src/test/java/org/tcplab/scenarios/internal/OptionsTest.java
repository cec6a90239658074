package org.tcplab.scenarios.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class OptionsTest {

    static final List<String> INSTALLED = List.of("linux", "rfc793");

    static String error(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> Options.parse(args, INSTALLED)).getMessage();
    }

    @Test
    void everyOptionIsRead() {
        Options o = Options.parse(new String[] {"fig9", "--policy", "both", "--seed", "42", "--pcap", "f.pcap",
                "--svg", "f.svg", "--json"}, INSTALLED);
        assertEquals(new Options("fig9", List.of("rfc793", "linux"), 42, Path.of("f.pcap"), Path.of("f.svg"), true), o);
        assertEquals(new Options("fig7", List.of("linux"), 1, null, null, false),
                Options.parse(new String[] {"fig7"}, INSTALLED), "Linux-style and seed 1 by default");
    }

    @Test
    void eachMistakeGivesOneMessageSayingWhatIsAccepted() {
        assertEquals("--policy bsd: accepted are rfc793, linux or both", error("fig7", "--policy", "bsd"));
        assertEquals("--policy needs a value: rfc793, linux or both", error("fig7", "--policy"));
        assertEquals("--seed x: accepted is a whole number, e.g. --seed 42", error("fig7", "--seed", "x"));
        assertEquals("--pcap needs a value: a file name", error("fig7", "--pcap", "--json"));
        assertTrue(error("fig7", "--frobnicate").startsWith("unknown option --frobnicate; usage: run <scenario>"));
        assertTrue(error("fig7", "fig8").startsWith("one scenario at a time, got 'fig7' and 'fig8'"));
        assertTrue(error().startsWith("which scenario? usage: run <scenario>"));
        assertEquals("policy rfc793 is not installed; installed: linux",
                assertThrows(IllegalArgumentException.class,
                        () -> Options.parse(new String[] {"fig7", "--policy", "rfc793"}, List.of("linux"))).getMessage());
    }
}
