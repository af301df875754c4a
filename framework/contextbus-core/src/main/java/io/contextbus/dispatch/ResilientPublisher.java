package io.contextbus.dispatch;

import io.contextbus.error.ContextBusException;
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
 * A {@link CommitPublisher} call wrapped in resilience4j: a Retry (exponential backoff with jitter,
 * for transient and unknown failures) around a CircuitBreaker (so that a bus that is down is not
 * hammered). A non-transient failure and an open circuit are not retried here: they go back to the
 * dispatch loop, which waits and tries the same batch again.
 */
final class ResilientPublisher {
    private final CommitPublisher publisher;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final IntervalFunction cycleBackoff;
    private volatile boolean waitingToRetry;

    ResilientPublisher(CommitPublisher publisher, String name, DispatcherOptions options, LongAdder retries) {
        this.publisher = publisher;
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
     * Publishes {@code commits}, running {@code beforeAttempt} (the lease renewal) before every
     * attempt; returns once the bus acknowledged all of them.
     *
     * @throws RuntimeException the last failure when the cycle gave up
     */
    void publish(ContextName source, List<Commit> commits, Runnable beforeAttempt) {
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
    boolean isWaitingToRetry() {
        return waitingToRetry;
    }

    boolean isCircuitOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }

    /** The wait before the next cycle after {@code failedCycles} cycles failed in a row. */
    long cycleBackoffMillis(int failedCycles) {
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
