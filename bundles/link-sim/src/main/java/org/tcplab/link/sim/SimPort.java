package org.tcplab.link.sim;

import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.tcplab.api.host.Host;
import org.tcplab.api.link.Link;
import org.tcplab.api.link.LinkListener;

/**
 * One host's attachment to a {@link SimNetwork}: a {@link Link} that hands what it is given to the network
 * (which copies it) and receives what the network routes to its addresses. Used from the driver's thread only.
 */
public final class SimPort implements Link {

    private final SimNetwork network;
    private final String name;
    private final List<Integer> addresses;
    private final int mtu;
    private LinkListener listener;
    Host host;
    boolean up = true;
    /** The network's paths from this port, by destination (a cache of SimNetwork's table). */
    final Map<SimPort, SimPath> pathsTo = new IdentityHashMap<>();
    /** The port that owns {@link #lastDst}, the destination this port last sent to (SimNetwork's route cache). */
    SimPort lastTo;
    int lastDst;

    SimPort(SimNetwork network, String name, List<Integer> addresses, int mtu) {
        this.network = network;
        this.name = name;
        this.addresses = List.copyOf(addresses);
        this.mtu = mtu;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    /** The addresses the network routes to this port. */
    public List<Integer> addresses() {
        return addresses;
    }

    /** The host on this port, once {@link SimNetwork#host} made it (or {@link SimNetwork#attach} was called). */
    public Host host() {
        return host;
    }

    /** False while the host is crashed and not yet back. */
    public boolean isUp() {
        return up;
    }

    @Override
    public void attach(LinkListener listener) {
        this.listener = listener;
    }

    @Override
    public void detach() {
        this.listener = null;
    }

    @Override
    public boolean send(ByteBuffer datagram) {
        byte[] copy = new byte[datagram.remaining()];
        datagram.duplicate().get(copy);
        network.send(this, copy);
        return true;
    }

    /**
     * Hands the datagram to the host; the network polls the host once the instant's deliveries are done. The
     * network never writes a datagram's array after it was sent (a corruption is a copy), so the host may keep it.
     */
    void deliver(byte[] bytes) {
        LinkListener l = listener;
        if (l != null) {
            l.receivedImmutable(bytes);
        }
    }

    @Override
    public String toString() {
        return "sim:" + name;
    }
}
