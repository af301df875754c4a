package io.contextbus.servicebus;

import io.contextbus.error.ValidationException;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;

/**
 * How a consumer retries a commit whose handler failed transiently (a handler's
 * {@code HandlerResult.retry}, {@code ApplyOutcome.Retry}, a retryable {@code ApplyOutcome.Failed}):
 * up to {@code attempts} applies in all, the message kept (its session lock renewed) and the
 * stream's later commits waiting behind it, the n-th retry after
 * {@code min(maxDelay, initialDelay * multiplier^(n-1) * (1 ± 0.5 jitter))}. When the last attempt
 * fails too, the commit parks its stream (ADR 0042). {@code attempts = 1} retries nothing: the first
 * transient failure parks.
 */
public record TransientRetry(int attempts, Duration initialDelay, double multiplier, Duration maxDelay) {
    /** Six attempts over about three seconds: 100 ms, 200 ms, 400 ms, 800 ms, 1.6 s, each ± 50 %, at most 2 s. */
    public static final TransientRetry DEFAULT = new TransientRetry(6, Duration.ofMillis(100), 2.0, Duration.ofSeconds(2));
    /** The randomization factor of each delay: it lies within ± this fraction of its exponential value. */
    public static final double JITTER = 0.5;

    public TransientRetry {
        ValidationException.require(attempts >= 1 && attempts <= 100, "attempts",
                "must be between 1 and 100 but was " + attempts + ".");
        ValidationException.requireNonNull(initialDelay, "initialDelay");
        ValidationException.require(initialDelay.toMillis() >= 1, "initialDelay",
                "must be at least 1 ms but was " + initialDelay + ".");
        ValidationException.require(multiplier >= 1.0 && multiplier <= 10.0, "multiplier",
                "must be between 1 and 10 but was " + multiplier + ".");
        ValidationException.requireNonNull(maxDelay, "maxDelay");
        ValidationException.require(maxDelay.compareTo(initialDelay) >= 0, "maxDelay",
                "cannot be shorter than initialDelay (" + initialDelay + ") but was " + maxDelay + ".");
    }

    /** The delay before retry {@code retry} (1 = the second attempt): exponential, jittered, capped at {@code maxDelay}. */
    public Duration delayBefore(int retry) {
        ValidationException.require(retry >= 1 && retry < attempts, "retry",
                "must be between 1 and " + (attempts - 1) + " but was " + retry + ".");
        long millis = IntervalFunction.ofExponentialRandomBackoff(initialDelay.toMillis(), multiplier, JITTER,
                maxDelay.toMillis()).apply(retry);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }

    /** The longest the retries can wait in all (every delay at its upper jitter bound, capped). */
    public Duration worstCaseWait() {
        double total = 0;
        double base = initialDelay.toMillis();
        for (int retry = 1; retry < attempts; retry++) {
            total += Math.min(base * (1 + JITTER), maxDelay.toMillis());
            base = Math.min(base * multiplier, maxDelay.toMillis());
        }
        return Duration.ofMillis((long) Math.ceil(total));
    }

    public TransientRetry withAttempts(int value) {
        return new TransientRetry(value, initialDelay, multiplier, maxDelay);
    }

    public TransientRetry withInitialDelay(Duration value) {
        return new TransientRetry(attempts, value, multiplier, maxDelay);
    }

    public TransientRetry withMultiplier(double value) {
        return new TransientRetry(attempts, initialDelay, value, maxDelay);
    }

    public TransientRetry withMaxDelay(Duration value) {
        return new TransientRetry(attempts, initialDelay, multiplier, value);
    }
}
