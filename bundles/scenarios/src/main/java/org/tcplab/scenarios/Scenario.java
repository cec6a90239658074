package org.tcplab.scenarios;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A runnable story: hosts on the simulated network, fixed ISNs, and a script of socket calls and impairments
 * over virtual time. The same script runs under any RST policy: the {@link Script} pins every host to the
 * policy of the run.
 */
@ConsumerType
public interface Scenario {

    /** A short name for the command line, e.g. {@code fig7}. */
    String name();

    /** One line: what it shows. */
    String description();

    /** Plays the scenario: makes the hosts, calls sockets, moves time ({@link Script#runFor}). */
    void play(Script script);
}
