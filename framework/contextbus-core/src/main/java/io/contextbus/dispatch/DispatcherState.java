package io.contextbus.dispatch;

/** What a {@link StoreDispatcher} is doing. */
public enum DispatcherState {
    /** Created, not started. */
    NEW,
    /** Waiting for the store's lease; another dispatcher may hold it. Publishes nothing. */
    STANDBY,
    /** Holds the lease and publishes (or waits for new commits). */
    ACTIVE,
    /** Holds the lease, but the bus kept failing: publishing pauses and resumes by itself. */
    CIRCUIT_OPEN,
    /** Closed; the lease was released. */
    STOPPED
}
