package io.contextbus.servicebus;

import io.contextbus.error.ValidationException;
import java.time.Duration;

/**
 * How the publisher sends: the context's {@link SessionStrategy}; {@code lanes}, the number of
 * batches in flight at once (a session always uses the same lane, so order per stream holds);
 * {@code maxBatchBytes} (0 = the link's maximum, 256 KB on Standard); the retry of a failed batch
 * ({@code maxAttempts} in all, exponential backoff from {@code initialBackoff} to {@code maxBackoff});
 * and the circuit breaker that, once sends keep failing, fails fast for {@code breakerOpenFor}
 * instead of hammering a broker that is down ({@link Duration#ZERO} turns it off).
 */
public record PublisherOptions(
        SessionStrategy sessions,
        int lanes,
        int maxBatchBytes,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration breakerOpenFor) {

    public static final PublisherOptions DEFAULT = new PublisherOptions(SessionStrategy.PER_STREAM, 4, 0, 3,
            Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(5));

    public PublisherOptions {
        ValidationException.requireNonNull(sessions, "sessions");
        ValidationException.require(lanes >= 1 && lanes <= 64, "lanes", "must be between 1 and 64 but was " + lanes + ".");
        ValidationException.require(maxBatchBytes == 0 || maxBatchBytes >= 1024, "maxBatchBytes",
                "must be 0 (the link's maximum) or at least 1024 but was " + maxBatchBytes + ".");
        ValidationException.require(maxAttempts >= 1, "maxAttempts", "must be at least 1 but was " + maxAttempts + ".");
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        ValidationException.require(maxBackoff.compareTo(initialBackoff) >= 0, "maxBackoff",
                "must be at least initialBackoff (" + initialBackoff + ") but was " + maxBackoff + ".");
        ValidationException.requireNonNull(breakerOpenFor, "breakerOpenFor");
        ValidationException.require(!breakerOpenFor.isNegative(), "breakerOpenFor", "cannot be negative.");
    }

    public PublisherOptions withSessions(SessionStrategy value) {
        return new PublisherOptions(value, lanes, maxBatchBytes, maxAttempts, initialBackoff, maxBackoff, breakerOpenFor);
    }

    public PublisherOptions withLanes(int value) {
        return new PublisherOptions(sessions, value, maxBatchBytes, maxAttempts, initialBackoff, maxBackoff, breakerOpenFor);
    }

    public PublisherOptions withMaxBatchBytes(int value) {
        return new PublisherOptions(sessions, lanes, value, maxAttempts, initialBackoff, maxBackoff, breakerOpenFor);
    }

    public PublisherOptions withRetry(int attempts, Duration initial, Duration max) {
        return new PublisherOptions(sessions, lanes, maxBatchBytes, attempts, initial, max, breakerOpenFor);
    }

    public PublisherOptions withBreakerOpenFor(Duration value) {
        return new PublisherOptions(sessions, lanes, maxBatchBytes, maxAttempts, initialBackoff, maxBackoff, value);
    }

    /**
     * The longest a batch can keep being retried by this publisher alone: the sum of its backoffs.
     * A topic's duplicate-detection window must be longer than the dispatcher's whole retry horizon.
     */
    public Duration retryHorizon() {
        Duration total = Duration.ZERO;
        Duration wait = initialBackoff;
        for (int i = 1; i < maxAttempts; i++) {
            total = total.plus(wait);
            wait = wait.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : wait.multipliedBy(2);
        }
        return total;
    }

    private static void requirePositive(Duration d, String field) {
        ValidationException.requireNonNull(d, field);
        ValidationException.require(!d.isNegative() && !d.isZero(), field, "must be positive but was " + d + ".");
    }
}
