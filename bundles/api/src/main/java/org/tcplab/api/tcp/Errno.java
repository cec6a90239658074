package org.tcplab.api.tcp;

/** The errno values a tcplab socket call can report, with Linux's numbers (asm-generic/errno.h). */
public enum Errno {
    EPERM(1),
    EINTR(4),
    EBADF(9),
    EAGAIN(11),
    ENOMEM(12),
    EINVAL(22),
    EPIPE(32),
    ENOPROTOOPT(92),
    EOPNOTSUPP(95),
    EADDRINUSE(98),
    EADDRNOTAVAIL(99),
    ENETUNREACH(101),
    ECONNABORTED(103),
    ECONNRESET(104),
    EISCONN(106),
    ENOTCONN(107),
    ETIMEDOUT(110),
    ECONNREFUSED(111),
    EHOSTUNREACH(113),
    EALREADY(114),
    EINPROGRESS(115);

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    /** The Linux errno number. */
    public int number() {
        return number;
    }
}
