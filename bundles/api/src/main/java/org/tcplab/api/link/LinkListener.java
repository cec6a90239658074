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

    /**
     * One received IPv4 datagram, the whole of {@code datagram}, handed over for good: nobody writes the array
     * again, so the listener may keep it without a copy. The link may share it with others (its observers, a
     * duplicate delivery), so the listener must not write it either. A link whose received datagrams are such
     * arrays calls this instead of {@link #received}; by default it is {@code received} of a read-only view.
     */
    default void receivedImmutable(byte[] datagram) {
        received(ByteBuffer.wrap(datagram).asReadOnlyBuffer());
    }
}
