package org.tcplab.tcp.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.tcplab.api.host.RstReason;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.Shutdown;
import org.tcplab.api.sign.AoAddKey;
import org.tcplab.api.sign.AoAlgorithm;
import org.tcplab.api.sign.AoDelKey;
import org.tcplab.api.sign.AoInfo;
import org.tcplab.api.sign.AoKey;
import org.tcplab.api.sign.AoSigner;
import org.tcplab.api.sign.AuthOptions;
import org.tcplab.api.sign.KeyChange;
import org.tcplab.api.sign.Keys;
import org.tcplab.api.sign.Md5Key;
import org.tcplab.api.sign.Md5Signer;
import org.tcplab.api.sign.SignedConnection;
import org.tcplab.api.socket.SocketOption;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpState;

/**
 * The socket layer: Linux's inet_stream_connect / tcp_sendmsg / tcp_recvmsg / inet_shutdown / tcp_close rules
 * for which errno a call returns, over a {@link Connection} or a {@link Listener}. Every call runs on the host's
 * loop ({@link TcpHost#call}). The errno sequences were checked against Linux 6.18 (see ResetErrnoTest).
 */
final class TcpSocketImpl implements TcpSocket {

    /** Linux's socket->state, which connect(2) consults beside the TCP state. */
    private enum SockState { UNCONNECTED, CONNECTING, CONNECTED }

    private final TcpHost host;
    final ConnConfig cfg;
    Endpoint bound;
    Listener listener;
    Connection conn;
    private SockState sockState = SockState.UNCONNECTED;
    private boolean closed;
    private boolean autobound;
    /** sk_shutdown bits set on a socket without a connection (shutdown gives ENOTCONN but sets them, as Linux). */
    private boolean rcvShutdownUnconnected;
    private Duration linger;
    private Long isn;
    private String policyPin;
    /** TCP-MD5 keys added through this socket (TCP_MD5SIG): removed from the host's signer when it closes. */
    private final List<Md5Key> md5Keys = new ArrayList<>();
    /** TCP-AO keys added through this socket (TCP_AO_ADD_KEY): removed from the host's signer when it closes. */
    private final List<AoKey> aoKeys = new ArrayList<>();
    /** TCP-AO current (send id) and RNext (receive id) keys chosen before connect, -1 for the default. */
    private int aoCurrent = -1;
    private int aoRnext = -1;

    TcpSocketImpl(TcpHost host) {
        this.host = host;
        this.cfg = host.defaults.copy();
    }

    /** An accepted connection. */
    private TcpSocketImpl(TcpHost host, Connection c) {
        this.host = host;
        this.cfg = c.cfg;
        this.conn = c;
        this.bound = c.local;
        this.sockState = SockState.CONNECTED;
        this.policyPin = c.policyPin;
        c.owner = this;
    }

    private <T> Result<T> run(String call, Supplier<Result<T>> work) {
        return host.call(() -> {
            Result<T> r;
            if (host.isClosed()) {
                r = Result.error(Errno.EBADF);
            } else if (closed) {
                r = Result.error(Errno.EBADF);
            } else {
                r = work.get();
            }
            if (!r.isOk()) {
                host.traceErrno(this, call, r.errno());
            }
            if (conn != null) {
                host.touch(conn);
            }
            return r;
        });
    }

    private long now() {
        return host.clock.nanos();
    }

    /** Linux sock_error(): the pending error, cleared by reading it. */
    private Errno takeError() {
        if (conn == null) {
            return null;
        }
        Errno e = conn.pendingError;
        conn.pendingError = null;
        return e;
    }

    // ---------------------------------------------------------------------------------------------------------

    @Override
    public Result<Void> bind(Endpoint local) {
        return run("bind", () -> {
            if (bound != null) {
                return Result.error(Errno.EINVAL);
            }
            if (local.address() != Endpoint.ANY && !host.isLocal(local.address())) {
                return Result.error(Errno.EADDRNOTAVAIL);
            }
            int port = local.port();
            if (port == 0) {
                port = host.ephemeralPort(local.address(), cfg.reuseAddr);
                if (port < 0) {
                    return Result.error(Errno.EADDRINUSE);
                }
            } else if (host.portConflict(local, cfg.reuseAddr, this)) {
                return Result.error(Errno.EADDRINUSE);
            }
            bound = new Endpoint(local.address(), port);
            host.addBound(this);
            return Result.ok();
        });
    }

