package org.tcplab.api.link;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One network attachment of a host: it carries whole IPv4 datagrams, nothing more.
 *
 * <p>Buffer ownership: {@link #send} borrows the datagram only for the duration of the call (a link that
 * queues must copy), and a {@link LinkListener} borrows what it is given only until it returns, unless the link
 * hands it over for good ({@link LinkListener#receivedImmutable}).
 */
@ConsumerType
public interface Link {

    /** A short name for traces and the shell, e.g. {@code sim0} or {@code tun0}. */
    String name();

    /** The largest IPv4 datagram this link carries, in bytes. */
    int mtu();

    /**
     * Starts delivering received datagrams to {@code listener}, from whatever thread the link uses.
     * A link has at most one listener; attaching again replaces it.
     */
    void attach(LinkListener listener);

    /** Stops delivery. After this returns the listener is not called again. */
    void detach();

    /**
     * Sends one IPv4 datagram, the bytes from {@code datagram.position()} to {@code limit()}.
     * The position of {@code datagram} is not changed.
     *
     * @return true when the link accepted the datagram, false when it dropped it (queue full, link down)
     */
    boolean send(ByteBuffer datagram);
}
