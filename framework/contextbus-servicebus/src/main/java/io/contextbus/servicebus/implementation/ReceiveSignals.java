package io.contextbus.servicebus.implementation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Keeps the latest receive signals of one subscription processor; written by the SDK's threads. */
final class ReceiveSignals {
    private final Clock clock;
    private volatile Instant lastMessageAt;
    private volatile Duration lastDelay;
    private volatile Instant lastErrorAt;
    private volatile String lastError;

    ReceiveSignals(Clock clock) {
        this.clock = clock;
    }

    void received(Instant enqueuedAt) {
        Instant now = clock.instant();
        Duration delay = enqueuedAt == null ? Duration.ZERO : Duration.between(enqueuedAt, now);
        lastDelay = delay.isNegative() ? Duration.ZERO : delay;
        lastMessageAt = now;
    }

    void failed(String error) {
        lastError = error;
        lastErrorAt = clock.instant();
    }

    ReceiveState state(BooleanSupplier running) {
        return new ReceiveState(running.getAsBoolean(), Optional.ofNullable(lastMessageAt), Optional.ofNullable(lastDelay),
                Optional.ofNullable(lastErrorAt), Optional.ofNullable(lastError));
    }
}
