package org.tcplab.api.link;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives datagrams from a {@link Link}. */
@ConsumerType
@FunctionalInterface
public interface LinkListener {

    /**
     * One received IPv4 datagram, from {@code position()} to {@code limit()}. The buffer belongs to the link
     * again when this returns: copy what must outlive the call.
     */
    void received(ByteBuffer datagram);
}
