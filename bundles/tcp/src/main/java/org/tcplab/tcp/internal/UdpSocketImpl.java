package org.tcplab.tcp.internal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.Supplier;

import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.SocketOption;
import org.tcplab.api.socket.UdpSocket;
import org.tcplab.api.tcp.Errno;

/** A UDP socket (RFC 768) with Linux's error rules: a connected socket hears ICMP errors on its next call. */
final class UdpSocketImpl implements UdpSocket {

    private static final int MAX_PAYLOAD = 65535 - 20 - 8;

    private final TcpHost host;
    Endpoint bound;
    Endpoint remote;
    Errno pendingError;
    private boolean closed;
    private int receiveBuffer;
    private int queued;
    private final ArrayDeque<Datagram> queue = new ArrayDeque<>();

    UdpSocketImpl(TcpHost host) {
        this.host = host;
        this.receiveBuffer = host.config.receiveBuffer();
    }

    private <T> Result<T> run(Supplier<Result<T>> work) {
        return host.call(() -> closed || host.isClosed() ? Result.error(Errno.EBADF) : work.get());
    }

    private Errno takeError() {
        Errno e = pendingError;
        pendingError = null;
        return e;
    }

    boolean deliver(Datagram d) {
        if (queued + d.payload().length > receiveBuffer) {
            return false;
        }
        queue.add(d);
        queued += d.payload().length;
        return true;
    }

    @Override
    public Result<Void> bind(Endpoint local) {
        return run(() -> bindNow(local));
    }

    private Result<Void> bindNow(Endpoint local) {
        if (bound != null) {
            return Result.error(Errno.EINVAL);
        }
        if (local.address() != Endpoint.ANY && !host.isLocal(local.address())) {
            return Result.error(Errno.EADDRNOTAVAIL);
        }
        int port = local.port();
        if (port == 0) {
            for (int i = 0; i < 28232 && port == 0; i++) {
                int p = 32768 + host.random.nextInt(28232);
                if (!taken(new Endpoint(local.address(), p))) {
                    port = p;
                }
            }
            if (port == 0) {
                return Result.error(Errno.EADDRINUSE);
            }
        } else if (taken(local)) {
            return Result.error(Errno.EADDRINUSE);
        }
        bound = new Endpoint(local.address(), port);
        host.udpSockets.put(bound, this);
        return Result.ok();
    }

    private boolean taken(Endpoint e) {
        for (Endpoint b : host.udpSockets.keySet()) {
            if (b.port() == e.port() && (b.address() == e.address() || b.address() == Endpoint.ANY
                    || e.address() == Endpoint.ANY)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Result<Void> connect(Endpoint to) {
        return run(() -> {
            if (bound == null) {
                Result<Void> r = bindNow(new Endpoint(Endpoint.ANY, 0));
                if (!r.isOk()) {
                    return r;
                }
            }
            remote = to;
            pendingError = null;
            return Result.ok();
        });
    }

    @Override
    public Result<Integer> send(ByteBuffer payload) {
        return run(() -> {
            if (remote == null) {
                return Result.error(Errno.EDESTADDRREQ); // Linux udp_sendmsg without a peer
            }
            Errno e = takeError();
            if (e != null) {
                return Result.error(e);
            }
            return sendNow(payload, remote);
        });
    }

    @Override
    public Result<Integer> sendTo(ByteBuffer payload, Endpoint to) {
        return run(() -> {
            Errno e = takeError();
            if (e != null) {
                return Result.error(e);
            }
            if (bound == null) {
                Result<Void> r = bindNow(new Endpoint(Endpoint.ANY, 0));
                if (!r.isOk()) {
                    return Result.error(r.errno());
                }
            }
            return sendNow(payload, to);
        });
    }

    private Result<Integer> sendNow(ByteBuffer payload, Endpoint to) {
        if (payload.remaining() > MAX_PAYLOAD) {
            return Result.error(Errno.EMSGSIZE); // as Linux: more than 65,535 - 20 - 8 bytes
        }
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        host.udpSend(bound, to, bytes);
        return Result.of(bytes.length);
    }

    @Override
    public Result<Datagram> recv() {
        return run(() -> {
            Errno e = takeError();
            if (e != null) {
                return Result.error(e);
            }
            Datagram d = queue.poll();
            if (d == null) {
                return Result.error(Errno.EAGAIN);
            }
            queued -= d.payload().length;
            return Result.of(d);
        });
    }

    @Override
    public <T> Result<Void> setOption(SocketOption<T> option, T value) {
        return run(() -> {
            if (option == SocketOption.SO_RCVBUF) {
                int n = (Integer) option.cast(value);
                if (n < 1024) {
                    return Result.error(Errno.EINVAL);
                }
                receiveBuffer = n;
                return Result.ok();
            }
            return Result.error(Errno.ENOPROTOOPT);
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Result<T> getOption(SocketOption<T> option) {
        return run(() -> {
            if (option == SocketOption.SO_ERROR) {
                Errno e = takeError();
                return e == null ? (Result<T>) (Result<?>) Result.ok() : Result.of((T) e);
            }
            if (option == SocketOption.SO_RCVBUF) {
                return Result.of((T) Integer.valueOf(receiveBuffer));
            }
            return Result.error(Errno.ENOPROTOOPT);
        });
    }

    @Override
    public Result<Void> close() {
        return run(() -> {
            closed = true;
            if (bound != null) {
                host.udpSockets.remove(bound, this);
            }
            queue.clear();
            return Result.ok();
        });
    }

    void forget() {
        closed = true;
        queue.clear();
    }

    @Override
    public Endpoint localEndpoint() {
        return host.call(() -> bound != null ? bound : new Endpoint(Endpoint.ANY, 0));
    }
}
