package org.tcplab.itests;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for an asynchronous effect in the container (SCR, FileInstall) with a deadline, never a fixed sleep. */
public final class Await {

    private Await() {
    }

    /** Returns once {@code condition} holds; fails with {@code what} and the last observation after the timeout. */
    public static void until(String what, long timeoutMillis, BooleanSupplier condition, Supplier<?> observed) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting until " + what
                        + "; observed: " + observed.get());
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }
}
