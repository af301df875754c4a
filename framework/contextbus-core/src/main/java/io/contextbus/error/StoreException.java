package io.contextbus.error;

/**
 * The event store failed to answer (I/O, throttling, an outage). {@link #isTransient()} says whether
 * the driver reported the failure as one a retry can get past.
 */
public class StoreException extends ContextBusException {
    public StoreException(String message, boolean transientFailure, Throwable cause) {
        super(message, transientFailure, cause);
    }
}
