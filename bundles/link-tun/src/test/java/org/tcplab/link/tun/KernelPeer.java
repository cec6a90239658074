package org.tcplab.link.tun;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.tcplab.api.host.Clock;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.tcp.TcpStack;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.policy.rfc793.internal.Rfc793Policy;
import org.tcplab.tcp.internal.TcpEngine;

/**
 * A tcplab host (192.0.2.2) on a TUN link whose other end is the kernel of a test's namespace (192.0.2.1/24).
 * The stack is made in plain Java (Linux-style policy by default, RFC 793 installed too), on the monotonic clock.
 */
final class KernelPeer implements AutoCloseable {

    static final String KERNEL = "192.0.2.1";
    static final String TCPLAB = "192.0.2.2";

    final Netns ns;
    final TunLink link;
    final TestLink testLink;
    final Host host;
    /** The host's trace, for failure messages. */
    final List<String> trace;

    private KernelPeer(Netns ns, TestLink testLink, Host host, List<String> trace) {
        this.ns = ns;
        this.testLink = testLink;
        this.link = testLink.tun;
        this.host = host;
        this.trace = trace;
    }

    String trace() {
        synchronized (trace) {
            return String.join("\n", trace);
        }
    }

    static KernelPeer open(Netns ns) throws TunException {
        return open(ns, b -> b);
    }

    static KernelPeer open(Netns ns, UnaryOperator<HostConfig.Builder> tweak) throws TunException {
        TunLink link = TunLink.open(TunSettings.of(TunLinkIT.freshName(), KERNEL + "/24", TCPLAB).withNetns(ns.name));
        try {
            TcpStack stack = TcpEngine.of(new LinuxPolicy(), new Rfc793Policy());
            List<String> trace = java.util.Collections.synchronizedList(new ArrayList<>());
            TestLink testLink = new TestLink(link);
            HostConfig.Builder b = HostConfig.builder("tun-test").address(TCPLAB).link(testLink).clock(Clock.monotonic())
                .trace(e -> trace.add(e.toString()));
            Host host = stack.newHost(tweak.apply(b).build());
            return new KernelPeer(ns, testLink, host, trace);
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            host.close();
        } finally {
            link.close();
        }
    }
}
