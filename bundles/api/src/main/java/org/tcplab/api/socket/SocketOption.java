package org.tcplab.api.socket;

import java.time.Duration;
import java.util.Objects;

import org.tcplab.api.sign.AoAddKey;
import org.tcplab.api.sign.AoDelKey;
import org.tcplab.api.sign.AoInfo;
import org.tcplab.api.sign.Md5Key;
import org.tcplab.api.tcp.Errno;

/**
 * A socket option with its value type. The constants are the options a tcplab socket understands; setting one
 * that does not apply to the socket's protocol gives ENOPROTOOPT, a value out of range EINVAL.
 *
 * @param <T> the option's value type
 */
public final class SocketOption<T> {

    /**
     * SO_LINGER. Null: off (close returns at once, queued data is still sent, then FIN). {@link Duration#ZERO}:
     * close aborts the connection with a RST (reason TCP_ABORT_ON_LINGER). A positive duration is accepted and
     * treated as off: closing never blocks here.
     */
    public static final SocketOption<Duration> SO_LINGER = new SocketOption<>("SO_LINGER", Duration.class, true);

    /** SO_REUSEADDR: bind may reuse a local port held only by connections in TIME-WAIT. */
    public static final SocketOption<Boolean> SO_REUSEADDR = new SocketOption<>("SO_REUSEADDR", Boolean.class, false);

    /** SO_ERROR (read only): the pending error, or null; reading clears it, as in Linux. */
    public static final SocketOption<Errno> SO_ERROR = new SocketOption<>("SO_ERROR", Errno.class, true);

    /** SO_KEEPALIVE: send keepalive probes after TCP_KEEPIDLE of silence. */
    public static final SocketOption<Boolean> SO_KEEPALIVE = new SocketOption<>("SO_KEEPALIVE", Boolean.class, false);

    /** TCP_KEEPIDLE: idle time before the first keepalive probe (Linux default 7200 s). */
    public static final SocketOption<Duration> TCP_KEEPIDLE = new SocketOption<>("TCP_KEEPIDLE", Duration.class, false);

    /** TCP_KEEPINTVL: time between keepalive probes (Linux default 75 s). */
    public static final SocketOption<Duration> TCP_KEEPINTVL = new SocketOption<>("TCP_KEEPINTVL", Duration.class, false);

    /** TCP_KEEPCNT: unanswered probes before the connection is dropped with ETIMEDOUT (Linux default 9). */
    public static final SocketOption<Integer> TCP_KEEPCNT = new SocketOption<>("TCP_KEEPCNT", Integer.class, false);

    /**
     * TCP_USER_TIMEOUT (RFC 5482): how long transmitted data may stay unacknowledged before the connection is
     * dropped with ETIMEDOUT. {@link Duration#ZERO}: the default (retry count based).
     */
    public static final SocketOption<Duration> TCP_USER_TIMEOUT = new SocketOption<>("TCP_USER_TIMEOUT", Duration.class, false);

    /** TCP_NODELAY: disable Nagle's algorithm (RFC 896). */
    public static final SocketOption<Boolean> TCP_NODELAY = new SocketOption<>("TCP_NODELAY", Boolean.class, false);

    /** TCP_MAXSEG: the largest segment this side will send and announce (before connect/listen). */
    public static final SocketOption<Integer> TCP_MAXSEG = new SocketOption<>("TCP_MAXSEG", Integer.class, false);

    /** SO_RCVBUF: receive buffer in bytes; bounds the window we offer. */
    public static final SocketOption<Integer> SO_RCVBUF = new SocketOption<>("SO_RCVBUF", Integer.class, false);

    /** SO_SNDBUF: send buffer in bytes; send gives EAGAIN when it is full. */
    public static final SocketOption<Integer> SO_SNDBUF = new SocketOption<>("SO_SNDBUF", Integer.class, false);

    /**
     * tcplab: the initial send sequence number of the next connection made from this socket (connect, or each
     * connection accepted by a listener), as an unsigned 32-bit value; null: RFC 6528. Lets a scenario use the
     * numbers printed in the RFC figures.
     */
    public static final SocketOption<Long> TCPLAB_ISN = new SocketOption<>("TCPLAB_ISN", Long.class, true);

