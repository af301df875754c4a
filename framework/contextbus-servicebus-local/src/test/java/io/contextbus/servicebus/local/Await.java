package io.contextbus.servicebus.local;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The broker tests' way to call the kit's {@link io.contextbus.testkit.Await}: what is awaited
 * first, a 60 s default deadline. Waits on conditions, never on fixed sleeps.
 */
final class Await {

    static final Duration DEFAULT = Duration.ofSeconds(60);

    private Await() {
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition);
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        io.contextbus.testkit.Await.until(condition, timeout, what);
    }
}
