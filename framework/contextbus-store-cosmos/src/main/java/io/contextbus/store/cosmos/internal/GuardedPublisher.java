package io.contextbus.store.cosmos.internal;

import io.contextbus.dispatch.CommitPublisher;
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
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A publisher call behind a retry (transient failures, exponential backoff) and a circuit breaker
 * (while the bus keeps failing, batches go back to the feed at once instead of hammering it). Any
 * failure that remains is a {@link PublishException}: the caller must not checkpoint.
 */
public final class GuardedPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedPublisher.class);

    private final CommitPublisher delegate;
    private final Retry retry;
    private final CircuitBreaker breaker;

    public GuardedPublisher(CommitPublisher delegate, String name, int attempts, Duration firstWait) {
        this.delegate = delegate;
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(attempts)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Math.max(1, firstWait.toMillis()), 2.0))
                .retryOnException(e -> !(e instanceof ContextBusException c) || c.isTransient())
                .build());
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(5))
                .build());
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
