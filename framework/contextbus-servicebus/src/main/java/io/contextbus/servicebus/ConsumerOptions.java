package io.contextbus.servicebus;

import io.contextbus.error.ValidationException;
import java.time.Duration;

/**
 * How a consumer receives from each consumed subscription: {@code maxConcurrentSessions} sessions
 * (streams, or buckets of streams) processed at once, one message at a time per session;
 * {@code prefetchCount} messages fetched ahead per session; {@code sessionIdleTimeout}, how long a
 * session is kept while no message arrives; and {@code maxLockRenewal}, how long the session lock is
 * renewed while a message is being processed. A prefetch never costs a stream its order: the SDK hands
 * prefetched messages over in order on the link that fetched them, and those not yet handled when a
 * session closes go back to their place in it, their delivery count unchanged. The default prefetch
 * of 20 spares each message the round trip for credit that it costs without one (with 0, a session
 * asks for its next message only once the last is settled: a network round trip per message on
 * Azure). Its two costs: the SDK's idle timer counts arrivals, which come in bursts of about
 * {@code prefetchCount}, so {@code sessionIdleTimeout} must exceed the time a session takes to handle
 * that many, or the session is closed and handed over mid-flow and its prefetched messages are sent
 * again; and a message abandoned after a transient failure comes back behind those already
 * prefetched, so later commits of its stream are stashed and reported as a gap until it is applied.
 * Set 0 when handlers often take longer than {@code sessionIdleTimeout / prefetchCount}. Besides the
 * prefetch, a session has at most 4 messages waiting for their settlement (the consumer takes its
 * next message once the oldest is settled), so count {@code prefetchCount + 4} handlings.
 *
 * <p>When the source publishes with {@link SessionStrategy#buckets(int) buckets}, give the consumer
 * spare session slots ({@link #withSessionBuckets}): a slot whose session the SDK closed as idle
 * waits a fixed second before it accepts another, so with one slot per bucket a commit that arrives
 * for that bucket in that second waits for it; with two slots per bucket another slot takes it at
 * once (ADR 0010, which has the measurements).
 *
 * <p>{@code transientRetry}: a commit whose handler fails transiently is applied again after a
 * backoff, its message kept and its session's later messages waiting behind it, so its retries must
 * end within half of {@code maxLockRenewal} (checked here); after the last attempt it parks its
 * stream ({@link TransientRetry}, ADR 0042).
 *
 * <p>{@code settleTimeout}: the longest a settlement (complete, abandon, dead-letter) may wait for the
 * broker's answer. The SDK's settlement blocks without a bound, and one sent on a link that a
 * network outage killed may never be answered; past this bound it counts as failed (the broker
 * delivers the message again and the inbox drops it if it was applied), frees its place in its
 * session's settlement window and its settler thread (ADR 0042).
 */
public record ConsumerOptions(int maxConcurrentSessions, int prefetchCount, Duration sessionIdleTimeout,
                              Duration maxLockRenewal, TransientRetry transientRetry, Duration settleTimeout) {

    /** The default {@code settleTimeout}: half of Service Bus's default lock duration of a minute. */
    public static final Duration DEFAULT_SETTLE_TIMEOUT = Duration.ofSeconds(30);

    public static final ConsumerOptions DEFAULT = new ConsumerOptions(32, 20, Duration.ofSeconds(5), Duration.ofMinutes(5));

    /** With {@link TransientRetry#DEFAULT} and {@link #DEFAULT_SETTLE_TIMEOUT}. */
    public ConsumerOptions(int maxConcurrentSessions, int prefetchCount, Duration sessionIdleTimeout, Duration maxLockRenewal) {
        this(maxConcurrentSessions, prefetchCount, sessionIdleTimeout, maxLockRenewal, TransientRetry.DEFAULT,
                DEFAULT_SETTLE_TIMEOUT);
    }

    public ConsumerOptions {
        ValidationException.require(maxConcurrentSessions >= 1 && maxConcurrentSessions <= 1000, "maxConcurrentSessions",
                "must be between 1 and 1000 but was " + maxConcurrentSessions + ".");
        ValidationException.require(prefetchCount >= 0, "prefetchCount", "cannot be negative but was " + prefetchCount + ".");
        ValidationException.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
        ValidationException.require(!sessionIdleTimeout.isNegative() && !sessionIdleTimeout.isZero(), "sessionIdleTimeout",
                "must be positive but was " + sessionIdleTimeout + ".");
        ValidationException.requireNonNull(maxLockRenewal, "maxLockRenewal");
        ValidationException.require(!maxLockRenewal.isNegative(), "maxLockRenewal", "cannot be negative.");
        ValidationException.requireNonNull(transientRetry, "transientRetry");
        // a retried message keeps its session: its retries must end well within the lock renewal
        ValidationException.require(transientRetry.attempts() == 1
                        || transientRetry.worstCaseWait().multipliedBy(2).compareTo(maxLockRenewal) <= 0, "transientRetry",
                "can wait up to " + transientRetry.worstCaseWait() + " in all, more than half of maxLockRenewal ("
                        + maxLockRenewal + "): lengthen maxLockRenewal or shorten the retries.");
        ValidationException.requireNonNull(settleTimeout, "settleTimeout");
        ValidationException.require(settleTimeout.toMillis() >= 100, "settleTimeout",
                "must be at least 100 ms but was " + settleTimeout + ".");
    }

    public ConsumerOptions withMaxConcurrentSessions(int value) {
        return new ConsumerOptions(value, prefetchCount, sessionIdleTimeout, maxLockRenewal, transientRetry, settleTimeout);
    }

    /**
     * Sized for a source that publishes with {@code SessionStrategy.buckets(buckets)}: twice as many
     * session slots as buckets, so a bucket whose slot is in the SDK's one-second backoff after an
     * idle close is taken at once by a spare slot (whose accept the broker holds until a session has
     * messages).
     */
    public ConsumerOptions withSessionBuckets(int buckets) {
        ValidationException.require(buckets >= 1 && buckets <= 500, "buckets",
                "must be between 1 and 500 (two session slots each, at most 1000) but was " + buckets + ".");
        return withMaxConcurrentSessions(2 * buckets);
    }

    public ConsumerOptions withPrefetchCount(int value) {
        return new ConsumerOptions(maxConcurrentSessions, value, sessionIdleTimeout, maxLockRenewal, transientRetry, settleTimeout);
    }

    public ConsumerOptions withSessionIdleTimeout(Duration value) {
        return new ConsumerOptions(maxConcurrentSessions, prefetchCount, value, maxLockRenewal, transientRetry, settleTimeout);
    }

    public ConsumerOptions withMaxLockRenewal(Duration value) {
        return new ConsumerOptions(maxConcurrentSessions, prefetchCount, sessionIdleTimeout, value, transientRetry, settleTimeout);
    }

    /** How transient handler failures are retried before the commit parks its stream ({@link TransientRetry}). */
    public ConsumerOptions withTransientRetry(TransientRetry value) {
        return new ConsumerOptions(maxConcurrentSessions, prefetchCount, sessionIdleTimeout, maxLockRenewal, value, settleTimeout);
    }

    /** The longest a settlement waits for the broker's answer before it counts as failed (at least 100 ms). */
    public ConsumerOptions withSettleTimeout(Duration value) {
        return new ConsumerOptions(maxConcurrentSessions, prefetchCount, sessionIdleTimeout, maxLockRenewal, transientRetry,
                value);
    }
}
