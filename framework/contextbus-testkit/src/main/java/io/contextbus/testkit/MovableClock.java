package io.contextbus.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock plus an offset a test moves forward, for time-dependent behaviour without
 * waiting (for example to age a broker's duplicate-detection history or expire a lease). Thread-safe.
 */
public final class MovableClock extends Clock {
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** Moves this clock {@code by} forward (a negative duration moves it back). */
    public void advance(Duration by) {
        if (by == null) {
            throw new IllegalArgumentException("'by' cannot be null.");
        }
        offset.updateAndGet(o -> o.plus(by));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }
}
