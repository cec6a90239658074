package org.tcplab.tcp.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.sign.SegmentSigner;
import org.tcplab.api.tcp.TcpStack;

/**
 * The stack in plain Java: hosts made from a policy supplier (read once per segment) and a lookup by name.
 * The DS component wraps one; tests and embedders make their own.
 */
public final class TcpEngine implements TcpStack {

    private final Supplier<RstPolicy> defaultPolicy;
    private final Function<String, RstPolicy> byName;
    private final Supplier<List<String>> names;
    private final Supplier<List<SegmentSigner>> signers;
    /** Hosts made here; a closed one is forgotten the next time the list is asked for or a host is made. */
    private final List<TcpHost> hosts = new CopyOnWriteArrayList<>();

    public TcpEngine(Supplier<RstPolicy> defaultPolicy, Function<String, RstPolicy> byName,
            Supplier<List<String>> names) {
        this(defaultPolicy, byName, names, List::of);
    }

    /**
     * @param signers the stack's signers (in a container: the SegmentSigner services), read by every host once per
     *                segment, so a signer arriving or leaving is seen on the next one
     */
    public TcpEngine(Supplier<RstPolicy> defaultPolicy, Function<String, RstPolicy> byName,
            Supplier<List<String>> names, Supplier<List<SegmentSigner>> signers) {
        this.defaultPolicy = defaultPolicy;
        this.byName = byName;
        this.names = names;
        this.signers = signers;
    }

    /** A stack with exactly these policies, the first being the default. */
    public static TcpEngine of(RstPolicy... policies) {
        List<RstPolicy> list = List.of(policies);
        return new TcpEngine(() -> list.isEmpty() ? null : list.get(0),
                n -> {
                    // A loop, not a stream: a host pinned to a policy asks for it by name on every segment.
                    for (RstPolicy p : list) {
                        if (p.name().equals(n)) {
                            return p;
                        }
                    }
                    return null;
                },
                () -> list.stream().map(RstPolicy::name).toList());
    }

    @Override
    public RstPolicy defaultPolicy() {
        return defaultPolicy.get();
    }

    @Override
    public RstPolicy policy(String name) {
        return byName.apply(name);
    }

    @Override
    public List<String> policyNames() {
        return names.get();
    }

    @Override
    public Host newHost(HostConfig config) {
        hosts.removeIf(TcpHost::isClosed);
        TcpHost host = new TcpHost(config, new TcpHost.PolicySource() {
            @Override
            public RstPolicy defaultPolicy() {
                return defaultPolicy.get();
            }

            @Override
            public RstPolicy byName(String name) {
                return byName.apply(name);
            }
        }, signers);
        hosts.add(host);
        return host;
    }

    @Override
    public List<Host> hosts() {
        hosts.removeIf(TcpHost::isClosed);
        return List.copyOf(hosts);
    }
}
