package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.trace.TraceEvent;
import org.tcplab.api.trace.TraceListener;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.policy.rfc793.internal.Rfc793Policy;

/** The DS component's bookkeeping, driven by hand as SCR would drive it. */
class TcpStackComponentTest {

    static Map<String, Object> props(int ranking, long id) {
        return Map.of(Constants.SERVICE_RANKING, ranking, Constants.SERVICE_ID, id);
    }

    @Test
    void policiesAreKnownByNameBestRankedFirst() {
        TcpStackComponent stack = new TcpStackComponent();
        RstPolicy rfc = new Rfc793Policy();
        RstPolicy linux = new LinuxPolicy();
        stack.addPolicy(rfc, props(50, 1));
        stack.addPolicy(linux, props(100, 2));
        assertEquals(List.of("linux", "rfc793"), stack.policyNames());
        assertSame(rfc, stack.policy("rfc793"));
        stack.removePolicy(rfc, props(50, 1));
        assertNull(stack.policy("rfc793"));
        assertEquals(List.of("linux"), stack.policyNames());
    }

    @Test
    void traceListenerServicesReachHostsMadeBeforeAndAfterThem() {
        TcpStackComponent stack = new TcpStackComponent();
        MemoryNetwork net = new MemoryNetwork();
        MemoryNetwork.MemoryLink[] link = net.link(Duration.ofMillis(1), 0, 1);
        Host before = stack.newHost(HostConfig.builder("before").address("10.0.0.1").link(link[0])
                .clock(net.clock).build());
        List<String> seen = new ArrayList<>();
        TraceListener l = e -> {
            if (e instanceof TraceEvent.SegmentOut) {
                seen.add(e.host());
            }
        };
        stack.addTraceListener(l);
        Host after = stack.newHost(HostConfig.builder("after").address("10.0.0.2").link(link[1])
                .clock(net.clock).build());
        before.tcpSocket().connect(org.tcplab.api.socket.Endpoint.of("10.0.0.2", 9));
        before.poll();
        net.run(Duration.ofMillis(10));
        assertEquals(List.of("before", "after"), seen);
        stack.removeTraceListener(l);
        after.tcpSocket().connect(org.tcplab.api.socket.Endpoint.of("10.0.0.1", 9));
        net.run(Duration.ofMillis(10));
        assertEquals(2, seen.size());
    }
}