    /**
     * tcplab: pin this socket (and connections accepted from it) to the {@code RstPolicy} of that name; null:
     * follow the host's policy. Setting a name no installed policy carries is accepted; until such a policy
     * appears the host's policy is used, and the trace says so.
     */
    public static final SocketOption<String> TCPLAB_POLICY = new SocketOption<>("TCPLAB_POLICY", String.class, true);

    /**
     * TCP_MD5SIG (RFC 2385; Linux {@code setsockopt(TCP_MD5SIG_EXT)}, write only): adds the key to the host's TCP-MD5
     * signer, replacing one for the same peer prefix and local scope. Set it on a listener or on a socket before
     * connect; connections opened afterwards whose flow the key matches sign and verify every segment. The key's
     * own scope decides which connections use it ({@link Md5Key#localPort()}: limit it to this socket's port).
     * Keys set through a socket are removed from the host when the socket closes; a connection already opened
     * with one keeps using it until it is gone (TIME-WAIT included). ENOPROTOOPT when the host has no TCP-MD5
     * signer (as a kernel without CONFIG_TCP_MD5SIG). {@link Md5Key#deletion} (Linux: keylen 0) deletes this
     * socket's key for that slot, ENOENT when it has none.
     */
    public static final SocketOption<Md5Key> TCP_MD5SIG = new SocketOption<>("TCP_MD5SIG", Md5Key.class, false);

    /**
     * TCP_AO_ADD_KEY (RFC 5925; Linux {@code setsockopt(TCP_AO_ADD_KEY)}, write only): adds a master key tuple to the
     * host's TCP-AO signer, on a listener (its accepted connections) or on a socket before connect (or on its live
     * connection, as another key to roll over to). The key's scope is the peer prefix and, if the socket is bound,
     * its local port; it leaves the host with the socket. Errors as Linux's: EINVAL (ids beyond 0..255, a prefix
     * with bits beyond its length or an address with prefix 0, a secret of 0 or more than 80 bytes, a MAC length
     * longer than the algorithm's digest, a peer prefix that excludes the connected peer, set current/RNext on a
     * listener), EMSGSIZE (a MAC length whose option would not fit a SYN: more than 16 bytes), ENOENT (an
     * algorithm other than {@code hmac(sha1)} and {@code cmac(aes128)}), EKEYREJECTED (the peer has a TCP-MD5
     * key), EEXIST (a key for an overlapping peer has the same send or receive id), ENOPROTOOPT (no TCP-AO signer).
     */
    public static final SocketOption<AoAddKey> TCP_AO_ADD_KEY = new SocketOption<>("TCP_AO_ADD_KEY", AoAddKey.class, false);

    /**
     * TCP_AO_DEL_KEY (write only): deletes a key this socket added, named by ids and peer prefix. ENOENT when the
     * socket has no such key (or a key named to become current/RNext does not exist), EBUSY when it is the current
     * or RNext key of the socket's connection, EINVAL for set current/RNext on a listener.
     */
    public static final SocketOption<AoDelKey> TCP_AO_DEL_KEY = new SocketOption<>("TCP_AO_DEL_KEY", AoDelKey.class, false);

    /**
     * TCP_AO_INFO: the socket's TCP-AO settings (ao_required, accept_icmps, inherited by accepted connections)
     * and, on a connection, key rollover from our side: the current key and the RNext key (RFC 5925 §7.5.2), before
     * connect or on a live connection. Read: the connection's current and RNext ids and counters. See
     * {@link AoInfo}.
     */
    public static final SocketOption<AoInfo> TCP_AO_INFO = new SocketOption<>("TCP_AO_INFO", AoInfo.class, false);

    private final String name;
    private final Class<T> type;
    private final boolean nullable;

    private SocketOption(String name, Class<T> type, boolean nullable) {
        this.name = name;
        this.type = type;
        this.nullable = nullable;
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    /** Whether null is a meaningful value ("off", "none", "default"). */
    public boolean nullable() {
        return nullable;
    }

    /** Checks the type (and non-nullness) of a value before it is handed to the stack. */
    public T cast(Object value) {
        if (value == null) {
            if (!nullable) {
                throw new IllegalArgumentException(name + " cannot be null");
            }
            return null;
        }
        return type.cast(Objects.requireNonNull(value));
    }

    @Override
    public String toString() {
        return name;
    }
}
