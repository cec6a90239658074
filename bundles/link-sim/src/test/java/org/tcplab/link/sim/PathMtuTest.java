package org.tcplab.link.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Path MTU discovery (RFC 1191) on the simulated network: A sends 200,000 bytes to B over a path whose MTU (1000)
 * is below A's (1500). A router's ICMP "fragmentation needed" makes A's segments shrink and what was in flight go
 * again at once; a black hole (the ICMP filtered, RFC 2923 §2.1) swallows every full-sized segment for ever.
 */
class PathMtuTest {

    static final int SIZE = 200_000;
    static final int IP_ICMP = 1;

    /** The datagrams A sends (time, size) and the ICMP messages the network sends back to A (time). */
    static final class Watch implements WireListener {
        final List<long[]> fromA = new ArrayList<>();
        final List<Long> icmpToA = new ArrayList<>();

        @Override
        public void event(WireEvent e) {
            if (e instanceof WireEvent.Sent s && "A".equals(s.from())) {
                fromA.add(new long[] {s.nanos(), s.bytes().length});
            } else if (e instanceof WireEvent.Delivered d && "A".equals(d.to()) && d.bytes()[9] == IP_ICMP) {
                icmpToA.add(d.nanos());
            }
        }

        long largestFromAAfter(long nanos) {
            return fromA.stream().filter(x -> x[0] > nanos).mapToLong(x -> x[1]).max().orElse(0);
        }
    }

    static Transfer.Outcome transfer(int mtu, boolean blackHole, Watch watch) {
        return Transfer.run(3, SIZE, net -> {
            for (SimPath p : net.both("A", "B")) {
                p.delay(Duration.ofMillis(5));
            }
            net.path("A", "B").mtu(mtu).blackHole(blackHole);
        }, watch);
    }

    @Test
    void fragmentationNeededShrinksTheSegmentsAndTheTransferCompletesWithoutATimeout() {
        Watch w = new Watch();
        Transfer.Outcome o = transfer(1000, false, w);
        assertTrue(o.intact(), o.failure());
        assertTrue(!w.icmpToA.isEmpty(), "no ICMP reached A");
        long first = w.icmpToA.get(0);
        assertTrue(w.largestFromAAfter(0) == 1500, "A starts with full-sized segments");
        assertEquals(1000, w.largestFromAAfter(first), "after the first ICMP, A's datagrams fit the path");
        assertEquals(0L, o.senderCounters().get("TcpExt.TCPTimeouts"));
    }

    @Test
    void aBlackHoleSwallowsEveryFullSizedSegmentAndTheSenderNeverLearnsWhy() {
        Watch w = new Watch();
        Transfer.Outcome o = transfer(1000, true, w);
        assertEquals(0, o.received().length, o.failure());
        assertTrue(o.failure() != null && o.failure().startsWith("not done"), o.failure());
        assertTrue(w.icmpToA.isEmpty());
        assertTrue(o.senderCounters().get("TcpExt.TCPTimeouts") >= 5, o.senderCounters().toString());
        assertTrue(o.stats().dropped().get(WireDrop.MTU) >= 5);
    }

    @Test
    void aNextHopMtuBelow552IsTakenAs552AsLinuxDoesSoThePathStaysClosed() {
        Watch w = new Watch();
        Transfer.Outcome o = transfer(500, false, w);
        assertEquals(0, o.received().length, o.failure());
        assertTrue(!w.icmpToA.isEmpty());
        assertEquals(552, w.largestFromAAfter(w.icmpToA.get(0)), "segments of Linux's min_pmtu, still too big");
    }
}
