package io.contextbus.store.cosmos.internal;

import io.contextbus.dispatch.CommitPublisher;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.error.ContextBusException;
import io.contextbus.error.PublishException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A publisher call behind a retry (transient and unclassified failures, exponential backoff with
 * jitter) and a circuit breaker (while the bus keeps failing, batches go back to the feed at once
 * instead of hammering it), configured with the core dispatcher's {@link DispatcherOptions.Backoff}
 * and {@link DispatcherOptions.Breaker}. Any failure that remains is a {@link PublishException}:
 * the caller must not checkpoint. (The core's own wrapper is package-private to the core
 * dispatcher; see the module README.)
 */
public final class GuardedPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedPublisher.class);

    private final CommitPublisher delegate;
    private final Retry retry;
    private final CircuitBreaker breaker;

    public GuardedPublisher(CommitPublisher delegate, String name, DispatcherOptions.Backoff backoff,
                            DispatcherOptions.Breaker breaker) {
        this.delegate = delegate;
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(backoff.attemptsPerCycle())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(backoff.initialDelay(),
                        backoff.multiplier(), backoff.jitter(), backoff.maxDelay()))
                .retryOnException(GuardedPublisher::isRetryable)
                .build());
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRatePercent())
                .slidingWindow(breaker.slidingWindowSize(), breaker.minimumCalls(),
                        CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .waitDurationInOpenState(breaker.openWait())
                .build());
    }

    private static boolean isRetryable(Throwable e) {
        if (e instanceof CallNotPermittedException) {
            return false;
        }
        return !(e instanceof ContextBusException c) || c.isTransient();
    }

    public void publish(ContextName source, List<Commit> commits) {
        Runnable call = CircuitBreaker.decorateRunnable(breaker, () -> delegate.publish(source, commits));
        try {
            Retry.decorateRunnable(retry, call).run();
        } catch (CallNotPermittedException e) {
            LOG.warn("publish skipped, circuit open context={} commits={}", source, commits.size());
            throw new PublishException("circuit open for " + source + "; the batch goes back to the feed", true, e);
        } catch (PublishException e) {
            LOG.warn("publish failed context={} commits={} first={}", source, commits.size(), commits.get(0).key(), e);
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("publish failed context={} commits={} first={}", source, commits.size(), commits.get(0).key(), e);
            throw new PublishException("publishing " + commits.size() + " commits of " + source + " failed", true, e);
        }
    }
}
