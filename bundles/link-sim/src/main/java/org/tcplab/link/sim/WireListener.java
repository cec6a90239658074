package org.tcplab.link.sim;

import org.osgi.annotation.versioning.ConsumerType;

/** Sees every datagram the network carries, on the driver's thread, in the order things happen. */
@ConsumerType
@FunctionalInterface
public interface WireListener {

    void event(WireEvent event);
}
