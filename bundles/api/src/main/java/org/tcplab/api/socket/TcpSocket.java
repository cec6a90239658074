package org.tcplab.api.socket;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;
import org.tcplab.api.tcp.TcpState;

/**
 * A TCP socket of one host, with the semantics of Linux's socket(AF_INET, SOCK_STREAM): every call returns a
 * {@link Result} whose errno is what Linux returns in the same situation.
 *
 * <p>Plain calls never block: where Linux would block they give EAGAIN (or EINPROGRESS for connect). The
 * forms taking a {@code timeout} are the blocking ones: they return a stage that the host's event loop
 * completes, measured on the host's clock (so they work on virtual time too; join them from another thread
 * on a real clock, or drive the virtual clock until they are done).
 *
 * <p>A pending error (after a RST, an ICMP error, a timeout) is reported once: by SO_ERROR or by the next call
 * that reports errors, whichever comes first. Thread safety: calls may come from any thread; each runs on the
 * host's event loop.
 */
@ProviderType
public interface TcpSocket {

    /** bind(2). EADDRINUSE when the port is taken, EINVAL when already bound, EADDRNOTAVAIL for a foreign address. */
    Result<Void> bind(Endpoint local);

    /** listen(2): the socket becomes a listener with room for {@code backlog} connections not yet accepted. */
    Result<Void> listen(int backlog);

    /** accept(2), non-blocking: a new connected socket, or EAGAIN when none is ready; EINVAL when not listening. */
    Result<TcpSocket> accept();

    /** accept(2), blocking: completes with a socket, or EAGAIN when {@code timeout} passes first. */
    CompletionStage<Result<TcpSocket>> accept(Duration timeout);

    /**
     * connect(2), non-blocking: EINPROGRESS once the SYN is on its way; the outcome is read later from SO_ERROR
     * or {@link #state()}. EISCONN when connected, EALREADY while a connect is in progress.
     */
    Result<Void> connect(Endpoint remote);

    /**
     * connect(2), blocking: completes with ok once ESTABLISHED, with the connection's error (ECONNREFUSED,
     * ETIMEDOUT, EHOSTUNREACH ...) when it fails, or with EINPROGRESS when {@code timeout} passes first (as
     * Linux does with SO_SNDTIMEO; the attempt goes on).
     */
    CompletionStage<Result<Void>> connect(Endpoint remote, Duration timeout);

    /**
     * send(2), non-blocking: copies as many bytes as the send buffer has room for, from the buffer's position
     * (which advances), and returns their number. EAGAIN when the buffer is full, EPIPE after shutdown(WR) or
     * a reset, ENOTCONN before connect... as Linux (an unconnected socket gives EPIPE).
     */
    Result<Integer> send(ByteBuffer data);

    /**
     * send(2), blocking: completes once all of {@code data} is queued (its position then at its limit), with the
     * number of bytes queued; or early with the bytes queued so far when an error or {@code timeout} comes
     * first (EAGAIN / the error when nothing was queued), as Linux's send with SO_SNDTIMEO.
     */
    CompletionStage<Result<Integer>> send(ByteBuffer data, Duration timeout);

    /** send(2) of a whole array, non-blocking; see {@link #send(ByteBuffer)}. */
    default Result<Integer> send(byte[] data) {
        return send(ByteBuffer.wrap(data));
    }

    /**
     * recv(2), non-blocking: up to {@code max} bytes; an empty array is end of stream (recv returning 0).
     * EAGAIN when nothing is there yet.
     */
    Result<byte[]> recv(int max);

    /**
     * recv(2) into a buffer, non-blocking: up to {@code dst.remaining()} bytes are put at its position, which
     * advances past them, and their number is the value; 0 is end of stream. Otherwise as {@link #recv(int)} with
     * {@code dst.remaining()} as the length: EAGAIN when nothing is there yet.
     *
     * @throws IllegalArgumentException if {@code dst} is read-only (as {@code SocketChannel.read})
     */
    Result<Integer> recv(ByteBuffer dst);

    /** recv(2), blocking: completes when data, end of stream or an error is there, or with EAGAIN after {@code timeout}. */
    CompletionStage<Result<byte[]>> recv(int max, Duration timeout);

    /**
     * recv(2) into a buffer, blocking: as {@link #recv(ByteBuffer)}, but completes only when data, end of stream or
     * an error is there, or with EAGAIN after {@code timeout}. The buffer is written on the host's thread: leave it
     * alone until the stage completes.
     *
     * @throws IllegalArgumentException if {@code dst} is read-only
     */
    CompletionStage<Result<Integer>> recv(ByteBuffer dst, Duration timeout);

    /** shutdown(2). ENOTCONN when not connected. */
    Result<Void> shutdown(Shutdown how);

    /**
     * close(2). Never blocks. Queued data is still sent and followed by a FIN, unless SO_LINGER is zero or
     * unread data remains (then a RST, as Linux).
     */
    Result<Void> close();

    /** setsockopt(2). ENOPROTOOPT for an option TCP does not have, EINVAL for a bad value. */
    <T> Result<Void> setOption(SocketOption<T> option, T value);

    /** getsockopt(2). Reading SO_ERROR clears it. The value of a nullable option may be null (use {@link Result#isOk()}). */
    <T> Result<T> getOption(SocketOption<T> option);

    /** The connection's state, by its RFC name; CLOSED for a fresh or closed socket, LISTEN for a listener. */
    TcpState state();

    /** getsockname(2); port 0 when unbound. */
    Endpoint localEndpoint();

    /** getpeername(2); null when not connected. */
    Endpoint remoteEndpoint();

    /** Bytes that recv would return now without waiting (FIONREAD). */
    int available();
}
