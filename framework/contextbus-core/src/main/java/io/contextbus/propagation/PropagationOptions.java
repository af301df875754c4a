package io.contextbus.propagation;

import io.contextbus.error.ValidationException;
import java.time.Duration;

/**
 * How a {@link DebouncedPropagation} waits and retries.
 *
 * @param quietPeriod  an entity is pushed once it had no change for this long; each change restarts it
 * @param maxWait      an entity that never goes quiet is pushed at the latest this long after its first
 *                     unpushed change (shorter than the quiet period, it simply pushes every maxWait)
 * @param retry        backoff between failed pushes of one entity (exponential, with jitter; retried until accepted)
 * @param concurrency  pushes in flight at once, over all entities (the threads that call the sink)
 * @param pollInterval the scheduler re-reads the clock at least this often, so that a clock that jumps
 *                     (or a test's clock moved forward) is noticed
 * @param closeTimeout how long {@link DebouncedPropagation#close} waits for pushes in flight
 */
public record PropagationOptions(Duration quietPeriod, Duration maxWait, Backoff retry, int concurrency,
                                 Duration pollInterval, Duration closeTimeout) {
    public static final PropagationOptions DEFAULT = new PropagationOptions(Duration.ofSeconds(1), Duration.ofSeconds(10),
            Backoff.DEFAULT, 4, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public PropagationOptions {
        ValidationException.requirePositive(quietPeriod, "quietPeriod");
        ValidationException.requirePositive(maxWait, "maxWait");
        ValidationException.requireNonNull(retry, "retry");
        ValidationException.require(concurrency >= 1, "concurrency", "must be at least 1 but was " + concurrency + ".");
        ValidationException.requirePositive(pollInterval, "pollInterval");
        ValidationException.requirePositive(closeTimeout, "closeTimeout");
    }

    public PropagationOptions withQuietPeriod(Duration quietPeriod) {
        return new PropagationOptions(quietPeriod, maxWait, retry, concurrency, pollInterval, closeTimeout);
    }

    public PropagationOptions withMaxWait(Duration maxWait) {
        return new PropagationOptions(quietPeriod, maxWait, retry, concurrency, pollInterval, closeTimeout);
    }

    public PropagationOptions withRetry(Backoff retry) {
        return new PropagationOptions(quietPeriod, maxWait, retry, concurrency, pollInterval, closeTimeout);
    }

    public PropagationOptions withConcurrency(int concurrency) {
        return new PropagationOptions(quietPeriod, maxWait, retry, concurrency, pollInterval, closeTimeout);
    }

    public PropagationOptions withPollInterval(Duration pollInterval) {
        return new PropagationOptions(quietPeriod, maxWait, retry, concurrency, pollInterval, closeTimeout);
    }

    public PropagationOptions withCloseTimeout(Duration closeTimeout) {
        return new PropagationOptions(quietPeriod, maxWait, retry, concurrency, pollInterval, closeTimeout);
    }

    /**
     * Wait before the n-th retry of an entity: {@code initialDelay * multiplier^(n-1)}, at most
     * {@code maxDelay}, randomised by {@code ±jitter} (resilience4j's exponential random backoff).
     */
    public record Backoff(Duration initialDelay, double multiplier, double jitter, Duration maxDelay) {
        public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), 2.0, 0.5, Duration.ofMinutes(1));

        public Backoff {
            ValidationException.requirePositive(initialDelay, "initialDelay");
            ValidationException.requirePositive(maxDelay, "maxDelay");
            ValidationException.require(maxDelay.compareTo(initialDelay) >= 0, "maxDelay",
                    "must be at least initialDelay (" + initialDelay + ") but was " + maxDelay + ".");
            ValidationException.require(multiplier >= 1.0 && Double.isFinite(multiplier), "multiplier",
                    "must be at least 1 but was " + multiplier + ".");
            ValidationException.require(jitter >= 0.0 && jitter < 1.0, "jitter",
                    "must be in [0, 1) but was " + jitter + ".");
        }
    }
}
