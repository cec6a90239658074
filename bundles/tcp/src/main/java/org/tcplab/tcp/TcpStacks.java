package org.tcplab.tcp;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.tcp.TcpStack;
import org.tcplab.tcp.internal.TcpEngine;

/** Makes stacks outside a container. Each stack is independent; nothing is shared between them. */
public final class TcpStacks {

    private TcpStacks() {
    }

    /**
     * A stack with exactly these policies, the first being the default (none: every host uses the built-in
     * RFC 9293 rules and {@code Host.policyName()} is null).
     */
    public static TcpStack of(RstPolicy... policies) {
        return TcpEngine.of(policies);
    }

    /**
     * A stack whose default policy is read from {@code defaultPolicy} once per segment (so swapping what it
     * returns takes effect on the next segment), with pinned policies looked up by {@code byName}.
     */
    public static TcpStack create(Supplier<RstPolicy> defaultPolicy, Function<String, RstPolicy> byName,
            Supplier<List<String>> names) {
        return new TcpEngine(defaultPolicy, byName, names);
    }
}
