package io.contextbus.dispatch;

import io.contextbus.error.ValidationException;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of a {@link StoreDispatcher}, validated once at construction. Start from
 * {@link #DEFAULT} and change what you need with the {@code withX} methods.
 *
 * @param owner         the lease owner id; empty means a fresh id per dispatcher (host, pid and a
 *                      random part), so that two dispatchers never share an identity by accident
 * @param pageSize      commits read, published and checkpointed together (1..10000)
 * @param linger        how long, under steady traffic, a page that is not full waits after the
 *                      start of the previous publish, collecting what is appended meanwhile, so
 *                      that a steady stream is published at most about once per linger. It never
 *                      delays a commit that follows at least a linger without a publish (sporadic
 *                      traffic), a full page (a backlog), or a page read after a publish that itself
 *                      took longer than the linger. Zero turns it off. At most {@link #MAX_LINGER}
 *                      and below a third of {@code leaseTtl} (the lease is renewed only before a
 *                      publish). Default 20 ms: it caps a steady 1,000 commits/s at 50 publishes
 *                      (send calls, while a page fits one batch) per 1,000 commits, about 20
 *                      commits each, and holds a commit back at most 20 ms, under half of a 50 ms
 *                      p99 budget. Shorter trades send calls for latency, longer the reverse
 *                      (ADR 0008)
 * @param pollInterval  how often an idle dispatcher looks for commits appended by other processes;
 *                      appends through the same store instance wake it at once
 * @param leaseTtl      how long the lease lasts without renewal; a crashed dispatcher's standby
 *                      takes over after at most this long. Keep it above the longest publish call:
 *                      a publish outliving the lease may overlap the next owner's publishes
 *                      (duplicates that the bus drops, never a loss: the checkpoint is fenced)
 * @param closeTimeout  how long {@link StoreDispatcher#close()} lets an in-flight batch finish
 *                      before abandoning it (not checkpointed)
 * @param backoff       the retry policy for failed publishes
 * @param breaker       the circuit breaker that stops calls to a bus that keeps failing
 */
public record DispatcherOptions(
        Optional<String> owner,
        int pageSize,
        Duration linger,
        Duration pollInterval,
        Duration leaseTtl,
        Duration closeTimeout,
        Backoff backoff,
        Breaker breaker) {

    public static final int MAX_PAGE_SIZE = 10_000;

    /** The longest {@link #linger()}: longer would add seconds of latency to every commit under load. */
    public static final Duration MAX_LINGER = Duration.ofSeconds(1);

    public static final DispatcherOptions DEFAULT = new DispatcherOptions(
            Optional.empty(), 100, Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofSeconds(10), Backoff.DEFAULT, Breaker.DEFAULT);

    public DispatcherOptions {
        ValidationException.requireNonNull(owner, "owner");
        owner.ifPresent(o -> ValidationException.require(!o.isBlank(), "owner", "cannot be blank."));
        ValidationException.require(pageSize >= 1 && pageSize <= MAX_PAGE_SIZE, "pageSize",
                "must be between 1 and " + MAX_PAGE_SIZE + " but was " + pageSize + ".");
        ValidationException.requirePositive(pollInterval, "pollInterval");
        ValidationException.requirePositive(leaseTtl, "leaseTtl");
        requireLinger(linger, leaseTtl);
        ValidationException.requirePositive(closeTimeout, "closeTimeout");
        ValidationException.requireNonNull(backoff, "backoff");
        ValidationException.requireNonNull(breaker, "breaker");
    }

    public DispatcherOptions withOwner(String owner) {
        ValidationException.requireNonNull(owner, "owner");
        return new DispatcherOptions(Optional.of(owner), pageSize, linger, pollInterval, leaseTtl, closeTimeout, backoff, breaker);
    }

    public DispatcherOptions withPageSize(int pageSize) {
        return new DispatcherOptions(owner, pageSize, linger, pollInterval, leaseTtl, closeTimeout, backoff, breaker);
    }

    public DispatcherOptions withLinger(Duration linger) {
        return new DispatcherOptions(owner, pageSize, linger, pollInterval, leaseTtl, closeTimeout, backoff, breaker);
    }

    public DispatcherOptions withPollInterval(Duration pollInterval) {
        return new DispatcherOptions(owner, pageSize, linger, pollInterval, leaseTtl, closeTimeout, backoff, breaker);
    }

    public DispatcherOptions withLeaseTtl(Duration leaseTtl) {
        return new DispatcherOptions(owner, pageSize, linger, pollInterval, leaseTtl, closeTimeout, backoff, breaker);
    }

    public DispatcherOptions withCloseTimeout(Duration closeTimeout) {
        return new DispatcherOptions(owner, pageSize, linger, pollInterval, leaseTtl, closeTimeout, backoff, breaker);
    }

    public DispatcherOptions withBackoff(Backoff backoff) {
        return new DispatcherOptions(owner, pageSize, linger, pollInterval, leaseTtl, closeTimeout, backoff, breaker);
    }

    public DispatcherOptions withBreaker(Breaker breaker) {
        return new DispatcherOptions(owner, pageSize, linger, pollInterval, leaseTtl, closeTimeout, backoff, breaker);
    }

    /**
     * The longest gap between two attempts at the same page: {@code max(backoff.maxDelay,
     * breaker.openWait)}. The topic's duplicate-detection window should be well above it, so that
     * re-sending a page the bus accepted but did not acknowledge is dropped by the broker (what
     * gets past the window is dropped by the consumers' inboxes).
     */
    public Duration retryHorizon() {
        return backoff.maxDelay().compareTo(breaker.openWait()) >= 0 ? backoff.maxDelay() : breaker.openWait();
    }

    private static void requireLinger(Duration linger, Duration leaseTtl) {
        ValidationException.requireNonNull(linger, "linger");
        ValidationException.require(!linger.isNegative() && linger.compareTo(MAX_LINGER) <= 0, "linger",
                "must be between 0 and " + MAX_LINGER + " but was " + linger + ".");
        ValidationException.require(linger.isZero() || linger.compareTo(leaseTtl.dividedBy(3)) < 0, "linger",
                "must be below a third of leaseTtl (" + leaseTtl + ") but was " + linger + ".");
    }

    /** How often a standby tries the lease and an active dispatcher renews it while idle. */
    Duration leaseCheckInterval() {
        Duration third = leaseTtl.dividedBy(3);
        return third.compareTo(pollInterval) < 0 ? third : pollInterval;
    }


    /**
     * Exponential backoff with jitter between publish attempts. Up to {@code attemptsPerCycle}
     * attempts are made in one go; then the dispatcher waits the next backoff step and starts a
     * new cycle (it never gives up a batch: the checkpoint must not pass an unpublished commit).
     *
     * @param initialDelay     the wait after the first failure
     * @param multiplier       growth of the wait per failure (at least 1)
     * @param jitter           randomization factor in [0, 1): each wait is drawn from
     *                         {@code delay * (1 ± jitter)}
     * @param maxDelay         the longest wait
     * @param attemptsPerCycle attempts per cycle, the first included (at least 1)
     */
    public record Backoff(Duration initialDelay, double multiplier, double jitter, Duration maxDelay,
                          int attemptsPerCycle) {
        public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), 2.0, 0.5, Duration.ofSeconds(30), 5);

        public Backoff {
            ValidationException.requirePositive(initialDelay, "initialDelay");
            ValidationException.requirePositive(maxDelay, "maxDelay");
            ValidationException.require(maxDelay.compareTo(initialDelay) >= 0, "maxDelay",
                    "must be at least initialDelay (" + initialDelay + ") but was " + maxDelay + ".");
            ValidationException.require(multiplier >= 1.0 && Double.isFinite(multiplier), "multiplier",
                    "must be at least 1 but was " + multiplier + ".");
            ValidationException.require(jitter >= 0.0 && jitter < 1.0, "jitter",
                    "must be in [0, 1) but was " + jitter + ".");
            ValidationException.require(attemptsPerCycle >= 1, "attemptsPerCycle",
                    "must be at least 1 but was " + attemptsPerCycle + ".");
        }

        public Backoff withInitialDelay(Duration initialDelay) {
            return new Backoff(initialDelay, multiplier, jitter, maxDelay, attemptsPerCycle);
        }

        public Backoff withMultiplier(double multiplier) {
            return new Backoff(initialDelay, multiplier, jitter, maxDelay, attemptsPerCycle);
        }

        public Backoff withJitter(double jitter) {
            return new Backoff(initialDelay, multiplier, jitter, maxDelay, attemptsPerCycle);
        }

        public Backoff withMaxDelay(Duration maxDelay) {
            return new Backoff(initialDelay, multiplier, jitter, maxDelay, attemptsPerCycle);
        }

        public Backoff withAttemptsPerCycle(int attemptsPerCycle) {
            return new Backoff(initialDelay, multiplier, jitter, maxDelay, attemptsPerCycle);
        }
    }

    /**
     * The circuit breaker around the publisher: it opens when at least {@code failureRatePercent}
     * of the last {@code slidingWindowSize} publishes failed (once {@code minimumCalls} were made),
     * then lets no publish through for {@code openWait}, then tries one.
     */
    public record Breaker(float failureRatePercent, int slidingWindowSize, int minimumCalls, Duration openWait) {
        public static final Breaker DEFAULT = new Breaker(50f, 20, 10, Duration.ofSeconds(30));

        public Breaker {
            ValidationException.require(failureRatePercent > 0f && failureRatePercent <= 100f, "failureRatePercent",
                    "must be in (0, 100] but was " + failureRatePercent + ".");
            ValidationException.require(slidingWindowSize >= 1, "slidingWindowSize",
                    "must be at least 1 but was " + slidingWindowSize + ".");
            ValidationException.require(minimumCalls >= 1, "minimumCalls",
                    "must be at least 1 but was " + minimumCalls + ".");
            ValidationException.requirePositive(openWait, "openWait");
        }

        public Breaker withFailureRatePercent(float failureRatePercent) {
            return new Breaker(failureRatePercent, slidingWindowSize, minimumCalls, openWait);
        }

        public Breaker withSlidingWindowSize(int slidingWindowSize) {
            return new Breaker(failureRatePercent, slidingWindowSize, minimumCalls, openWait);
        }

        public Breaker withMinimumCalls(int minimumCalls) {
            return new Breaker(failureRatePercent, slidingWindowSize, minimumCalls, openWait);
        }

        public Breaker withOpenWait(Duration openWait) {
            return new Breaker(failureRatePercent, slidingWindowSize, minimumCalls, openWait);
        }
    }
}
