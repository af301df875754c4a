package io.contextbus.replay.client;

import io.contextbus.error.ValidationException;
import java.time.Duration;

/**
 * How the {@link Reconciler} runs: every {@code interval} (and on demand); each run reads pages of
 * at most {@code pageCommits} commits per source, at most {@code maxPagesPerRun} pages per source,
 * and sends at most {@code maxRequestsPerRun} replay requests, at most {@code requestsPerSecond}.
 * A tail whose head is younger than {@code grace} is left for a later run: live delivery is probably
 * still bringing it. A tail asked for is not asked for again for {@code retryAfter} unless it grows.
 */
public record ReconcilerOptions(Duration interval, Duration grace, int pageCommits, int maxPagesPerRun,
                                int maxRequestsPerRun, double requestsPerSecond, Duration retryAfter) {
    /** Every 5 minutes, 2 minutes' grace, pages of 1,000 commits, 100 pages, 50 requests of at most 5 per second, retry after 10 minutes. */
    public static final ReconcilerOptions DEFAULT = new ReconcilerOptions(Duration.ofMinutes(5), Duration.ofMinutes(2), 1_000,
            100, 50, 5, Duration.ofMinutes(10));

    public ReconcilerOptions {
        ValidationException.requireNonNull(interval, "interval");
        ValidationException.requireNonNull(grace, "grace");
        ValidationException.requireNonNull(retryAfter, "retryAfter");
        ValidationException.require(interval.toMillis() >= 1, "interval", "must be at least 1 ms but was " + interval + ".");
        ValidationException.require(!grace.isNegative(), "grace", "must not be negative but was " + grace + ".");
        ValidationException.require(!retryAfter.isNegative(), "retryAfter", "must not be negative but was " + retryAfter + ".");
        ValidationException.require(pageCommits >= 1 && pageCommits <= 10_000, "pageCommits",
                "must be from 1 to 10000 but was " + pageCommits + ".");
        ValidationException.require(maxPagesPerRun >= 1, "maxPagesPerRun", "must be at least 1 but was " + maxPagesPerRun + ".");
        ValidationException.require(maxRequestsPerRun >= 1, "maxRequestsPerRun",
                "must be at least 1 but was " + maxRequestsPerRun + ".");
        ValidationException.require(requestsPerSecond > 0, "requestsPerSecond",
                "must be positive but was " + requestsPerSecond + ".");
    }

    public ReconcilerOptions withInterval(Duration value) {
        return new ReconcilerOptions(value, grace, pageCommits, maxPagesPerRun, maxRequestsPerRun, requestsPerSecond, retryAfter);
    }

    public ReconcilerOptions withGrace(Duration value) {
        return new ReconcilerOptions(interval, value, pageCommits, maxPagesPerRun, maxRequestsPerRun, requestsPerSecond, retryAfter);
    }

    public ReconcilerOptions withPageCommits(int value) {
        return new ReconcilerOptions(interval, grace, value, maxPagesPerRun, maxRequestsPerRun, requestsPerSecond, retryAfter);
    }

    public ReconcilerOptions withMaxPagesPerRun(int value) {
        return new ReconcilerOptions(interval, grace, pageCommits, value, maxRequestsPerRun, requestsPerSecond, retryAfter);
    }

    public ReconcilerOptions withMaxRequestsPerRun(int value) {
        return new ReconcilerOptions(interval, grace, pageCommits, maxPagesPerRun, value, requestsPerSecond, retryAfter);
    }

    public ReconcilerOptions withRequestsPerSecond(double value) {
        return new ReconcilerOptions(interval, grace, pageCommits, maxPagesPerRun, maxRequestsPerRun, value, retryAfter);
    }

    public ReconcilerOptions withRetryAfter(Duration value) {
        return new ReconcilerOptions(interval, grace, pageCommits, maxPagesPerRun, maxRequestsPerRun, requestsPerSecond, value);
    }
}
