package org.tcplab.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.tcplab.api.host.Counter;
import org.tcplab.api.tcp.TcpStack;

/**
 * Issue 5's measure: with 1,000 live connections exchanging data both ways, the policy is swapped 100 times
 * while they run, by stopping and starting the {@code org.tcplab.policy-linux} bundle (rank 100; with it
 * stopped the RFC 793 policy, rank 50, is the default). No connection is lost, no byte is lost or altered, no
 * RST is sent, and after every swap the very next policy decision (a probe ACK for unsent data, on a different
 * live connection each time) is taken by the new policy.
 *
 * <p>Both hosts are unpinned, on one {@code SimNetwork} and its virtual clock; the test thread drives virtual
 * time between swaps and holds it still while the swap happens on the OSGi side.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PolicySwapUnderLoadIT {

    private static final int CONNECTIONS = 1_000;
    private static final int SWAPS = 100;
    /** 20 ms of virtual time between swaps, each connection offering 256 more bytes each way every 10 ms. */
    private static final SwapUnderLoad.Load LOAD =
            new SwapUnderLoad.Load(CONNECTIONS, SWAPS, Duration.ofMillis(10), 2, 256);
    private static final long TIMEOUT_MILLIS = 10_000;

    @Inject
    private BundleContext context;

    @Inject
    private TcpStack stack;

    @Configuration
    public Option[] config() {
        return TcplabContainer.options("policy-swap-under-load");
    }

    @Test
    public void aThousandLiveConnectionsSurviveAHundredSwapsAndEachSwapDecidesTheNextSegment() throws Exception {
        Bundle linux = bundle("org.tcplab.policy-linux");
        awaitDefault("linux");
        SwapUnderLoad run = new SwapUnderLoad(stack, LOAD, 5);
        try {
            run.run(n -> {
                // Odd swaps stop the Linux-style bundle (RFC 793 takes over), even ones start it again.
                String expected = n % 2 == 1 ? "rfc793" : "linux";
                if (n % 2 == 1) {
                    linux.stop();
                } else {
                    linux.start();
                }
                awaitDefault(expected);
                return expected;
            });
        } finally {
            if (linux.getState() != Bundle.ACTIVE) {
                linux.start(); // a failed run must not leave the container without its default policy
            }
            if (run.clientHost() != null) {
                run.clientHost().close();
                run.serverHost().close();
            }
        }

        List<SwapUnderLoad.Probe> probes = run.probes();
        long decidedByNewPolicy = probes.stream().filter(SwapUnderLoad.Probe::byExpectedPolicy).count();
        long bytesUp = run.bytes(true);
        long bytesDown = run.bytes(false);
        Map<String, Long> swapsTo = probes.stream()
                .collect(Collectors.groupingBy(SwapUnderLoad.Probe::expectedPolicy, Collectors.counting()));
        System.out.printf("""
                policy swap under load (issue 5):
                  connections       %,d opened; %,d ESTABLISHED after the last swap, %,d left ESTABLISHED early, %,d closed normally (FIN both ways, all data read)
                  swaps             %d (org.tcplab.policy-linux stopped/started: %s), %d ms of virtual time apart
                  decisions checked %d of %d swaps: the next segment the server took in (an ackOutsideWindow probe) was decided by the new policy; %d policy decisions in all
                  bytes moved       %,d (client->server %,d, server->client %,d), checked byte by byte against the seeded streams
                  bytes lost        %,d flows of %,d damaged (lost, altered or unterminated)
                  RSTs sent         %d (Tcp.OutRsts %d, Tcp.EstabResets %d)
                  segments          %,d sent by the hosts, %,d retransmitted; network %s
                  virtual time      %.3f s
                  wall time         %.1f s (of which %.1f s waiting for the swaps to take effect)
                """,
                CONNECTIONS, run.establishedThroughout(), run.leftEstablished().size(), run.closedNormally(),
                probes.size(), swapsTo, LOAD.tick().toMillis() * LOAD.ticksPerSwap(),
                decidedByNewPolicy, probes.size(), run.decisions().size(),
                bytesUp + bytesDown, bytesUp, bytesDown,
                run.damagedFlows().size(), 2L * CONNECTIONS,
                run.rstsSent(), run.counter(Counter.TCP_OUT_RSTS), run.counter(Counter.TCP_ESTAB_RESETS),
                run.counter(Counter.TCP_OUT_SEGS), run.counter(Counter.TCP_RETRANS_SEGS), run.network().stats(),
                run.virtualNanos() / 1e9, run.wallNanos() / 1e9, run.swapWallNanos() / 1e9);

        assertEquals("failures during the run", List.of(), first(run.failures()));
        assertEquals("every swap was made and probed", SWAPS, probes.size());
        assertEquals("swaps alternate between the two policies", Map.of("rfc793", 50L, "linux", 50L), swapsTo);
        assertEquals("after every swap the next segment in was the probe, decided by the new policy",
                List.of(), first(probes.stream().filter(p -> !p.byExpectedPolicy()).toList()));
        assertEquals("the probes were the only policy decisions (nothing else asked a policy)",
                SWAPS, run.decisions().size());
        assertEquals("no connection left ESTABLISHED before the test closed it", List.of(),
                first(run.leftEstablished()));
        assertEquals("connections ESTABLISHED after the last swap", CONNECTIONS, run.establishedThroughout());
        assertEquals("connections closed normally", CONNECTIONS, run.closedNormally());
        assertEquals("flows that lost or altered bytes", List.of(), first(run.damagedFlows()));
        assertTrue("data moved both ways", bytesUp > 0 && bytesDown > 0);
        assertEquals("RSTs sent, by reason, client", Map.of(), run.clientHost().rstsSent());
        assertEquals("RSTs sent, by reason, server", Map.of(), run.serverHost().rstsSent());
        assertEquals("Tcp.OutRsts", 0, run.counter(Counter.TCP_OUT_RSTS));
        assertEquals("Tcp.EstabResets", 0, run.counter(Counter.TCP_ESTAB_RESETS));
        assertEquals("the Linux-style policy is the default again", "linux", stack.defaultPolicy().name());
    }

    private void awaitDefault(String name) {
        Await.until("the stack's default policy is " + name, TIMEOUT_MILLIS,
                () -> stack.defaultPolicy() != null && name.equals(stack.defaultPolicy().name()),
                () -> stack.defaultPolicy() == null ? "none" : stack.defaultPolicy().name());
    }

    private static <T> List<T> first(List<T> list) {
        return list.subList(0, Math.min(20, list.size()));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
