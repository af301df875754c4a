package io.contextbus.dispatch;

/**
 * A running dispatcher of one store: the outbox that publishes every durable commit at least once,
 * in commit order per stream, moving its checkpoint only after the publisher returned. The generic
 * one is {@link StoreDispatcher}; a store with a native change log offers its own through
 * {@link DispatchingStore}.
 */
public interface Dispatcher extends AutoCloseable {

    /** A point-in-time view of its state and counters. */
    DispatcherStatus status();

    /**
     * The commits it has read and not yet published, and the age of the oldest of them
     * ({@link DispatchLag#NONE} when it holds none): what health and metrics report as dispatch lag.
     */
    DispatchLag lag();

    /** Stops publishing (an in-flight publish may finish) and gives up its lease. Idempotent. */
    @Override
    void close();
}
