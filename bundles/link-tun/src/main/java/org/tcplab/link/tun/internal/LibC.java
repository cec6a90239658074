package org.tcplab.link.tun.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The few libc calls a TUN device needs, bound by JNA direct mapping (no proxy, no boxing on the data path).
 *
 * <p>Pointers and {@code size_t}/{@code ssize_t} are passed as Java {@code long}: that is exact on LP64 Linux
 * (x86_64, aarch64), the only platforms where {@link #check()} lets this class be used. Every call returns -1
 * on failure and leaves errno in {@link Native#getLastError()} (JNA saves it per thread after each call).
 */
final class LibC {

    static final int O_RDWR = 0x2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int EFD_CLOEXEC = 0x80000;
    static final short POLLIN = 0x1;

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int EIO = 5;
    static final int EMSGSIZE = 90;
    /** Not a kernel errno: the device was closed by us (EBADF's number, 9, is what the kernel would say). */
    static final int EBADF_CLOSED = 9;

    /** _IOW('T', 202, int) from linux/if_tun.h. */
    static final long TUNSETIFF = 0x400454caL;
    static final short IFF_TUN = 0x0001;
    static final short IFF_NO_PI = 0x1000;
    static final short IFF_TUN_EXCL = (short) 0x8000;
    static final int IFNAMSIZ = 16;
    /** sizeof(struct ifreq) on LP64. */
    static final int IFREQ_SIZE = 40;

    private static final String LOAD_FAILURE;

    static {
        String failure = null;
        if (!"Linux".equals(System.getProperty("os.name"))) {
            failure = "TUN devices need Linux (this is " + System.getProperty("os.name") + ")";
        } else if (Native.POINTER_SIZE != 8 || Native.LONG_SIZE != 8) {
            failure = "TUN devices need a 64-bit (LP64) JVM";
        } else {
            try {
                Native.register(LibC.class, NativeLibrary.getInstance("c"));
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                failure = "cannot bind libc through JNA: " + e.getMessage();
            }
        }
        LOAD_FAILURE = failure;
    }

    private LibC() {
    }

    /** Null when the calls below are usable, else why not. */
    static String check() {
        return LOAD_FAILURE;
    }

    static native int open(String path, int flags);

    /** ioctl is variadic; on the LP64 Linux ABIs an integer or pointer vararg travels as a fixed argument does. */
    static native int ioctl(int fd, long request, long argp);

    static native long read(int fd, long buf, long count);

    static native long write(int fd, long buf, long count);

    static native int close(int fd);

    /** poll(struct pollfd *fds, nfds_t nfds, int timeout). */
    static native int poll(long fds, long nfds, int timeoutMillis);

    static native int eventfd(int initval, int flags);

    static int errno() {
        return Native.getLastError();
    }

    /** strerror-like names for the errno values a TUN user meets; the number otherwise. */
    static String errnoName(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case EINTR -> "EINTR";
            case EAGAIN -> "EAGAIN";
            case EACCES -> "EACCES";
            case EBUSY -> "EBUSY";
            case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL";
            case EIO -> "EIO";
            case EMSGSIZE -> "EMSGSIZE";
            case EBADF_CLOSED -> "EBADF";
            default -> "errno " + errno;
        };
    }
}
