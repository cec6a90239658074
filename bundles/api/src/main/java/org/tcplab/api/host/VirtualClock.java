package org.tcplab.api.host;

import java.time.Duration;

/**
 * A clock that moves only when told to: simulations are deterministic and jump to the next event instead of
 * waiting for it. Not thread-safe: one driver thread owns it (the thread that also polls the hosts on it).
 */
public final class VirtualClock implements Clock {

    private long now;

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public boolean isVirtual() {
        return true;
    }

    /** Moves to {@code nanos}; moving backwards is a bug and throws IllegalArgumentException. */
    public void advanceTo(long nanos) {
        if (nanos < now) {
            throw new IllegalArgumentException("a clock never goes back: " + nanos + " < " + now);
        }
        now = nanos;
    }

    public void advance(Duration d) {
        advanceTo(now + d.toNanos());
    }
}
