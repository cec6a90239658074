package org.tcplab.api.socket;

import java.util.Objects;

import org.tcplab.api.tcp.Errno;

/**
 * The outcome of a socket call: a value, or the errno Linux would have returned. Errors are values here, not
 * exceptions, so a scenario can assert the exact sequence an application sees.
 *
 * @param <T> the value of a successful call ({@code Void} for calls that return 0)
 */
public final class Result<T> {

    private static final Result<Void> OK = new Result<>(null, null);

    private final T value;
    private final Errno errno;

    private Result(T value, Errno errno) {
        this.value = value;
        this.errno = errno;
    }

    /** A call that succeeded with nothing to return (a 0 return in C). */
    public static Result<Void> ok() {
        return OK;
    }

    /** A call that succeeded with {@code value}. */
    public static <T> Result<T> of(T value) {
        return new Result<>(Objects.requireNonNull(value, "value"), null);
    }

    /** A call that failed with {@code errno} (a -1 return and errno set, in C). */
    public static <T> Result<T> error(Errno errno) {
        return new Result<>(null, Objects.requireNonNull(errno, "errno"));
    }

    public boolean isOk() {
        return errno == null;
    }

    /** The errno of a failed call, or null when the call succeeded. */
    public Errno errno() {
        return errno;
    }

    /** The value of a successful call; IllegalStateException when the call failed. */
    public T value() {
        if (errno != null) {
            throw new IllegalStateException("call failed with " + errno);
        }
        return value;
    }

    /** Equal results: same errno, or equal values (byte arrays compared by content). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Result<?> r && errno == r.errno && Objects.deepEquals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value instanceof byte[] b ? java.util.Arrays.hashCode(b) : value, errno);
    }

    /** {@code ok}, {@code ok(5)}, {@code ok(3 bytes)}, {@code ok(end of stream)} or the errno name, e.g. {@code ECONNRESET}. */
    @Override
    public String toString() {
        if (errno != null) {
            return errno.name();
        }
        if (value instanceof byte[] bytes) {
            return bytes.length == 0 ? "ok(end of stream)" : "ok(" + bytes.length + " bytes)";
        }
        return value == null ? "ok" : "ok(" + value + ")";
    }
}
