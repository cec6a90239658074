package org.tcplab.scenarios;

import org.tcplab.api.tcp.TcpStack;
import org.tcplab.link.sim.SimNetwork;

/** Runs scenarios on a fresh simulated network each time. */
public final class Runner {

    private Runner() {
    }

    /**
     * Plays {@code scenario} with every host pinned to {@code policy} (which {@code stack} must know), on a new
     * network seeded with {@code seed}. Same arguments, same run.
     *
     * @throws IllegalArgumentException when the stack has no such policy
     */
    public static Run run(Scenario scenario, TcpStack stack, String policy, long seed) {
        if (stack.policy(policy) == null) {
            throw new IllegalArgumentException("no policy called '" + policy + "' is installed; installed: "
                    + String.join(", ", stack.policyNames()));
        }
        SimNetwork net = new SimNetwork(seed);
        Script script = new Script(net, stack, policy);
        scenario.play(script);
        return new Run(scenario.name(), scenario.description(), policy, seed, script.ladder(), script.calls(),
                script.wire());
    }
}
