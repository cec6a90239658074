package org.tcplab.api.host;

/**
 * Where a host's time comes from. Monotonic nanoseconds from an arbitrary origin; only differences matter.
 * The stack never sleeps and never reads the system clock itself: time is always passed in from here.
 */
@FunctionalInterface
public interface Clock {

    /** Now, in nanoseconds. Never decreases. */
    long nanos();

    /** Whether this clock only moves when a driver moves it (simulation). A host on such a clock runs no thread. */
    default boolean isVirtual() {
        return false;
    }

    /** The JVM's monotonic clock ({@link System#nanoTime()}). */
    static Clock monotonic() {
        return System::nanoTime;
    }

    /** A new virtual clock standing at 0. */
    static VirtualClock virtual() {
        return new VirtualClock();
    }
}
