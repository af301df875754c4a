package io.contextbus.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition instead of sleeping and hoping: polls until it holds and fails with a
 * message saying what was not reached when the (generous) deadline passes. Never asserts on time.
 */
public final class Await {
    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /**
     * Returns as soon as {@code condition} holds.
     *
     * @throws AssertionError naming {@code description} when it still does not hold after {@code timeout}
     */
    public static void until(BooleanSupplier condition, Duration timeout, String description) {
        value(() -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), timeout, description);
    }

    /**
     * As {@link #until(BooleanSupplier, Duration, String)}, with a description computed only when the
     * wait fails, so that it can show the state at that moment (what is still missing, not just what
     * was awaited).
     */
    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> description) {
        try {
            until(condition, timeout, "");
        } catch (AssertionError e) {
            throw new AssertionError("Not reached within " + timeout + ": " + description.get(), e);
        }
    }

    /**
     * Returns the first present value {@code probe} gives.
     *
     * @throws AssertionError naming {@code description} when it gives none within {@code timeout}
     */
    public static <T> T value(Supplier<Optional<T>> probe, Duration timeout, String description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Not reached within " + timeout + ": " + description);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for: " + description, e);
            }
        }
    }
}
