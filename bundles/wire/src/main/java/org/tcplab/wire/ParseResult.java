package org.tcplab.wire;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;

/**
 * A parsed value or exactly one {@link ParseError}, for callers who want values rather than views.
 * Failures are shared constants, so a rejected packet allocates nothing here.
 *
 * @param <T> the value type
 */
public final class ParseResult<T> {

    private static final ParseResult<?>[] FAILURES = new ParseResult<?>[ParseError.values().length];

    static {
        for (ParseError e : ParseError.values()) {
            FAILURES[e.ordinal()] = new ParseResult<>(null, e);
        }
    }

    private final T value;
    private final ParseError error;

    private ParseResult(T value, ParseError error) {
        this.value = value;
        this.error = error;
    }

    /** A success holding {@code value} (not null). */
    public static <T> ParseResult<T> ok(T value) {
        return new ParseResult<>(Objects.requireNonNull(value, "value"), ParseError.NONE);
    }

    /** A failure with {@code error}, which must not be {@link ParseError#NONE}. */
    @SuppressWarnings("unchecked")
    public static <T> ParseResult<T> failure(ParseError error) {
        if (error == null || error == ParseError.NONE) {
            throw new IllegalArgumentException("a failure needs a reason, got " + error);
        }
        return (ParseResult<T>) FAILURES[error.ordinal()];
    }

    public boolean isOk() {
        return error == ParseError.NONE;
    }

    /** {@link ParseError#NONE} on success, else the reason. */
    public ParseError error() {
        return error;
    }

    /**
     * The value.
     *
     * @throws NoSuchElementException on a failure (a programming error: test {@link #isOk()} first)
     */
    public T value() {
        if (error != ParseError.NONE) {
            throw new NoSuchElementException("no value: " + error);
        }
        return value;
    }

    /** The value, or {@code other} on a failure. */
    public T orElse(T other) {
        return error == ParseError.NONE ? value : other;
    }

    /** Applies {@code f} to a value; a failure passes through unchanged. */
    @SuppressWarnings("unchecked")
    public <U> ParseResult<U> map(Function<? super T, ? extends U> f) {
        return error == ParseError.NONE ? ok(f.apply(value)) : (ParseResult<U>) this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParseResult<?> r && error == r.error && Objects.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, error);
    }

    @Override
    public String toString() {
        return isOk() ? "Ok[" + value + "]" : "Failure[" + error + "]";
    }
}
