package org.tcplab.link.tun;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpState;

/** The tcplab side of the data tests, and the same deterministic data kpeer.py makes. */
final class Streams {

    private Streams() {
    }

    /** Block i is SHA-256(seed || i as 8 bytes big-endian), as kpeer.py's stream(). */
    static byte[] stream(String seed, int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 32);
        MessageDigest sha = sha256();
        for (long i = 0; out.size() < n; i++) {
            sha.update(seed.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            sha.update(ByteBuffer.allocate(8).putLong(i).array());
            out.writeBytes(sha.digest());
        }
        byte[] all = out.toByteArray();
        return java.util.Arrays.copyOf(all, n);
    }

    static String sha(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends everything. The socket API has no blocking send and no writability event, so on EAGAIN this test
     * helper (not the stack) parks briefly and tries again.
     */
    static Result<Integer> sendAll(TcpSocket s, byte[] data, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.hasRemaining()) {
            Result<Integer> r = s.send(b);
            if (!r.isOk()) {
                if (r.errno() != Errno.EAGAIN) {
                    return r;
                }
                if (System.nanoTime() - deadline > 0) {
                    return r;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        return Result.of(data.length);
    }

    /** Receives until end of stream; the errno if the connection fails first; EAGAIN on timeout. */
    static Result<byte[]> recvAll(TcpSocket s, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Result.error(Errno.EAGAIN);
            }
            Result<byte[]> r = s.recv(65536, Duration.ofNanos(left)).toCompletableFuture().get();
            if (!r.isOk()) {
                return r;
            }
            if (r.value().length == 0) {
                return Result.of(got.toByteArray());
            }
            got.writeBytes(r.value());
        }
    }

    /** Waits (polling the state, test-side) until the socket reaches {@code state}; returns the last state seen. */
    static TcpState awaitState(TcpSocket s, TcpState state, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        TcpState now;
        while ((now = s.state()) != state && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return now;
    }

    /** A flat field of kpeer.py's JSON line: a string's text, or a number or boolean as written. */
    static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\": (\"([^\"]*)\"|[^,}]+)").matcher(json);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1).trim();
    }
}
