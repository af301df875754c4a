package io.contextbus.implementation;

import io.contextbus.dispatch.CommitPublisher;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.error.ContextBusException;
import io.contextbus.error.PublishException;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link CommitPublisher} wrapped in resilience4j: a Retry (exponential backoff with jitter, for
 * transient and unknown failures) around a CircuitBreaker (so that a bus that is down is not
 * hammered), configured by {@link DispatcherOptions.Backoff} and {@link DispatcherOptions.Breaker}.
 * A non-transient failure and an open circuit are not retried here: they go back to the caller
 * (a dispatch loop), which must not checkpoint and tries the same batch again later.
 * {@link io.contextbus.dispatch.StoreDispatcher} uses it internally; other dispatchers (such as a change-feed one) wrap
 * their publisher with it.
 */
public final class ResilientPublisher implements CommitPublisher {
    private final CommitPublisher publisher;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final IntervalFunction cycleBackoff;
    private volatile boolean waitingToRetry;

    /** Wraps {@code publisher}; {@code name} names the retry and breaker in resilience4j's events. */
    public ResilientPublisher(CommitPublisher publisher, String name, DispatcherOptions.Backoff backoff,
                              DispatcherOptions.Breaker breaker) {
        this(publisher, name, DispatcherOptions.DEFAULT.withBackoff(backoff).withBreaker(breaker), new LongAdder());
    }

    public ResilientPublisher(CommitPublisher publisher, String name, DispatcherOptions options, LongAdder retries) {
        this.publisher = ValidationException.requireNonNull(publisher, "publisher");
        DispatcherOptions.Backoff b = options.backoff();
        this.cycleBackoff = IntervalFunction.ofExponentialRandomBackoff(
                b.initialDelay(), b.multiplier(), b.jitter(), b.maxDelay());
        DispatcherOptions.Breaker c = options.breaker();
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .failureRateThreshold(c.failureRatePercent())
                .slidingWindow(c.slidingWindowSize(), c.minimumCalls(),
                        CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .waitDurationInOpenState(c.openWait())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(b.attemptsPerCycle())
                .intervalFunction(cycleBackoff)
                .retryOnException(ResilientPublisher::isRetryable)
                .build());
        // resilience4j publishes the retry event just before it sleeps the backoff.
        this.retry.getEventPublisher().onRetry(event -> {
            retries.increment();
            waitingToRetry = true;
        });
    }

    /**
     * Publishes {@code commits}; returns once the bus acknowledged all of them.
     *
     * @throws PublishException when the retries gave up or the circuit is open (transient then),
     *         or the publisher failed for good; the caller must not checkpoint
     */
    @Override
    public void publish(ContextName source, List<Commit> commits) {
        try {
            publish(source, commits, () -> { });
        } catch (CallNotPermittedException e) {
            throw new PublishException("Circuit open for " + source + ": the bus kept failing; "
                    + commits.size() + " commits not sent.", true, e);
        } catch (PublishException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PublishException("Publishing " + commits.size() + " commits of " + source + " failed: " + e,
                    !(e instanceof ContextBusException c) || c.isTransient(), e);
        }
    }

    /**
     * Publishes {@code commits}, running {@code beforeAttempt} (the lease renewal) before every
     * attempt; returns once the bus acknowledged all of them.
     *
     * @throws RuntimeException the last failure when the cycle gave up
     */
    public void publish(ContextName source, List<Commit> commits, Runnable beforeAttempt) {
        try {
            retry.executeRunnable(() -> {
                waitingToRetry = false;
                beforeAttempt.run();
                breaker.executeRunnable(() -> publisher.publish(source, commits));
            });
        } finally {
            waitingToRetry = false;
        }
    }

    /**
     * True while the calling thread sleeps a backoff between two attempts: the one moment an
     * interrupt cuts a wait short without hitting the store or the bus.
     */
    public boolean isWaitingToRetry() {
        return waitingToRetry;
    }

    public boolean isCircuitOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }

    /** The wait before the next cycle after {@code failedCycles} cycles failed in a row. */
    public long cycleBackoffMillis(int failedCycles) {
        return cycleBackoff.apply(Math.max(1, failedCycles));
    }

    static boolean isRetryable(Throwable e) {
        if (e instanceof CallNotPermittedException) {
            return false;
        }
        if (e instanceof ContextBusException c) {
            return c.isTransient();
        }
        // A failure the publisher did not classify may well be a blip of the network or the SDK.
        return e instanceof RuntimeException;
    }
}
