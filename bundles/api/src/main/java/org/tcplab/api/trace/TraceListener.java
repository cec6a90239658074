package org.tcplab.api.trace;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives a host's trace events, on the host's event-loop thread, in the order they happen. It must return
 * quickly and must not call back into the host's sockets. An exception it throws is caught and ignored.
 */
@ConsumerType
@FunctionalInterface
public interface TraceListener {

    void event(TraceEvent event);
}