    @Override
    public Result<Void> listen(int backlog) {
        return run("listen", () -> {
            if (conn != null) {
                return Result.error(Errno.EINVAL);
            }
            if (listener != null) {
                listener.backlog = Math.max(0, backlog);
                return Result.ok();
            }
            if (bound == null) {
                int port = host.ephemeralPort(Endpoint.ANY, cfg.reuseAddr);
                if (port < 0) {
                    return Result.error(Errno.EADDRINUSE);
                }
                bound = new Endpoint(Endpoint.ANY, port);
                host.addBound(this);
            }
            // Linux inet_csk_listen_start checks the port again: two SO_REUSEADDR sockets cannot both listen.
            for (Listener other : host.listeners.values()) {
                if (other.local.port() == bound.port() && (other.local.address() == bound.address()
                        || other.local.address() == Endpoint.ANY || bound.address() == Endpoint.ANY)) {
                    return Result.error(Errno.EADDRINUSE);
                }
            }
            Listener l = new Listener(bound, cfg, Math.max(0, backlog));
            l.isn = isn;
            l.policyPin = policyPin;
            l.socket = this;
            listener = l;
            host.addListener(l);
            return Result.ok();
        });
    }

    @Override
    public Result<TcpSocket> accept() {
        return run("accept", this::acceptNow);
    }

    private Result<TcpSocket> acceptNow() {
        if (listener == null) {
            return Result.error(Errno.EINVAL);
        }
        Connection c = listener.acceptQueue.poll();
        if (c == null) {
            return Result.error(Errno.EAGAIN);
        }
        return Result.of(new TcpSocketImpl(host, c));
    }

    @Override
    public CompletionStage<Result<TcpSocket>> accept(Duration timeout) {
        CompletableFuture<Result<TcpSocket>> f = new CompletableFuture<>();
        host.call(() -> {
            long deadline = deadline(timeout);
            host.addWaiter(new TcpHost.Waiter(deadline) {
                @Override
                boolean check() {
                    if (closed || listener == null) {
                        return f.complete(Result.error(closed ? Errno.EBADF : Errno.EINVAL));
                    }
                    if (listener.acceptQueue.isEmpty()) {
                        return false;
                    }
                    return f.complete(acceptNow());
                }

                @Override
                void expire() {
                    f.complete(Result.error(Errno.EAGAIN));
                }
            });
            return null;
        });
        return f;
    }

    private long deadline(Duration timeout) {
        long t = timeout.toNanos();
        long now = now();
        return t >= Long.MAX_VALUE - now ? Long.MAX_VALUE - 1 : now + t;
    }

    @Override
    public Result<Void> connect(Endpoint remote) {
        return run("connect", () -> connectNow(remote));
    }

    /** Linux __inet_stream_connect. */
    private Result<Void> connectNow(Endpoint remote) {
        switch (sockState) {
            case CONNECTED:
                return Result.error(Errno.EISCONN);
            case CONNECTING:
                if (conn.state == TcpState.SYN_SENT || conn.state == TcpState.SYN_RECEIVED) {
                    return Result.error(Errno.EALREADY);
                }
                if (conn.state == TcpState.CLOSED) {
                    // "Connection was closed by RST, timeout, ICMP error": sock_error, or ECONNABORTED once it
                    // was read; then tcp_disconnect makes the socket new again.
                    Errno e = takeError();
                    disconnect();
                    return Result.error(e != null ? e : Errno.ECONNABORTED);
                }
                sockState = SockState.CONNECTED;
                return Result.ok();
            default:
                break;
        }
        if (listener != null || conn != null) {
            return Result.error(Errno.EISCONN);
        }
        if (remote.port() == 0) {
            return Result.error(Errno.ECONNREFUSED);
        }
        int remoteAddr = remote.address() == Endpoint.ANY ? host.addresses().get(0) : remote.address();
        Endpoint to = new Endpoint(remoteAddr, remote.port());
        int localAddr = bound != null && bound.address() != Endpoint.ANY ? bound.address() : host.sourceFor(remoteAddr);
        int localPort;
        if (bound == null) {
            localPort = host.connectPort(localAddr, to);
            if (localPort < 0) {
                return Result.error(Errno.EADDRNOTAVAIL);
            }
        } else {
            localPort = bound.port();
        }
        Endpoint local = new Endpoint(localAddr, localPort);
        TcpHost.FourTuple key = TcpHost.FourTuple.of(local, to);
        if (host.connections.containsKey(key)) {
            return Result.error(Errno.EADDRNOTAVAIL);
        }
        if (bound == null) {
            // Autobound by connect: the port is held by the connection, shared with other connections to
            // other peers (Linux __inet_hash_connect), and released if the connect fails.
            bound = local;
            autobound = true;
        }
        Connection c = new Connection(local, to, cfg);
        c.owner = this;
        c.policyPin = policyPin;
        host.addConnection(c);
        conn = c;
        sockState = SockState.CONNECTING;
        long now = now();
        long iss = isn != null ? isn : host.isn(local, to, now);
        SignedConnection sc = host.openSigned(c, iss); // before the SYN: a keyed flow signs it
        if (sc != null && (aoCurrent >= 0 || aoRnext >= 0)) {
            // Linux tcp_ao_connect_init: the keys chosen before connect, if they match the peer; else the default
            sc.useKeys(aoCurrent, aoRnext);
        }
        c.open(iss, now, host);
        return Result.error(Errno.EINPROGRESS);
    }

