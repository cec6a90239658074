package org.tcplab.itests.extralink;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.tcplab.api.link.Link;
import org.tcplab.api.link.LinkListener;

/**
 * A backend as a third party would write it: a link whose far end is a pair of queues. The test packs this one
 * class into a bundle of its own at run time (importing only {@code org.tcplab.api.link}) and a Declarative
 * Services component registers it.
 *
 * <p>The far end talks to it through plain {@code java.util.function} contracts, so nobody has to share a class
 * of this bundle: {@code Consumer<byte[]>} puts a datagram on the wire towards the host (delivered on the
 * caller's thread), {@code Supplier<byte[]>} takes the oldest datagram the host sent (null when none), and
 * {@code BooleanSupplier} tells whether a host is attached.
 */
public final class QueueLink implements Link, Consumer<byte[]>, Supplier<byte[]>, BooleanSupplier {

    private static final int MTU = 1500;
    private static final int QUEUE = 256;

    private final BlockingQueue<byte[]> towardsFarEnd = new ArrayBlockingQueue<>(QUEUE);
    private final Object delivery = new Object();
    private volatile LinkListener listener;

    @Override
    public String name() {
        return "queue0";
    }

    @Override
    public int mtu() {
        return MTU;
    }

    @Override
    public void attach(LinkListener l) {
        synchronized (delivery) {
            listener = l;
        }
    }

    @Override
    public void detach() {
        // The delivery lock waits out a datagram being delivered now: afterwards the listener is never called.
        synchronized (delivery) {
            listener = null;
        }
    }

    @Override
    public boolean send(ByteBuffer datagram) {
        if (datagram.remaining() > MTU) {
            return false;
        }
        byte[] copy = new byte[datagram.remaining()];
        datagram.duplicate().get(copy); // the datagram is lent for this call only, and its position stays
        return towardsFarEnd.offer(copy); // full: dropped, as a real link drops
    }

    /** The far end sends {@code datagram} to the host; dropped when no host is attached. */
    @Override
    public void accept(byte[] datagram) {
        synchronized (delivery) {
            LinkListener l = listener;
            if (l != null) {
                l.received(ByteBuffer.wrap(datagram).asReadOnlyBuffer());
            }
        }
    }

    /** The oldest datagram the host sent that the far end has not taken yet, or null. */
    @Override
    public byte[] get() {
        return towardsFarEnd.poll();
    }

    /** Whether a host is attached. */
    @Override
    public boolean getAsBoolean() {
        return listener != null;
    }
}
