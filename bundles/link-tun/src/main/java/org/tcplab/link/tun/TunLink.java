package org.tcplab.link.tun;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import org.tcplab.api.link.Link;
import org.tcplab.api.link.LinkListener;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.link.tun.TunException.Reason;
import org.tcplab.link.tun.internal.IpRoute;
import org.tcplab.link.tun.internal.TunDevice;

/**
 * A {@link Link} on a Linux TUN interface: what tcplab sends goes into the kernel's IP stack as if it had
 * arrived on that interface, and what the kernel routes to the interface comes to tcplab.
 *
 * <p>{@link #open} makes the interface (it exists while this link is open), configures it with iproute2,
 * and returns only once the kernel is seen to answer on it (see below). {@link #close} removes it.
 *
 * <p><b>Readiness.</b> A freshly attached TUN interface may not pass traffic at once (the kernel can keep it on
 * the no-op qdisc until its link-watch work runs, which batches events for up to a second). Instead of sleeping
 * a fixed time, {@code open} sends ICMP echo requests from tcplab's address to the kernel's, 5 ms apart and
 * backing off to 100 ms, and returns at the first echo reply: a reply proves both directions work. The
 * replies are the link's own (identifier chosen at random) and are never delivered to the host.
 *
 * <p><b>Threads.</b> One reader thread per link delivers datagrams to the listener (non-IPv4 frames, e.g. the
 * kernel's IPv6 router solicitations, are counted and dropped: a Link carries IPv4). {@link #send} may be
 * called from any thread; it copies the datagram into the device's own buffer and writes it with one syscall.
 */
public final class TunLink implements Link, AutoCloseable {

    private static final int MAX_DATAGRAM = 65535;
    /**
     * Datagrams the kernel queues for the reader before it drops (the interface's txqueuelen). A TUN device gets
     * 500, half an Ethernet device's 1000: on a busy machine the reader thread is sometimes off the CPU for a
     * moment, a 500-deep queue then overflows during bulk transfers, and each drop costs the kernel's sender a
     * congestion-window cut. 1000 is what a veth or Ethernet device takes in (netdev_max_backlog).
     */
    static final int TX_QUEUE_LENGTH = 1000;

    private final TunSettings settings;
    private final TunDevice device;
    private final Thread reader;
    private final Object delivery = new Object();
    private volatile LinkListener listener;
    private volatile boolean closed;

    private final short probeId = (short) ThreadLocalRandom.current().nextInt(1, 0x10000);
    private final Object probeLock = new Object();
    private boolean probeAnswered;
    private volatile Duration readiness = Duration.ZERO;
    private volatile int probesSent;

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicLong notDelivered = new AtomicLong();
    private volatile String readError;

    private TunLink(TunSettings settings, TunDevice device) {
        this.settings = settings;
        this.device = device;
        this.reader = new Thread(this::readLoop, "tcplab-tun-" + settings.interfaceName());
        reader.setDaemon(true);
    }

    /**
     * Makes and configures the interface, waits for the kernel to answer on it, and returns the open link.
     * On any failure nothing is left behind (the interface is removed) and one TunException says why.
     */
    public static TunLink open(TunSettings settings) throws TunException {
        String name = settings.interfaceName();
        if (settings.netns() != null && !IpRoute.netnsExists(settings.netns())) {
            throw new TunException(Reason.NO_NETNS, "network namespace " + settings.netns()
                + " does not exist (make it with: ip netns add " + settings.netns() + ")");
        }
        TunDevice device = TunDevice.create(name, MAX_DATAGRAM);
        TunLink link = new TunLink(settings, device);
        link.reader.start();
        try {
            if (settings.netns() != null) {
                IpRoute.moveToNetns(name, settings.netns());
            }
            IpRoute ip = new IpRoute(settings.netns());
            ip.setMtuAndTxQueue(name, settings.mtu(), TX_QUEUE_LENGTH);
            ip.addAddress(name, settings.kernelCidr());
            ip.up(name);
            if (!settings.readyTimeout().isZero()) {
                link.awaitKernel(settings.readyTimeout());
            }
            return link;
        } catch (TunException | RuntimeException e) {
            link.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return settings.interfaceName();
    }

    @Override
    public int mtu() {
        return settings.mtu();
    }

    public TunSettings settings() {
        return settings;
    }

    @Override
    public void attach(LinkListener l) {
        synchronized (delivery) {
            listener = l;
        }
    }

    @Override
    public void detach() {
        // Taking the delivery lock waits out a datagram being delivered right now (unless we are that delivery).
        synchronized (delivery) {
            listener = null;
        }
    }

    @Override
    public boolean send(ByteBuffer datagram) {
        if (datagram.remaining() > settings.mtu()) {
            sendFailures.incrementAndGet();
            return false;
        }
        if (device.write(datagram) != 0) {
            sendFailures.incrementAndGet();
            return false;
        }
        sent.incrementAndGet();
        return true;
    }

    /** Removes the interface. The listener is not called once this returns (unless called from the listener). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        detach();
        device.close();
        if (Thread.currentThread() != reader) {
            try {
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            device.release();
        } // else: the reader releases the device on its way out.
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Datagrams read from the kernel and delivered to the listener. */
    public long received() {
        return received.get();
    }

    /** Datagrams written to the kernel. */
    public long sent() {
        return sent.get();
    }

    /** Datagrams the kernel did not take (or too big for the MTU). */
    public long sendFailures() {
        return sendFailures.get();
    }

    /** Datagrams read but not delivered: no listener attached, or not IPv4. */
    public long notDelivered() {
        return notDelivered.get();
    }

    /** How long the kernel took to answer the first readiness probe, and how many probes that took. */
    public Duration readiness() {
        return readiness;
    }

    public int probesSent() {
        return probesSent;
    }

    /** Why the reader stopped before the link was closed, or null. */
    public String readError() {
        return readError;
    }

    // ------------------------------------------------------------------------------------------------------

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        long address = Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
        try {
            while (true) {
                int n = device.read(address, MAX_DATAGRAM);
                if (n == TunDevice.CLOSED) {
                    return;
                }
                if (n < 0) {
                    readError = "read from " + settings.interfaceName() + " failed: errno " + -n;
                    return;
                }
                buffer.limit(n).position(0);
                deliver(buffer);
            }
        } finally {
            if (closed) {
                device.release();
            }
        }
    }