    /** Linux tcp_disconnect after a failed connect: the socket is as new (shutdown bits cleared). */
    private void disconnect() {
        if (conn != null && conn.state != TcpState.CLOSED) {
            conn.delete(host);
        }
        conn = null;
        sockState = SockState.UNCONNECTED;
        rcvShutdownUnconnected = false;
        if (autobound) {
            bound = null;
            autobound = false;
        }
    }

    @Override
    public CompletionStage<Result<Void>> connect(Endpoint remote, Duration timeout) {
        CompletableFuture<Result<Void>> f = new CompletableFuture<>();
        host.call(() -> {
            if (closed || host.isClosed()) {
                f.complete(Result.error(Errno.EBADF));
                return null;
            }
            Result<Void> r = connectNow(remote);
            if (r.errno() != Errno.EINPROGRESS) {
                if (!r.isOk()) {
                    host.traceErrno(this, "connect", r.errno());
                }
                f.complete(r);
                return null;
            }
            host.touch(conn);
            host.addWaiter(new TcpHost.Waiter(deadline(timeout)) {
                @Override
                boolean check() {
                    if (closed) {
                        return f.complete(Result.error(Errno.EBADF));
                    }
                    if (conn == null) {
                        return f.complete(Result.error(Errno.ECONNABORTED));
                    }
                    if (conn.state == TcpState.SYN_SENT || conn.state == TcpState.SYN_RECEIVED) {
                        return false;
                    }
                    // inet_wait_for_connect returned: as connect(2) called again, minus EALREADY.
                    Result<Void> done = connectNow(remote);
                    if (!done.isOk()) {
                        host.traceErrno(TcpSocketImpl.this, "connect", done.errno());
                    }
                    return f.complete(done);
                }

                @Override
                void expire() {
                    // Linux with SO_SNDTIMEO: the wait ends with EINPROGRESS and the attempt goes on.
                    f.complete(Result.error(Errno.EINPROGRESS));
                }
            });
            return null;
        });
        return f;
    }

    @Override
    public Result<Integer> send(ByteBuffer data) {
        return run("send", () -> sendNow(data));
    }

    private Result<Integer> sendNow(ByteBuffer data) {
        {
            Connection c = conn;
            // tcp_sendmsg_locked -> sk_stream_wait_connect: "if (sk->sk_err) return sock_error(sk); if not
            // SYN_SENT or SYN_RECV return -EPIPE".
            if (c == null) {
                return Result.error(Errno.EPIPE);
            }
            if (c.state == TcpState.SYN_SENT || c.state == TcpState.SYN_RECEIVED) {
                Errno e = takeError();
                return Result.error(e != null ? e : Errno.EAGAIN);
            }
            // "err = -EPIPE; if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN)) goto do_error;" and
            // sk_stream_error turns EPIPE into the pending error if there is one.
            if ((c.state != TcpState.ESTABLISHED && c.state != TcpState.CLOSE_WAIT) || c.pendingError != null
                    || c.sendShutdown) {
                Errno e = takeError();
                return Result.error(e != null ? e : Errno.EPIPE);
            }
            if (!data.hasRemaining()) {
                return Result.of(0);
            }
            int want = Math.min(data.remaining(), c.sendSpace());
            if (want == 0) {
                return Result.error(Errno.EAGAIN);
            }
            int n;
            if (data.hasArray()) {
                // Straight from the caller's array into the send buffer, without a copy in between.
                n = c.userSend(data.array(), data.arrayOffset() + data.position(), want, now(), host);
                data.position(data.position() + n);
            } else {
                byte[] bytes = new byte[want];
                data.get(bytes);
                n = c.userSend(bytes, 0, want, now(), host);
            }
            return Result.of(n);
        }
    }

