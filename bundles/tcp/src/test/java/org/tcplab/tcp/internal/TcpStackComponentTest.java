package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.sign.Md5Key;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.trace.TraceEvent;
import org.tcplab.api.trace.TraceListener;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.policy.rfc793.internal.Rfc793Policy;
import org.tcplab.sign.md5.internal.Md5SegmentSigner;
import org.tcplab.wire.Datagram;
import org.tcplab.wire.TcpRepr;

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

    @Test
    void aSegmentSignerServiceSignsTheSegmentsOfHostsMadeBeforeItAndStopsWhenItLeaves() {
        TcpStackComponent stack = new TcpStackComponent();
        MemoryNetwork net = new MemoryNetwork();
        MemoryNetwork.MemoryLink[] link = net.link(Duration.ofMillis(1), 0, 1);
        link[0].record = true;
        Host host = stack.newHost(HostConfig.builder("h").address("10.0.0.1").link(link[0]).clock(net.clock).build());
        Md5SegmentSigner md5 = new Md5SegmentSigner();
        md5.addKey(Md5Key.forPeer(Endpoint.parseAddress("10.0.0.2"), new byte[] {1, 2, 3}));
        stack.addSigner(md5);
        host.tcpSocket().connect(Endpoint.of("10.0.0.2", 9));
        stack.removeSigner(md5);
        host.tcpSocket().connect(Endpoint.of("10.0.0.2", 10));
        net.run(Duration.ofMillis(10));
        assertEquals(2, link[0].sent.size());
        assertTrue(tcp(link[0].sent.get(0)).md5().isPresent(), "signed while the service is there");
        assertFalse(tcp(link[0].sent.get(1)).md5().isPresent(), "unsigned once it left");
    }

    private static TcpRepr tcp(byte[] datagram) {
        return (TcpRepr) Datagram.parse(ByteBuffer.wrap(datagram)).value().payload();
    }
}
