package org.tcplab.link.tun.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import org.tcplab.link.tun.TunException;
import org.tcplab.link.tun.TunException.Reason;

/**
 * An open TUN device: the file descriptor of {@code /dev/net/tun} after TUNSETIFF, non-blocking, plus an eventfd
 * that wakes the reader when the device is closed. Reading is done by one thread ({@link #read}); writing by any
 * ({@link #write} serialises). Closing the descriptor removes the interface (it is never made persistent).
 *
 * <p>Reads are non-blocking and fall back to poll(2) only when the queue is empty, so a busy link pays one
 * syscall per datagram and an idle one sleeps in the kernel.
 */
public final class TunDevice implements AutoCloseable {

    /** What {@link #read} returns when the device was closed. */
    public static final int CLOSED = -1;

    private final String name;
    private final int fd;
    private final int wakeFd;
    private final Memory pollFds = new Memory(16); // two struct pollfd {int fd; short events; short revents;}
    private final ByteBuffer tx;
    private final long txAddress;
    private volatile boolean closed;
    private boolean fdsClosed;

    private TunDevice(String name, int fd, int wakeFd, int maxDatagram) {
        this.name = name;
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.tx = ByteBuffer.allocateDirect(maxDatagram);
        this.txAddress = Pointer.nativeValue(Native.getDirectBufferPointer(tx));
        pollFds.setInt(0, fd);
        pollFds.setShort(4, LibC.POLLIN);
        pollFds.setInt(8, wakeFd);
        pollFds.setShort(12, LibC.POLLIN);
    }

    /**
     * Opens {@code /dev/net/tun} and creates the TUN interface {@code name} (IFF_TUN | IFF_NO_PI, and
     * IFF_TUN_EXCL so an existing interface is never taken over). One clear TunException otherwise.
     */
    public static TunDevice create(String name, int maxDatagram) throws TunException {
        String unsupported = LibC.check();
        if (unsupported != null) {
            throw new TunException(Reason.UNSUPPORTED, unsupported);
        }
        int fd = LibC.open("/dev/net/tun", LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0) {
            int errno = LibC.errno();
            throw switch (errno) {
                case LibC.EPERM, LibC.EACCES -> new TunException(Reason.NO_PRIVILEGE, "cannot open /dev/net/tun: "
                    + LibC.errnoName(errno) + " (TUN devices need CAP_NET_ADMIN: run as root)");
                case LibC.ENOENT, LibC.ENODEV -> new TunException(Reason.NO_DEVICE, "cannot open /dev/net/tun: "
                    + LibC.errnoName(errno) + " (no TUN support here: modprobe tun, or give the container /dev/net/tun)");
                default -> new TunException(Reason.SYSTEM, "cannot open /dev/net/tun: " + LibC.errnoName(errno));
            };
        }
        try (Memory ifreq = new Memory(LibC.IFREQ_SIZE)) {
            ifreq.clear();
            byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            ifreq.write(0, bytes, 0, Math.min(bytes.length, LibC.IFNAMSIZ - 1));
            ifreq.setShort(LibC.IFNAMSIZ, (short) (LibC.IFF_TUN | LibC.IFF_NO_PI | LibC.IFF_TUN_EXCL));
            if (LibC.ioctl(fd, LibC.TUNSETIFF, Pointer.nativeValue(ifreq)) < 0) {
                int errno = LibC.errno();
                LibC.close(fd);
                throw switch (errno) {
                    case LibC.EPERM, LibC.EACCES -> new TunException(Reason.NO_PRIVILEGE, "cannot create TUN interface "
                        + name + ": " + LibC.errnoName(errno) + " (needs CAP_NET_ADMIN: run as root)");
                    case LibC.EBUSY, LibC.EINVAL -> new TunException(Reason.NAME_TAKEN, "cannot create TUN interface "
                        + name + ": " + LibC.errnoName(errno) + " (an interface of that name already exists)");
                    default -> new TunException(Reason.SYSTEM, "cannot create TUN interface " + name + ": "
                        + LibC.errnoName(errno));
                };
            }
        }
        int wakeFd = LibC.eventfd(0, LibC.EFD_CLOEXEC);
        if (wakeFd < 0) {
            int errno = LibC.errno();
            LibC.close(fd);
            throw new TunException(Reason.SYSTEM, "eventfd: " + LibC.errnoName(errno));
        }
        return new TunDevice(name, fd, wakeFd, maxDatagram);
    }

    public String name() {
        return name;
    }

    /**
     * Reads one datagram into {@code buffer} at {@code address} (its native address) of {@code capacity} bytes,
     * waiting for one if none is queued. Returns its length, or {@link #CLOSED} once {@link #close} was called.
     * A negative value below -1 is an errno (negated) the device gave.
     */
    public int read(long address, int capacity) {
        while (!closed) {
            long n = LibC.read(fd, address, capacity);
            if (n >= 0) {
                return (int) n;
            }
            int errno = LibC.errno();
            if (errno == LibC.EINTR) {
                continue;
            }
            if (errno != LibC.EAGAIN) {
                return closed ? CLOSED : -errno;
            }
            // Nothing queued: sleep in the kernel until the device or the wake-up eventfd is readable.
            pollFds.setShort(6, (short) 0);
            pollFds.setShort(14, (short) 0);
            if (LibC.poll(Pointer.nativeValue(pollFds), 2, -1) < 0 && LibC.errno() != LibC.EINTR) {
                return closed ? CLOSED : -LibC.errno();
            }
        }
        return CLOSED;
    }

    /**
     * Writes one datagram (position to limit of {@code datagram}; the position is not changed). Returns 0 when
     * it went, else the errno (EAGAIN when the kernel's queue is full, EIO when the interface is down, ...).
     */
    public synchronized int write(ByteBuffer datagram) {
        if (closed) {
            return LibC.EBADF_CLOSED;
        }
        int length = datagram.remaining();
        if (length > tx.capacity()) {
            return LibC.EMSGSIZE;
        }
        tx.clear();
        tx.put(datagram.duplicate());
        long n = LibC.write(fd, txAddress, length);
        return n == length ? 0 : n < 0 ? LibC.errno() : LibC.EIO;
    }

    /** Wakes the reader; the descriptors themselves are closed by {@link #release} once nobody uses them. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Memory one = new Memory(8)) {
            one.setLong(0, 1);
            LibC.write(wakeFd, Pointer.nativeValue(one), 8);
        }
    }

    /**
     * Closes the descriptors: the interface disappears (the kernel unregisters it within close(2)). Call after
     * the reader has stopped; idempotent.
     */
    public void release() {
        close();
        synchronized (this) {
            if (!fdsClosed) {
                fdsClosed = true;
                LibC.close(fd);
                LibC.close(wakeFd);
            }
        }
    }
}
