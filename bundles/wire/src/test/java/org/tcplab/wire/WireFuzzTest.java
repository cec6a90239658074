package org.tcplab.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Nothing escapes the checked parse, for any bytes: no exception, exactly one reason, and whatever is accepted
 * re-emits into bytes that parse back to the same value.
 *
 * <p>In a normal {@code mvn test} these run once per committed seed in
 * {@code src/test/resources/org/tcplab/wire/WireFuzzTestInputs/<method>/} (regression mode). To fuzz, see
 * {@code bundles/wire/README.md}.
 */
class WireFuzzTest {

    private final DatagramView view = new DatagramView();

    @FuzzTest(maxDuration = "10m")
    void datagram(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data);
        for (boolean verify : new boolean[] {true, false}) {
            ParseError e = view.check(b, 0, data.length, verify);
            ParseResult<Datagram> r = Datagram.parse(b, 0, data.length, verify);
            assertEquals(e, r.error());
            if (e == ParseError.FRAGMENT || e == ParseError.UNSUPPORTED_PROTOCOL) {
                view.ip().repr().toString();
            }
            if (r.isOk()) {
                Datagram d = r.value();
                d.toString();
                if (d.payload() instanceof TcpRepr t) {
                    t.toDetailString();
                }
                ByteBuffer again = d.toBuffer();
                ParseResult<Datagram> back = Datagram.parse(again);
                assertEquals(ParseError.NONE, back.error(), d::toString);
                assertEquals(d.payload(), back.value().payload());
                assertEquals(d.emittedHeader(), back.value().ip());
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    void tcpSegment(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data);
        TcpPacket p = new TcpPacket();
        for (boolean verify : new boolean[] {true, false}) {
            ParseError e = p.check(b, 0, data.length, Fixtures.A, Fixtures.B, verify);
            if (e == ParseError.NONE) {
                TcpRepr t = p.repr();
                t.toString();
                p.mss();
                p.windowScale();
                if (p.hasTimestamps()) {
                    p.tsVal();
                }
                assertEquals(p.headerLength(), t.headerLength(), "parsed options fill the header exactly");
                TcpRepr back = TcpRepr.parse(t.toBuffer(Fixtures.A, Fixtures.B), 0, t.emittedLength(), Fixtures.A,
                    Fixtures.B, true).value();
                assertEquals(t, back);
            }
        }
        UdpPacket u = new UdpPacket();
        if (u.check(b, 0, data.length, Fixtures.A, Fixtures.B, false) == ParseError.NONE) {
            u.repr().toString();
        }
        IcmpPacket i = new IcmpPacket();
        if (i.check(b, 0, data.length, false) == ParseError.NONE) {
            i.repr().toString();
            i.quote().toString();
        }
        IcmpQuote q = new IcmpQuote(b);
        q.toString();
        q.tcpSeq();
    }
}
