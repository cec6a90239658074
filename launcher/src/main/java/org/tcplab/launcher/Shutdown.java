package org.tcplab.launcher;

import java.util.concurrent.TimeUnit;

/** Exit with a watchdog: whatever a bundle does on stop, the JVM is gone a few seconds later. */
final class Shutdown {

    static final long WATCHDOG_MILLIS = 8_000;

    private Shutdown() {
    }

    /** Exits the JVM with {@code status}; halts it if orderly exit has not finished in time. */
    static void exit(int status) {
        armWatchdog(status);
        System.exit(status);
    }

    /** Starts a daemon thread that halts the JVM if it is still alive after {@link #WATCHDOG_MILLIS}. */
    static void armWatchdog(int status) {
        Thread watchdog = new Thread(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(WATCHDOG_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("tcplab: shutdown took longer than " + WATCHDOG_MILLIS + " ms; halting");
            Runtime.getRuntime().halt(status == 0 ? 1 : status);
        }, "tcplab-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
