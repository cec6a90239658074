package org.tcplab.scenarios;

import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.tcp.TcpStack;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.policy.rfc793.internal.Rfc793Policy;
import org.tcplab.tcp.internal.TcpEngine;

/** The stack the scenario tests run on: both policies and their rfc1337 variants, in plain Java. */
final class Stacks {

    static final TcpStack STACK;

    static {
        RstPolicy linux = new LinuxPolicy();
        RstPolicy rfc793 = new Rfc793Policy();
        STACK = TcpEngine.of(linux, rfc793, new Rfc1337(linux), new Rfc1337(rfc793));
    }

    private Stacks() {
    }
}
