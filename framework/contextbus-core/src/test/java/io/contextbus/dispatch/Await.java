package io.contextbus.dispatch;

import static org.junit.jupiter.api.Assertions.fail;

import io.contextbus.error.PublishException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for a condition (or a latch) with a generous deadline; fails naming what was not reached. */
final class Await {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private Await() {
    }

    static void until(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("Not reached within " + DEADLINE + ": " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("Interrupted while waiting for: " + what);
            }
        }
    }

    /**
     * Blocks a test publisher until the test releases {@code latch}; an interrupt (the dispatcher
     * abandoning the publish) becomes a transient publish failure, as a real publisher's would.
     */
    static void released(CountDownLatch latch) {
        try {
            if (!latch.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released within " + DEADLINE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted", true, e);
        }
    }
}
