package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.policy.ChallengeAckLimits;
import org.tcplab.policy.linux.internal.LinuxPolicy;

/** The host-wide challenge ACK budget of Linux tcp_send_challenge_ack (net.ipv4.tcp_challenge_ack_limit). */
class HostChallengeAckBudgetTest {

    static final long S = 1_000_000_000L;

    TcpHost host;

    @BeforeEach
    void host() {
        MemoryNetwork net = new MemoryNetwork();
        MemoryNetwork.MemoryLink[] link = net.link(Duration.ofMillis(1), 0, 1);
        host = (TcpHost) net.host(TcpEngine.of(new LinuxPolicy()),
                HostConfig.builder("h").address("10.0.0.1").link(link[0]).seed(7));
    }

    /** How many challenge ACKs the host allows within second {@code second}. */
    int budgetOf(int limit, long second) {
        int n = 0;
        while (host.takeHostChallengeAck(limit, second * S + n) && n < 10 * limit + 10) {
            n++;
        }
        return n;
    }

    @Test
    void eachSecondTheBudgetIsDrawnBetweenHalfTheLimitAndOneAndAHalfTimesIt() {
        Set<Integer> seen = new TreeSet<>();
        for (long second = 0; second < 200; second++) {
            int budget = budgetOf(100, second);
            assertTrue(budget >= 50 && budget <= 149, "second " + second + ": budget " + budget);
            seen.add(budget);
        }
        assertTrue(seen.size() > 20, "the budget is re-drawn at random each second, not fixed: " + seen);
    }

    @Test
    void aSpentBudgetStaysSpentUntilTheNextSecond() {
        int budget = budgetOf(10, 5);
        assertFalse(host.takeHostChallengeAck(10, 5 * S + S - 1), "still second 5 after " + budget);
        assertTrue(host.takeHostChallengeAck(10, 6 * S));
    }

    @Test
    void offMeansNoHostWideLimit() {
        for (int i = 0; i < 100_000; i++) {
            assertTrue(host.takeHostChallengeAck(ChallengeAckLimits.OFF, i));
        }
    }

    @Test
    void zeroAllowsNone() {
        assertFalse(host.takeHostChallengeAck(0, 0));
        assertFalse(host.takeHostChallengeAck(0, 3 * S));
    }
}
