package io.contextbus.servicebus;

import io.contextbus.dispatch.SendInterceptor;
import io.contextbus.error.ValidationException;

/**
 * How the publisher sends: the context's {@link SessionStrategy}; {@code lanes}, the number of
 * batches in flight at once (a session always uses the same lane, so order per stream holds);
 * {@code maxBatchBytes} (0 = the link's maximum, 256 KB on Standard); and the
 * {@link SendInterceptor} that sees each commit's send ({@link SendInterceptor#NONE} by default;
 * contextbus-opentelemetry's send spans plug in here). Retries and the circuit breaker are not here
 * on purpose: the core {@code StoreDispatcher} already wraps every publish in both
 * ({@code DispatcherOptions.backoff/breaker}), and wrapping twice would multiply the attempts.
 */
public record PublisherOptions(SessionStrategy sessions, int lanes, int maxBatchBytes, SendInterceptor sendInterceptor) {

    public static final PublisherOptions DEFAULT = new PublisherOptions(SessionStrategy.PER_STREAM, 4, 0);

    public PublisherOptions {
        ValidationException.requireNonNull(sessions, "sessions");
        ValidationException.require(lanes >= 1 && lanes <= 64, "lanes", "must be between 1 and 64 but was " + lanes + ".");
        ValidationException.require(maxBatchBytes == 0 || maxBatchBytes >= 1024, "maxBatchBytes",
                "must be 0 (the link's maximum) or at least 1024 but was " + maxBatchBytes + ".");
        ValidationException.requireNonNull(sendInterceptor, "sendInterceptor");
    }

    /** Options without a send interceptor ({@link SendInterceptor#NONE}). */
    public PublisherOptions(SessionStrategy sessions, int lanes, int maxBatchBytes) {
        this(sessions, lanes, maxBatchBytes, SendInterceptor.NONE);
    }

    public PublisherOptions withSessions(SessionStrategy value) {
        return new PublisherOptions(value, lanes, maxBatchBytes, sendInterceptor);
    }

    public PublisherOptions withLanes(int value) {
        return new PublisherOptions(sessions, value, maxBatchBytes, sendInterceptor);
    }

    public PublisherOptions withMaxBatchBytes(int value) {
        return new PublisherOptions(sessions, lanes, value, sendInterceptor);
    }

    public PublisherOptions withSendInterceptor(SendInterceptor value) {
        return new PublisherOptions(sessions, lanes, maxBatchBytes, value);
    }
}