    @Override
    public CompletionStage<Result<Integer>> send(ByteBuffer data, Duration timeout) {
        CompletableFuture<Result<Integer>> f = new CompletableFuture<>();
        host.call(() -> {
            int[] queued = {0};
            host.addWaiter(new TcpHost.Waiter(deadline(timeout)) {
                @Override
                boolean check() {
                    while (data.hasRemaining()) {
                        Result<Integer> r = closed || host.isClosed() ? Result.error(Errno.EBADF) : sendNow(data);
                        if (conn != null) {
                            host.touch(conn);
                        }
                        if (r.isOk()) {
                            queued[0] += r.value();
                            continue;
                        }
                        if (r.errno() == Errno.EAGAIN) {
                            return false;
                        }
                        host.traceErrno(TcpSocketImpl.this, "send", r.errno());
                        return f.complete(queued[0] > 0 ? Result.of(queued[0]) : r);
                    }
                    return f.complete(Result.of(queued[0]));
                }

                @Override
                void expire() {
                    f.complete(queued[0] > 0 ? Result.of(queued[0]) : Result.error(Errno.EAGAIN));
                }
            });
            if (conn != null) {
                host.touch(conn);
            }
            return null;
        });
        return f;
    }

    @Override
    public Result<byte[]> recv(int max) {
        return run("recv", () -> recvNow(max));
    }

    private Result<byte[]> recvNow(int max) {
        if (max < 0) {
            return Result.error(Errno.EINVAL);
        }
        Result<Integer> r = recvState(max);
        if (r == null) {
            return Result.of(conn.userRead(max, now(), host));
        }
        return r.isOk() ? Result.of(new byte[0]) : Result.error(r.errno());
    }

