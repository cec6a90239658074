package org.tcplab.link.tun.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.tcplab.api.host.Host;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.Errno;

/**
 * A very small HTTP/1.0 service on a tcplab host, so the kernel's {@code curl} has something to fetch: every
 * request, whatever it asks, gets one short text page naming the host, then the connection is closed. It runs
 * on the host's event loop through the socket API's completion stages; it has no thread of its own.
 */
final class PageService {

    private static final Duration IDLE = Duration.ofSeconds(10);
    private static final int MAX_REQUEST = 8192;

    private final Host host;
    private final TcpSocket listener;
    private final AtomicLong served = new AtomicLong();
    private volatile boolean closed;

    private PageService(Host host, TcpSocket listener) {
        this.host = host;
        this.listener = listener;
    }

    static PageService start(Host host, int address, int port) {
        TcpSocket l = host.tcpSocket();
        Result<Void> r = l.bind(new Endpoint(address, port));
        if (r.isOk()) {
            r = l.listen(16);
        }
        if (!r.isOk()) {
            l.close();
            throw new IllegalArgumentException("cannot listen on port " + port + ": " + r.errno());
        }
        PageService s = new PageService(host, l);
        s.acceptNext();
        return s;
    }

    long served() {
        return served.get();
    }

    void close() {
        closed = true;
        listener.close();
    }

    private void acceptNext() {
        if (closed) {
            return;
        }
        listener.accept(Duration.ofDays(365)).thenAccept(r -> {
            if (r.isOk()) {
                readRequest(r.value(), new StringBuilder());
            }
            if (r.isOk() || r.errno() == Errno.EAGAIN) {
                acceptNext();
            }
        });
    }

    private void readRequest(TcpSocket c, StringBuilder request) {
        c.recv(MAX_REQUEST, IDLE).thenAccept(r -> {
            if (!r.isOk() || r.value().length == 0) {
                c.close();
                return;
            }
            request.append(new String(r.value(), StandardCharsets.ISO_8859_1));
            if (request.indexOf("\r\n\r\n") >= 0 || request.indexOf("\n\n") >= 0) {
                respond(c, request.toString());
            } else if (request.length() > MAX_REQUEST) {
                c.close();
            } else {
                readRequest(c, request);
            }
        });
    }

    private void respond(TcpSocket c, String request) {
        String line = request.lines().findFirst().orElse("");
        String body = "Hello from tcplab host " + host.name() + " over TUN.\n"
            + "You asked: " + line + "\n"
            + "Served by tcplab's own TCP, policy " + host.policyName() + ".\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.0 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + bytes.length
            + "\r\nConnection: close\r\nServer: tcplab\r\n\r\n";
        ByteBuffer out = ByteBuffer.allocate(head.length() + bytes.length);
        out.put(head.getBytes(StandardCharsets.ISO_8859_1)).put(bytes).flip();
        // The page is far smaller than the send buffer: one send takes it all.
        c.send(out);
        c.close();
        served.incrementAndGet();
    }
}
