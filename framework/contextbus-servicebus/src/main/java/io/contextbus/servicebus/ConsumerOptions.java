package io.contextbus.servicebus;

import io.contextbus.error.ValidationException;
import java.time.Duration;

/**
 * How a consumer receives from each consumed subscription: {@code maxConcurrentSessions} sessions
 * (streams, or buckets of streams) processed at once, one message at a time per session;
 * {@code prefetchCount} messages fetched ahead per session; {@code sessionIdleTimeout}, how long a
 * session is kept while no message comes (it must exceed the longest time a handler takes); and
 * {@code maxLockRenewal}, how long the session lock is renewed while a message is being processed.
 * Keep {@code prefetchCount} at 0 unless {@code sessionIdleTimeout} exceeds the time to handle a full
 * prefetch: the SDK's idle timer counts only arrivals from the broker, so it can close a session while
 * prefetched messages still wait; they are then handled on a closed link while the session, each of
 * them counted as a failed delivery, moves to another receiver (out-of-order arrivals, and
 * dead-lettering after repeated hand-overs).
 */
public record ConsumerOptions(int maxConcurrentSessions, int prefetchCount, Duration sessionIdleTimeout,
                              Duration maxLockRenewal) {

    public static final ConsumerOptions DEFAULT = new ConsumerOptions(32, 0, Duration.ofSeconds(5), Duration.ofMinutes(5));

    public ConsumerOptions {
        ValidationException.require(maxConcurrentSessions >= 1 && maxConcurrentSessions <= 1000, "maxConcurrentSessions",
                "must be between 1 and 1000 but was " + maxConcurrentSessions + ".");
        ValidationException.require(prefetchCount >= 0, "prefetchCount", "cannot be negative but was " + prefetchCount + ".");
        ValidationException.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
        ValidationException.require(!sessionIdleTimeout.isNegative() && !sessionIdleTimeout.isZero(), "sessionIdleTimeout",
                "must be positive but was " + sessionIdleTimeout + ".");
        ValidationException.requireNonNull(maxLockRenewal, "maxLockRenewal");
        ValidationException.require(!maxLockRenewal.isNegative(), "maxLockRenewal", "cannot be negative.");
    }

    public ConsumerOptions withMaxConcurrentSessions(int value) {
        return new ConsumerOptions(value, prefetchCount, sessionIdleTimeout, maxLockRenewal);
    }

    public ConsumerOptions withPrefetchCount(int value) {
        return new ConsumerOptions(maxConcurrentSessions, value, sessionIdleTimeout, maxLockRenewal);
    }

    public ConsumerOptions withSessionIdleTimeout(Duration value) {
        return new ConsumerOptions(maxConcurrentSessions, prefetchCount, value, maxLockRenewal);
    }

    public ConsumerOptions withMaxLockRenewal(Duration value) {
        return new ConsumerOptions(maxConcurrentSessions, prefetchCount, sessionIdleTimeout, value);
    }
}
