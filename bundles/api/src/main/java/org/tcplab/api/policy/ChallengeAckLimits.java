package org.tcplab.api.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * How often the stack may answer with a challenge ACK (RFC 5961 §7: "an implementation SHOULD include an
 * ACK throttling mechanism"). A policy says how much; the stack keeps the counts.
 *
 * @param perSocket          at most one challenge ACK per connection per this interval (Linux
 *                           {@code net.ipv4.tcp_invalid_ratelimit}, 500 ms); {@link Duration#ZERO} for no limit
 * @param hostWidePerSecond  a host-wide budget per second (Linux {@code net.ipv4.tcp_challenge_ack_limit}); the
 *                           stack re-draws it at random each second in [limit/2, limit*3/2) so that running it dry
 *                           tells an off-path attacker nothing (CVE-2016-5696); {@link #OFF} for no limit, as
 *                           Linux's default
 */
public record ChallengeAckLimits(Duration perSocket, int hostWidePerSecond) {

    /** {@code hostWidePerSecond} value meaning no host-wide limit (Linux: INT_MAX, the default). */
    public static final int OFF = Integer.MAX_VALUE;

    /** Linux's defaults: 500 ms per socket, no host-wide limit. */
    public static final ChallengeAckLimits LINUX_DEFAULTS = new ChallengeAckLimits(Duration.ofMillis(500), OFF);

    public ChallengeAckLimits {
        Objects.requireNonNull(perSocket, "perSocket");
        if (perSocket.isNegative()) {
            throw new IllegalArgumentException("perSocket must not be negative: " + perSocket);
        }
        if (hostWidePerSecond < 0) {
            throw new IllegalArgumentException("hostWidePerSecond must not be negative: " + hostWidePerSecond);
        }
    }
}
