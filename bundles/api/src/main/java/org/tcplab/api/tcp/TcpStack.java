package org.tcplab.api.tcp;

import org.osgi.annotation.versioning.ProviderType;
import org.tcplab.api.policy.RstPolicy;

/** The TCP engine of a container: the service that hosts are made from. Implemented by the tcp bundle. */
@ProviderType
public interface TcpStack {

    /**
     * The policy a host uses unless it is pinned: the highest-ranked {@link RstPolicy} service, read afresh by
     * every segment. Null when no policy is installed.
     */
    RstPolicy defaultPolicy();
}
