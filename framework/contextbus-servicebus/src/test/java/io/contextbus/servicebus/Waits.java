package io.contextbus.servicebus;

import io.contextbus.testkit.Await;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** {@link Await#until} with a description computed when the wait fails, so that it shows the state then. */
final class Waits {
    private Waits() {
    }

    static void until(BooleanSupplier condition, Duration timeout, Supplier<String> description) {
        try {
            Await.until(condition, timeout, "");
        } catch (AssertionError e) {
            throw new AssertionError("Not reached within " + timeout + ": " + description.get(), e);
        }
    }
}
