package io.contextbus.error;

/**
 * Base of every exception contextbus throws. Unchecked; {@link #isTransient()} tells the caller
 * whether retrying the same call, unchanged, can succeed.
 */
public class ContextBusException extends RuntimeException {
    private final boolean transientFailure;

    public ContextBusException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    public ContextBusException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** True when the same call, retried unchanged, may succeed (timeouts, throttling, outages). */
    public boolean isTransient() {
        return transientFailure;
    }
}
