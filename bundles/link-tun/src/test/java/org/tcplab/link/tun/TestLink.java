package org.tcplab.link.tun;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.tcplab.api.link.Link;
import org.tcplab.api.link.LinkListener;

/**
 * A test's hand on a TUN link, between it and the host: drop datagrams from the kernel that match a predicate
 * (a lost FIN), and keep copies of datagrams going either way (the RST a host sent).
 */
final class TestLink implements Link {

    final TunLink tun;
    private volatile Predicate<ByteBuffer> dropInbound = d -> false;
    final List<byte[]> sentByHost = new CopyOnWriteArrayList<>();
    final List<byte[]> fromKernel = new CopyOnWriteArrayList<>();
    final List<byte[]> dropped = new CopyOnWriteArrayList<>();
    private volatile Predicate<ByteBuffer> holdInbound = d -> false;
    final List<byte[]> held = new CopyOnWriteArrayList<>();
    private volatile LinkListener listener;

    TestLink(TunLink tun) {
        this.tun = tun;
    }

    void dropFromKernel(Predicate<ByteBuffer> p) {
        dropInbound = p;
    }

    /** Holds back datagrams from the kernel that match, until {@link #release}. */
    void holdFromKernel(Predicate<ByteBuffer> p) {
        holdInbound = p;
    }

    /** Stops holding and delivers what was held, in arrival order. */
    void release() {
        holdInbound = d -> false;
        for (byte[] d : held) {
            fromKernel.add(d);
            listener.received(ByteBuffer.wrap(d));
        }
        held.clear();
    }

    @Override
    public String name() {
        return tun.name();
    }

    @Override
    public int mtu() {
        return tun.mtu();
    }

    @Override
    public void attach(LinkListener listener) {
        this.listener = listener;
        tun.attach(d -> {
            byte[] copy = copy(d);
            if (dropInbound.test(d.duplicate())) {
                dropped.add(copy);
                return;
            }
            if (holdInbound.test(d.duplicate())) {
                held.add(copy);
                return;
            }
            fromKernel.add(copy);
            listener.received(d);
        });
    }

    @Override
    public void detach() {
        tun.detach();
    }

    /** A router before a smaller MTU on the way to the kernel: 0, or that MTU (see {@link #send}). */
    private volatile int mtuTowardsKernel;
    /** Datagrams from the host the router above did not pass. */
    final List<byte[]> tooBigFromHost = new CopyOnWriteArrayList<>();

    /**
     * From now on the way to the kernel carries at most {@code mtu} bytes: a larger datagram from the host is not
     * written, and the host gets ICMP fragmentation needed (RFC 1191) from the kernel's address instead.
     */
    void mtuTowardsKernel(int mtu) {
        mtuTowardsKernel = mtu;
    }

    @Override
    public boolean send(ByteBuffer datagram) {
        byte[] copy = copy(datagram);
        sentByHost.add(copy);
        int mtu = mtuTowardsKernel;
        if (mtu > 0 && copy.length > mtu) {
            tooBigFromHost.add(copy);
            LinkListener l = listener;
            if (l != null) {
                l.received(ByteBuffer.wrap(Segments.fragmentationNeeded(KernelPeer.KERNEL, copy, mtu)));
            }
            return true;
        }
        return tun.send(datagram);
    }

    static byte[] copy(ByteBuffer d) {
        byte[] b = new byte[d.remaining()];
        d.duplicate().get(b);
        return b;
    }

    // Just enough TCP reading for the tests' predicates.

    static boolean isTcp(ByteBuffer d) {
        return d.get(d.position() + 9) == 6;
    }

    static int tcpOffset(ByteBuffer d) {
        return d.position() + (d.get(d.position()) & 0x0F) * 4;
    }

    static int flags(ByteBuffer d) {
        return d.get(tcpOffset(d) + 13) & 0xFF;
    }

    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int ACK = 0x10;

    static int sourcePort(ByteBuffer d) {
        return d.getShort(tcpOffset(d)) & 0xFFFF;
    }

    static boolean tcpWith(ByteBuffer d, int flag) {
        return isTcp(d) && (flags(d) & flag) != 0;
    }
}
