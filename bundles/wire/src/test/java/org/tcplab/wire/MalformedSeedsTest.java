package org.tcplab.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The malformed datagrams in {@code src/test/resources/org/tcplab/wire/malformed/}, one per reason and named
 * after it, written by {@code src/test/python/fixtures.py write}. Other modules' tests may reuse them: each is
 * wrong in exactly one way, every other checksum being correct.
 */
class MalformedSeedsTest {

    @Test
    void eachMalformedSeedGivesExactlyTheReasonItIsNamedAfter() throws IOException {
        Set<ParseError> seen = EnumSet.noneOf(ParseError.class);
        for (ParseError reason : ParseError.values()) {
            if (reason == ParseError.NONE) {
                continue;
            }
            try (InputStream in = getClass().getResourceAsStream("malformed/" + reason + ".bin")) {
                assertEquals(true, in != null, "missing malformed/" + reason + ".bin");
                byte[] d = in.readAllBytes();
                assertEquals(reason, Datagram.parse(ByteBuffer.wrap(d)).error(), reason.name());
                seen.add(reason);
            }
        }
        assertEquals(EnumSet.complementOf(EnumSet.of(ParseError.NONE)), seen);
    }
}
