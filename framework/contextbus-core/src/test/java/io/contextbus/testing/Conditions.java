package io.contextbus.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Core's own tests' wait for a condition another thread makes true (core cannot use the kit's
 * {@code Await}: the kit depends on core). It re-checks the condition every few milliseconds and
 * fails, naming what is missing, after 60 s; it never stands in for a condition.
 */
public final class Conditions {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private Conditions() {
    }

    /** Returns once {@code condition} holds; fails naming {@code what} after 60 s. */
    public static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not reached within " + PATIENCE.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(2); // a re-check interval, not a wait standing in for the condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }
}
