package io.contextbus.servicebus;

import io.contextbus.error.ValidationException;

/**
 * How the publisher sends: the context's {@link SessionStrategy}; {@code lanes}, the number of
 * batches in flight at once (a session always uses the same lane, so order per stream holds); and
 * {@code maxBatchBytes} (0 = the link's maximum, 256 KB on Standard). Retries and the circuit
 * breaker are not here on purpose: the core {@code StoreDispatcher} already wraps every publish in
 * both ({@code DispatcherOptions.backoff/breaker}), and wrapping twice would multiply the attempts.
 */
public record PublisherOptions(SessionStrategy sessions, int lanes, int maxBatchBytes) {

    public static final PublisherOptions DEFAULT = new PublisherOptions(SessionStrategy.PER_STREAM, 4, 0);

    public PublisherOptions {
        ValidationException.requireNonNull(sessions, "sessions");
        ValidationException.require(lanes >= 1 && lanes <= 64, "lanes", "must be between 1 and 64 but was " + lanes + ".");
        ValidationException.require(maxBatchBytes == 0 || maxBatchBytes >= 1024, "maxBatchBytes",
                "must be 0 (the link's maximum) or at least 1024 but was " + maxBatchBytes + ".");
    }

    public PublisherOptions withSessions(SessionStrategy value) {
        return new PublisherOptions(value, lanes, maxBatchBytes);
    }

    public PublisherOptions withLanes(int value) {
        return new PublisherOptions(sessions, value, maxBatchBytes);
    }

    public PublisherOptions withMaxBatchBytes(int value) {
        return new PublisherOptions(sessions, lanes, value);
    }
}
