package io.contextbus.servicebus;

import io.contextbus.error.PublishException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs one Service Bus call with the publisher's resilience: errors translated once by
 * {@link ServiceBusErrors}, transient ones retried with exponential backoff, and a circuit breaker
 * around the call so that a broker that is down gets one probe per open period, not a stream of sends.
 */
final class SendGuard {
    private final Retry retry;
    private final Optional<CircuitBreaker> breaker;

    SendGuard(String name, PublisherOptions options) {
        this.retry = Retry.of(name, RetryConfig.<Object>custom()
                .maxAttempts(options.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(
                        options.initialBackoff(), 2.0, options.maxBackoff()))
                .retryOnException(SendGuard::isTransient)
                .build());
        this.breaker = options.breakerOpenFor().isZero() ? Optional.empty() : Optional.of(CircuitBreaker.of(name,
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(10)
                        .minimumNumberOfCalls(4)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(options.breakerOpenFor())
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .recordException(SendGuard::isTransient)
                        .build()));
    }

    /** Runs {@code call}; @throws PublishException when it failed for good or the breaker is open. */
    <T> T call(String what, Supplier<T> call) {
        Supplier<T> translated = () -> {
            try {
                return call.get();
            } catch (RuntimeException e) {
                throw ServiceBusErrors.toPublishException(what, e);
            }
        };
        Supplier<T> guarded = breaker.map(b -> CircuitBreaker.decorateSupplier(b, translated)).orElse(translated);
        try {
            return Retry.decorateSupplier(retry, guarded).get();
        } catch (CallNotPermittedException e) {
            throw new PublishException("Sending " + what + " was not attempted: the circuit breaker is open after "
                    + "repeated transient failures (reason=CIRCUIT_OPEN).", true, e);
        }
    }

    void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    /** The breaker's state (CLOSED, OPEN, HALF_OPEN, or DISABLED when turned off), for health checks and logs. */
    String breakerState() {
        return breaker.map(b -> b.getState().name()).orElse("DISABLED");
    }

    private static boolean isTransient(Throwable e) {
        return e instanceof PublishException p && p.isTransient();
    }
}
