package org.tcplab.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {

    @Nested
    class Booleans {
        @Test
        void typedAndTextualTrueAndFalseAreAccepted() {
            ConfigReader r = ConfigReader.of("p", Map.of("a", Boolean.TRUE, "b", "FALSE", "c", " true "));
            assertTrue(r.bool("a", false));
            assertFalse(r.bool("b", true));
            assertTrue(r.bool("c", false));
            assertEquals(List.of(), r.check());
        }

        @Test
        void anythingElseIsAnErrorNamingPidKeyAndValue() {
            ConfigReader r = ConfigReader.of("org.tcplab.policy.linux", Map.of("rfc1337", "maybe"));
            assertFalse(r.bool("rfc1337", false));
            assertEquals(List.of("org.tcplab.policy.linux: rfc1337 = 'maybe' is not a boolean (true or false)"),
                    r.check());
        }

        @Test
        void anAbsentKeyGivesTheDefaultWithoutError() {
            ConfigReader r = ConfigReader.of("p", Map.of());
            assertTrue(r.bool("a", true));
            assertEquals(List.of(), r.check());
        }
    }

    @Nested
    class Integers {
        @Test
        void numbersAndDigitsWithinRangeAreAccepted() {
            ConfigReader r = ConfigReader.of("p", Map.of("a", 500, "b", "7", "c", 3L));
            assertEquals(500, r.integer("a", 0, 0, 1000));
            assertEquals(7, r.integer("b", 0, 0, 10));
            assertEquals(3, r.integer("c", 0, 0, 10));
            assertEquals(List.of(), r.check());
        }

        @Test
        void textThatIsNoNumberAndOutOfRangeValuesAreErrors() {
            ConfigReader r = ConfigReader.of("p", Map.of("a", "fast", "b", -1, "c", "99999999999"));
            assertEquals(5, r.integer("a", 5, 0, 10));
            assertEquals(5, r.integer("b", 5, 0, 10));
            assertEquals(5, r.integer("c", 5, 0, Integer.MAX_VALUE));
            assertEquals(List.of(
                    "p: a = 'fast' is not a whole number",
                    "p: b = '-1' is out of range [0, 10]",
                    "p: c = '99999999999' is out of range [0, 2147483647]"), r.check());
        }
    }

    @Nested
    class Strings {
        @Test
        void aValueOutsideTheAllowedSetIsAnError() {
            ConfigReader r = ConfigReader.of("p", Map.of("mode", "fast", "ok", "slow"));
            assertEquals("slow", r.string("ok", "x", Set.of("slow", "safe")));
            assertEquals("safe", r.string("mode", "safe", Set.of("slow", "safe")));
            assertEquals(List.of("p: mode = 'fast' is not one of [safe, slow]"), r.check());
        }

        @Test
        void blankTextIsAnError() {
            ConfigReader r = ConfigReader.of("p", Map.of("name", "  "));
            assertEquals("d", r.string("name", "d", Set.of()));
            assertEquals(List.of("p: name = '  ' is empty"), r.check());
        }
    }

    @Nested
    class UnknownKeys {
        @Test
        void ignoredKeysAreNeitherErrorsNorListedAsKnown() {
            ConfigReader r = ConfigReader.of("p", Map.of("name", "linux", "typo", 1)).ignore("name");
            r.bool("a", false);
            assertEquals(List.of("p: unknown property 'typo' (known: a)"), r.check());
        }

        @Test
        void aMisspeltKeyIsReportedWithTheKnownOnes() {
            ConfigReader r = ConfigReader.of("p", Map.of("rfc1377", "true", "service.pid", "p",
                    "felix.fileinstall.filename", "file:/x", "component.id", 3L));
            r.bool("rfc1337", false);
            r.integer("invalidRateLimitMs", 500, 0, 60_000);
            assertEquals(List.of("p: unknown property 'rfc1377' (known: invalidRateLimitMs, rfc1337)"), r.check());
        }
    }
}
