package io.contextbus.store.cosmos.implementation;

import io.contextbus.error.ContextBusException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Our retry around a store call, after the SDK's own: retries only failures marked transient
 * (throttling that outlasted the SDK's retries, timeouts, outages), with exponential backoff. Every
 * store operation is safe to repeat: an append that did land is recognised by its commitId.
 */
public final class StoreRetry {
    private final Retry retry;

    public StoreRetry(String name, int attempts, Duration firstWait) {
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(attempts)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Math.max(1, firstWait.toMillis()), 2.0))
                .retryOnException(e -> e instanceof ContextBusException c && c.isTransient())
                .failAfterMaxAttempts(false)
                .build();
        this.retry = Retry.of(name, config);
    }

    public <T> T call(Supplier<T> call) {
        return Retry.decorateSupplier(retry, call).get();
    }
}