    @Override
    public Result<Integer> recv(ByteBuffer dst) {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("recv into a read-only buffer");
        }
        return run("recv", () -> {
            Result<Integer> r = recvState(dst.remaining());
            return r != null ? r : Result.of(conn.userRead(dst, now(), host));
        });
    }

    /**
     * Linux tcp_recvmsg_locked: data first, then SOCK_DONE (FIN), sk_err, RCV_SHUTDOWN, CLOSE, EAGAIN. Null when
     * up to {@code max} (> 0) bytes can be read now; else what recv returns: 0 (end of stream) or an error.
     */
    private Result<Integer> recvState(int max) {
        if (listener != null) {
            return Result.error(Errno.ENOTCONN);
        }
        Connection c = conn;
        if (c == null) {
            return rcvShutdownUnconnected ? Result.of(0) : Result.error(Errno.ENOTCONN);
        }
        if (!c.rcvBuf.isEmpty() && max > 0) {
            return null;
        }
        if (c.finReceived) {
            return Result.of(0);
        }
        Errno e = takeError();
        if (e != null) {
            return Result.error(e);
        }
        if (c.rcvShutdown) {
            return Result.of(0);
        }
        if (c.state == TcpState.CLOSED) {
            return Result.error(Errno.ENOTCONN);
        }
        return Result.error(Errno.EAGAIN);
    }

    @Override
    public CompletionStage<Result<byte[]>> recv(int max, Duration timeout) {
        return recvWaiting(timeout, () -> recvNow(max));
    }

    @Override
    public CompletionStage<Result<Integer>> recv(ByteBuffer dst, Duration timeout) {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("recv into a read-only buffer");
        }
        return recvWaiting(timeout, () -> {
            Result<Integer> r = recvState(dst.remaining());
            return r != null ? r : Result.of(conn.userRead(dst, now(), host));
        });
    }

    /** A blocking recv: {@code attempt} (a non-blocking recv) is retried on the loop until it is not EAGAIN. */
    private <T> CompletionStage<Result<T>> recvWaiting(Duration timeout, java.util.function.Supplier<Result<T>> attempt) {
        CompletableFuture<Result<T>> f = new CompletableFuture<>();
        host.call(() -> {
            host.addWaiter(new TcpHost.Waiter(deadline(timeout)) {
                @Override
                boolean check() {
                    if (closed || host.isClosed()) {
                        return f.complete(Result.error(Errno.EBADF));
                    }
                    Result<T> r = attempt.get();
                    if (r.errno() == Errno.EAGAIN) {
                        return false;
                    }
                    if (!r.isOk()) {
                        host.traceErrno(TcpSocketImpl.this, "recv", r.errno());
                    }
                    if (conn != null) {
                        host.touch(conn);
                    }
                    return f.complete(r);
                }

                @Override
                void expire() {
                    f.complete(Result.error(Errno.EAGAIN));
                }
            });
            return null;
        });
        return f;
    }

    @Override
    public Result<Void> shutdown(Shutdown how) {
        return run("shutdown", () -> {
            boolean rd = how != Shutdown.WR;
            boolean wr = how != Shutdown.RD;
            if (listener != null) {
                // inet_shutdown: "case TCP_LISTEN: if (!(how & RCV_SHUTDOWN)) break;" then disconnect.
                if (rd) {
                    stopListening();
                }
                return Result.ok();
            }
            Connection c = conn;
            if (c == null || c.state == TcpState.CLOSED) {
                // "case TCP_CLOSE: err = -ENOTCONN;" -- and the shutdown bits are set all the same.
                if (c == null) {
                    rcvShutdownUnconnected |= rd;
                } else {
                    c.rcvShutdown |= rd;
                    c.sendShutdown |= wr;
                }
                return Result.error(Errno.ENOTCONN);
            }
            if (c.state == TcpState.SYN_SENT) {
                // "case TCP_SYN_SENT: err = sk->sk_prot->disconnect(sk, O_NONBLOCK);"
                disconnect();
                return Result.ok();
            }
            if (rd) {
                c.userShutdownRead();
            }
            if (wr) {
                c.userShutdownWrite(now(), host);
            }
            return Result.ok();
        });
    }

    private void stopListening() {
        Listener l = listener;
        listener = null;
        host.removeListener(l);
        // inet_csk_listen_stop: connections not yet accepted are reset; embryonic ones simply go.
        for (Connection c : host.connections.values().toArray(new Connection[0])) {
            if (c.owner == l && !l.acceptQueue.contains(c)) {
                c.delete(host);
            }
        }
        for (Connection c : l.acceptQueue) {
            c.owner = null;
            c.orphan = true;
            if (c.state != TcpState.CLOSED) {
                c.abort(RstReason.TCP_ABORT_ON_CLOSE, host);
            }
        }
        l.acceptQueue.clear();
    }

    @Override
    public Result<Void> close() {
        return run("close", () -> {
            closed = true;
            if (listener != null) {
                stopListening();
            }
            Connection c = conn;
            if (c != null) {
                c.owner = null;
                c.userClose(linger != null && linger.isZero(), now(), host.policyFor(c.policyPin), host);
                host.touch(c);
            }
            host.removeBound(this);
            forgetMd5Keys();
            forgetAoKeys();
            return Result.ok();
        });
    }

    /**
     * The socket's keys leave the host's table with it. Connections already opened with one keep signing with it
     * until they are gone (the signer's SignedConnection holds the key it last used).
     */
    private void forgetMd5Keys() {
        if (md5Keys.isEmpty()) {
            return;
        }
        Md5Signer md5 = host.md5Signer();
        if (md5 != null) {
            for (Md5Key k : md5Keys) {
                if (k.equals(md5.keys().stream().filter(k::sameSlot).findFirst().orElse(null))) {
                    md5.removeKey(k); // only if nobody replaced it since
                }
            }
        }
        md5Keys.clear();
    }

    private void forgetAoKeys() {
        AoSigner ao = aoKeys.isEmpty() ? null : host.aoSigner();
        if (ao != null) {
            for (AoKey k : aoKeys) {
                ao.removeKey(k);
            }
        }
        aoKeys.clear();
    }

    /** The host crashed: the socket is gone with it. */
    void forget() {
        closed = true;
        listener = null;
        conn = null;
    }

    @Override
    public <T> Result<Void> setOption(SocketOption<T> option, T value) {
        return run("setsockopt", () -> {
            Object v = option.cast(value);
            if (option == SocketOption.SO_ERROR) {
                return Result.error(Errno.ENOPROTOOPT);
            }
            if (option == SocketOption.SO_LINGER) {
                Duration d = (Duration) v;
                if (d != null && d.isNegative()) {
                    return Result.error(Errno.EINVAL);
                }
                linger = d;
            } else if (option == SocketOption.SO_REUSEADDR) {
                cfg.reuseAddr = (Boolean) v;
            } else if (option == SocketOption.SO_KEEPALIVE) {
                cfg.keepalive = (Boolean) v;
            } else if (option == SocketOption.TCP_KEEPIDLE || option == SocketOption.TCP_KEEPINTVL
                    || option == SocketOption.TCP_USER_TIMEOUT) {
                Duration d = (Duration) v;
                boolean zeroOk = option == SocketOption.TCP_USER_TIMEOUT;
                if (d.isNegative() || (d.isZero() && !zeroOk)) {
                    return Result.error(Errno.EINVAL);
                }
                if (option == SocketOption.TCP_KEEPIDLE) {
                    cfg.keepIdle = d.toNanos();
                } else if (option == SocketOption.TCP_KEEPINTVL) {
                    cfg.keepIntvl = d.toNanos();
                } else {
                    cfg.userTimeout = d.toNanos();
                }
            } else if (option == SocketOption.TCP_KEEPCNT) {
                int n = (Integer) v;
                if (n < 1 || n > 127) {
                    return Result.error(Errno.EINVAL);
                }
                cfg.keepCnt = n;
            } else if (option == SocketOption.TCP_NODELAY) {
                cfg.nodelay = (Boolean) v;
                if (conn != null && cfg.nodelay) {
                    conn.output(now(), host);
                }
            } else if (option == SocketOption.TCP_MAXSEG) {
                int mss = (Integer) v;
                if (mss < 88 || mss > 65535 - 40) {
                    return Result.error(Errno.EINVAL);
                }
                cfg.mss = Math.min(mss, host.defaults.mss);
            } else if (option == SocketOption.SO_RCVBUF || option == SocketOption.SO_SNDBUF) {
                int n = (Integer) v;
                if (n < 1024 || n > (1 << 30)) {
                    return Result.error(Errno.EINVAL);
                }
                if (option == SocketOption.SO_RCVBUF) {
                    if (conn != null) {
                        return Result.error(Errno.EISCONN); // the window scale is fixed by the handshake
                    }
                    cfg.receiveBuffer = n;
                } else {
                    cfg.sendBuffer = n;
                }
            } else if (option == SocketOption.TCPLAB_ISN) {
                Long n = (Long) v;
                if (n != null && (n < 0 || n > Seq.MASK)) {
                    return Result.error(Errno.EINVAL);
                }
                isn = n;
                if (listener != null) {
                    listener.isn = n;
                }
            } else if (option == SocketOption.TCP_MD5SIG) {
                Md5Signer md5 = host.md5Signer();
                if (md5 == null) {
                    return Result.error(Errno.ENOPROTOOPT); // as a kernel without CONFIG_TCP_MD5SIG
                }
                Md5Key key = (Md5Key) v;
                if (key.isDeletion()) {
                    // Linux tcp_md5_do_del: this socket's key for the slot, ENOENT when there is none
                    Md5Key mine = md5Keys.stream().filter(key::sameSlot).findFirst().orElse(null);
                    if (mine == null) {
                        return Result.error(Errno.ENOENT);
                    }
                    md5Keys.remove(mine);
                    if (mine.equals(md5.keys().stream().filter(mine::sameSlot).findFirst().orElse(null))) {
                        md5.removeKey(mine); // only if nobody replaced it since
                    }
                    return Result.ok();
                }
                md5.addKey(key);
                md5Keys.removeIf(k -> k.sameSlot(key));
                md5Keys.add(key);
            } else if (option == SocketOption.TCP_AO_ADD_KEY) {
                Errno e = aoAdd((AoAddKey) v);
                if (e != null) {
                    return Result.error(e);
                }
            } else if (option == SocketOption.TCP_AO_DEL_KEY) {
                Errno e = aoDel((AoDelKey) v);
                if (e != null) {
                    return Result.error(e);
                }
            } else if (option == SocketOption.TCP_AO_INFO) {
                Errno e = aoInfo((AoInfo) v);
                if (e != null) {
                    return Result.error(e);
                }
            } else if (option == SocketOption.TCPLAB_POLICY) {
                policyPin = (String) v;
                if (listener != null) {
                    listener.policyPin = policyPin;
                }
                if (conn != null) {
                    conn.policyPin = policyPin;
                }
            } else {
                return Result.error(Errno.ENOPROTOOPT);
            }
            if (conn != null) {
                conn.rearm(now());
            }
            return Result.ok();
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Result<T> getOption(SocketOption<T> option) {
        return run("getsockopt", () -> {
            Object v;
            if (option == SocketOption.SO_ERROR) {
                Errno e = takeError();
                if (e != null) {
                    host.traceErrno(this, "SO_ERROR", e);
                }
                v = e;
            } else if (option == SocketOption.SO_LINGER) {
                v = linger;
            } else if (option == SocketOption.SO_REUSEADDR) {
                v = cfg.reuseAddr;
            } else if (option == SocketOption.SO_KEEPALIVE) {
                v = cfg.keepalive;
            } else if (option == SocketOption.TCP_KEEPIDLE) {
                v = Duration.ofNanos(cfg.keepIdle);
            } else if (option == SocketOption.TCP_KEEPINTVL) {
                v = Duration.ofNanos(cfg.keepIntvl);
            } else if (option == SocketOption.TCP_KEEPCNT) {
                v = cfg.keepCnt;
            } else if (option == SocketOption.TCP_USER_TIMEOUT) {
                v = Duration.ofNanos(cfg.userTimeout);
            } else if (option == SocketOption.TCP_NODELAY) {
                v = cfg.nodelay;
            } else if (option == SocketOption.TCP_MAXSEG) {
                v = conn != null && conn.state.isSynchronized() ? conn.sndMss : cfg.mss;
            } else if (option == SocketOption.SO_RCVBUF) {
                v = cfg.receiveBuffer;
            } else if (option == SocketOption.SO_SNDBUF) {
                v = cfg.sendBuffer;
            } else if (option == SocketOption.TCPLAB_ISN) {
                v = isn;
            } else if (option == SocketOption.TCPLAB_POLICY) {
                v = policyPin;
            } else if (option == SocketOption.TCP_AO_INFO) {
                if (host.aoSigner() == null) {
                    return Result.error(Errno.ENOPROTOOPT);
                }
                SignedConnection sc = aoConnection();
                AoInfo i = sc != null ? sc.aoInfo() : new AoInfo(false, aoCurrent, false, aoRnext, false, false, 0, 0,
                        0, 0, 0);
                v = new AoInfo(false, i.currentKey(), false, i.rnext(), cfg.aoRequired, cfg.aoAcceptIcmps, i.pktGood(),
                        i.pktBad(), i.pktKeyNotFound(), i.pktAoRequired(), i.pktDroppedIcmp());
            } else {
                return Result.error(Errno.ENOPROTOOPT);
            }
            return v == null ? (Result<T>) NULL_VALUE : Result.of((T) v);
        });
    }

    /** The TCP-AO signing state of this socket's connection, or null. */
    private SignedConnection aoConnection() {
        return conn != null && conn.signed != null && conn.signed.optionKind() == AuthOptions.KIND_AO ? conn.signed
                : null;
    }

    /**
     * TCP_AO_ADD_KEY, with Linux's answers (tcp_ao_add_cmd, tcp_ao_verify_ipv4, tcp_ao_parse_crypto); null when the
     * key was added.
     */
    private Errno aoAdd(AoAddKey add) {
        AoSigner ao = host.aoSigner();
        if (ao == null) {
            return Errno.ENOPROTOOPT; // as a kernel without CONFIG_TCP_AO
        }
        byte[] secret = add.secret();
        if (secret.length == 0 || secret.length > Keys.MAX_SECRET_LENGTH) {
            return Errno.EINVAL; // TCP_AO_MAXKEYLEN; an empty secret is refused here, Linux would take it
        }
        if (((add.sendId() | add.recvId()) & ~0xFF) != 0 || ((add.macLength() & ~0xFF) != 0)) {
            return Errno.EINVAL; // u8 fields in struct tcp_ao_add
        }
        int peer = add.peerAddress();
        int prefix = add.prefixLength();
        if (prefix != 0) {
            if (peer == 0 || prefix < 0 || prefix > 32 || (peer & ~Keys.mask(prefix)) != 0) {
                return Errno.EINVAL;
            }
            Endpoint remote = remoteEndpointUnsafe();
            if (remote != null && (remote.address() & Keys.mask(prefix)) != peer) {
                return Errno.EINVAL; // "MKT address is consistent with socket"
            }
        } else if (peer != 0) {
            return Errno.EINVAL;
        }
        if ((add.setCurrent() || add.setRnext()) && listener != null) {
            return Errno.EINVAL; // no current/RNext keys on a listener
        }
        Md5Signer md5 = host.md5Signer();
        if (md5 != null && md5.keys().stream()
                .anyMatch(k -> (peer & Keys.mask(k.prefixLength())) == k.peerAddress())) {
            return Errno.EKEYREJECTED; // no TCP-AO key for a peer that has a TCP-MD5 key
        }
        AoAlgorithm algorithm;
        try {
            algorithm = AoAlgorithm.parse(String.valueOf(add.algorithm()));
        } catch (IllegalArgumentException e) {
            return Errno.ENOENT; // crypto_alloc_ahash finds no such algorithm
        }
        int mac = add.macLength() == 0 ? 12 : add.macLength(); // RFC 5925's default
        if (((4 + mac + 3) & ~3) > 40 - 4 - 12 - 4) {
            return Errno.EMSGSIZE; // does not fit a SYN beside MSS, timestamps and window scale
        }
        if (mac > algorithm.digestLength()) {
            return Errno.EINVAL;
        }
        int localPort = bound != null ? bound.port() : 0;
        AoKey key = new AoKey(add.sendId(), add.recvId(), algorithm, mac, add.excludeOptions(), peer, prefix, 0,
                localPort, secret);
        if (ao.addKey(key) == KeyChange.ID_CONFLICT) {
            return Errno.EEXIST;
        }
        aoKeys.add(key);
        SignedConnection sc = aoConnection();
        if (sc != null) {
            sc.useKeys(add.setCurrent() ? key.sendId() : -1, add.setRnext() ? key.recvId() : -1);
        } else {
            aoCurrent = add.setCurrent() ? key.sendId() : aoCurrent;
            aoRnext = add.setRnext() ? key.recvId() : aoRnext;
        }
        return null;
    }

    /** TCP_AO_DEL_KEY (Linux tcp_ao_del_cmd); null when the key was deleted. */
    private Errno aoDel(AoDelKey del) {
        AoSigner ao = host.aoSigner();
        if (ao == null) {
            return Errno.ENOPROTOOPT;
        }
        if ((del.setCurrent() || del.setRnext()) && listener != null) {
            return Errno.EINVAL;
        }
        SignedConnection sc = aoConnection();
        if (aoKeys.isEmpty() && sc == null) {
            return Errno.ENOENT; // no ao_info on the socket
        }
        Errno e = switchKeys(sc, del.setCurrent() ? del.currentKey() : -1, del.setRnext() ? del.rnext() : -1);
        if (e != null) {
            return e;
        }
        AoKey target = null;
        for (AoKey k : aoKeys) {
            if (k.sendId() == del.sendId() && k.recvId() == del.recvId() && k.peerAddress() == del.peerAddress()
                    && k.prefixLength() == del.prefixLength()) {
                target = k;
                break;
            }
        }
        if (target == null) {
            return Errno.ENOENT;
        }
        // RFC 5925 §3.1: an MKT in use by a connection is not destroyed; Linux refuses to delete the current or
        // the RNext key (EBUSY)
        int current = sc != null ? sc.aoInfo().currentKey() : aoCurrent;
        int rnext = sc != null ? sc.aoInfo().rnext() : aoRnext;
        if (current == target.sendId() || rnext == target.recvId()) {
            return Errno.EBUSY;
        }
        ao.removeKey(target);
        aoKeys.remove(target);
        return null;
    }

    /** TCP_AO_INFO set (Linux tcp_ao_info_cmd); null when done. */
    private Errno aoInfo(AoInfo info) {
        if (host.aoSigner() == null) {
            return Errno.ENOPROTOOPT;
        }
        if ((info.setCurrent() || info.setRnext()) && listener != null) {
            return Errno.EINVAL;
        }
        if (info.aoRequired() && !md5Keys.isEmpty()) {
            return Errno.EKEYREJECTED; // ao_required makes the socket TCP-AO only: no TCP-MD5 keys beside it
        }
        Errno e = switchKeys(aoConnection(), info.setCurrent() ? info.currentKey() : -1,
                info.setRnext() ? info.rnext() : -1);
        if (e != null) {
            return e;
        }
        cfg.aoRequired = info.aoRequired();
        cfg.aoAcceptIcmps = info.acceptIcmps();
        return null;
    }

    /**
     * Makes the key with send id {@code current} the current key and the one with receive id {@code rnext} the RNext
     * key (-1: unchanged): on the connection, or, before connect, for the connection to come. ENOENT when there is
     * no such key (on a connection that is not TCP-AO signed, none).
     */
    private Errno switchKeys(SignedConnection sc, int current, int rnext) {
        if (current < 0 && rnext < 0) {
            return null;
        }
        if (sc != null) {
            return sc.useKeys(current, rnext) ? null : Errno.ENOENT;
        }
        if (conn != null) {
            return Errno.ENOENT;
        }
        if ((current >= 0 && aoKeys.stream().noneMatch(k -> k.sendId() == current))
                || (rnext >= 0 && aoKeys.stream().noneMatch(k -> k.recvId() == rnext))) {
            return Errno.ENOENT;
        }
        aoCurrent = current >= 0 ? current : aoCurrent;
        aoRnext = rnext >= 0 ? rnext : aoRnext;
        return null;
    }

    /** A successful getsockopt whose value is null ("off", "none"): {@link Result#ok()} viewed as any type. */
    @SuppressWarnings("rawtypes")
    private static final Result NULL_VALUE = Result.ok();

    @Override
    public TcpState state() {
        return host.call(() -> {
            if (listener != null) {
                return TcpState.LISTEN;
            }
            return conn != null ? conn.state : TcpState.CLOSED;
        });
    }

    @Override
    public Endpoint localEndpoint() {
        return host.call(this::localEndpointUnsafe);
    }

    Endpoint localEndpointUnsafe() {
        if (conn != null) {
            return conn.local;
        }
        return bound != null ? bound : new Endpoint(Endpoint.ANY, 0);
    }

    @Override
    public Endpoint remoteEndpoint() {
        return host.call(this::remoteEndpointUnsafe);
    }

    Endpoint remoteEndpointUnsafe() {
        return conn != null && sockState != SockState.UNCONNECTED ? conn.remote : null;
    }

    @Override
    public int available() {
        return host.call(() -> conn != null ? conn.rcvBuf.size() : 0);
    }

    @Override
    public String toString() {
        return "TcpSocket " + localEndpointUnsafe() + (conn != null ? " -> " + conn.remote + " " + conn.state : "");
    }
}