    private void deliver(ByteBuffer datagram) {
        if (datagram.remaining() < 20 || (datagram.get(0) & 0xF0) != 0x40) {
            notDelivered.incrementAndGet();
            return;
        }
        if (isProbeReply(datagram)) {
            synchronized (probeLock) {
                probeAnswered = true;
                probeLock.notifyAll();
            }
            return;
        }
        synchronized (delivery) {
            LinkListener l = listener;
            if (l == null) {
                notDelivered.incrementAndGet();
                return;
            }
            received.incrementAndGet();
            try {
                l.received(datagram);
            } catch (RuntimeException e) {
                // The listener's bug must not stop the link; the host counts its own errors.
                notDelivered.incrementAndGet();
            }
        }
    }

    /** An ICMP echo reply from the kernel's address to ours with our identifier. */
    private boolean isProbeReply(ByteBuffer d) {
        int ihl = (d.get(0) & 0x0F) * 4;
        return d.get(9) == 1 && d.remaining() >= ihl + 8 && d.get(ihl) == 0
            && d.getShort(ihl + 4) == probeId
            && d.getInt(12) == settings.kernelAddress() && d.getInt(16) == settings.hostAddress();
    }

    private void awaitKernel(Duration timeout) throws TunException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long interval = 5_000_000L;
        int seq = 0;
        synchronized (probeLock) {
            while (!probeAnswered) {
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    throw new TunException(Reason.NOT_READY, "the kernel did not answer ICMP echo to "
                        + Endpoint.formatAddress(settings.kernelAddress()) + " on " + settings.interfaceName()
                        + " within " + timeout.toMillis() + " ms (" + seq + " probes; is net.ipv4.icmp_echo_ignore_all set"
                        + (settings.netns() == null ? "" : " in " + settings.netns()) + ", or a firewall dropping it?)");
                }
                device.write(echoRequest(++seq));
                probesSent = seq;
                long wait = Math.min(interval, deadline - now);
                try {
                    // Woken by the reader at the first reply; otherwise probe again, less often.
                    probeLock.wait(Math.max(1, wait / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TunException(Reason.NOT_READY, "interrupted while waiting for " + settings.interfaceName());
                }
                interval = Math.min(interval * 2, 100_000_000L);
            }
        }
        readiness = Duration.ofNanos(System.nanoTime() - start);
    }

    private ByteBuffer echoRequest(int seq) {
        ByteBuffer b = ByteBuffer.allocate(36).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 36).putShort((short) seq).putShort((short) 0x4000)
            .put((byte) 64).put((byte) 1).putShort((short) 0)
            .putInt(settings.hostAddress()).putInt(settings.kernelAddress());
        b.putShort(10, checksum(b, 0, 20));
        b.put((byte) 8).put((byte) 0).putShort((short) 0).putShort(probeId).putShort((short) seq)
            .put("tcplabrd".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putShort(22, checksum(b, 20, 16));
        return b.flip();
    }

    private static short checksum(ByteBuffer b, int offset, int length) {
        long sum = 0;
        for (int i = 0; i < length; i += 2) {
            sum += b.getShort(offset + i) & 0xFFFF;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (short) ~sum;
    }

    @Override
    public String toString() {
        return "TunLink[" + settings.interfaceName() + (settings.netns() == null ? "" : " in " + settings.netns())
            + ", kernel " + settings.kernelCidr() + ", tcplab " + Endpoint.formatAddress(settings.hostAddress()) + "]";
    }
}
