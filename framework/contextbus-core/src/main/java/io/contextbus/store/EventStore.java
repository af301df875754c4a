package io.contextbus.store;

import io.contextbus.model.ContextName;

/**
 * A bounded context's event store: the book of record for its commits. The sum of the small role
 * interfaces a caller may need; optional capabilities (snapshots) are separate interfaces.
 */
public interface EventStore extends AppendCommits, ReadStream, ReadAll, AutoCloseable {
    /** The context whose commits this store holds. */
    ContextName context();

    /**
     * Registers a callback run after each durable append made through this store instance, so that
     * a dispatcher can wake up instead of polling. Returns a handle that unregisters it.
     */
    AutoCloseable onAppend(Runnable listener);

    @Override
    void close();
}
