package org.tcplab.api.tcp;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.policy.RstPolicy;

/** The TCP engine of a container: the service that hosts are made from. Implemented by the tcp bundle. */
@ProviderType
public interface TcpStack {

    /**
     * The policy a host uses unless it is pinned: the highest-ranked {@link RstPolicy} service, read afresh by
     * every segment. Null when no policy is installed.
     */
    RstPolicy defaultPolicy();

    /** The installed policy called {@code name}, or null. */
    RstPolicy policy(String name);

    /** The names of the installed policies, best-ranked first. */
    List<String> policyNames();

    /**
     * Makes a host: attaches to the configured link and, on a real clock, starts its event loop. The host
     * reads its policy from this stack once per segment (its pin, else {@link #defaultPolicy()}).
     */
    Host newHost(HostConfig config);

    /** The hosts made by this stack and not closed yet, in the order they were made. */
    List<Host> hosts();
}
