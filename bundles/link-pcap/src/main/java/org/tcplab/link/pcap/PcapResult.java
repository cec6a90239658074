package org.tcplab.link.pcap;

import java.util.Optional;

/** Either a value or the one {@link PcapError} that prevented it. */
public sealed interface PcapResult<T> {

    /** The value. */
    record Ok<T>(T value) implements PcapResult<T> {
    }

    /** The problem. */
    record Failed<T>(PcapError error) implements PcapResult<T> {
    }

    /** The value, if there is one. */
    default Optional<T> ok() {
        return this instanceof Ok<T> ok ? Optional.of(ok.value()) : Optional.empty();
    }

    /** The problem, if there is one. */
    default Optional<PcapError> failure() {
        return this instanceof Failed<T> f ? Optional.of(f.error()) : Optional.empty();
    }

    /** The value; for callers that have checked, or tests. Throws {@link IllegalStateException} with the message. */
    default T orElseThrow() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException(((Failed<T>) this).error().message());
    }
}
