package org.tcplab.api.tcp;

/** The errno values a tcplab socket call can report, with Linux's numbers (asm-generic/errno.h). */
public enum Errno {
    EPERM(1),
    /** No such key (TCP_AO_DEL_KEY, TCP_AO_INFO, TCP_MD5SIG deletion), or no such algorithm. */
    ENOENT(2),
    EINTR(4),
    EBADF(9),
    EAGAIN(11),
    ENOMEM(12),
    /** TCP_AO_DEL_KEY: the key is the connection's current or RNext key. */
    EBUSY(16),
    /** TCP_AO_ADD_KEY: a key for an overlapping peer has the same send or receive id. */
    EEXIST(17),
    EINVAL(22),
    EPIPE(32),
    /** UDP send() on a socket with no peer (Linux udp_sendmsg). */
    EDESTADDRREQ(89),
    /**
     * A UDP datagram larger than an IPv4 datagram can carry; TCP_AO_ADD_KEY: the AO option with this MAC length
     * would not fit a SYN's option space.
     */
    EMSGSIZE(90),
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
    EINPROGRESS(115),
    /** TCP_AO_ADD_KEY for a peer that has a TCP-MD5 key, or TCP_AO_INFO ao_required beside MD5 keys. */
    EKEYREJECTED(129);

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    /** The Linux errno number. */
    public int number() {
        return number;
    }
}
