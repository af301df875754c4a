package io.contextbus.samples.runtime;

import io.contextbus.dispatch.DispatchCheckpointStore;
import io.contextbus.store.EventStore;

/**
 * Everything a sample context keeps, behind one small port with two implementations:
 * {@link SqliteStorage} (one SQLite file, the demo's default) and {@link CosmosStorage} (the
 * context's Cosmos DB container {@code events-<context>}, on Azure). The store, its dispatcher
 * checkpoint, the observed inbox and the work queue come from here; a context's read models pick
 * their implementation by the storage's type.
 *
 * @param <T> the inbox transaction type ({@link java.sql.Connection} or
 *            {@link io.contextbus.store.cosmos.CosmosInboxTransaction})
 */
public interface SampleStorage<T> extends AutoCloseable {

    EventStore events();

    DispatchCheckpointStore checkpoints();

    /** The inbox handlers are given to; it logs what it applies. */
    AppliedLogInbox<T> inbox();

    /** A new work queue whose commands {@code runner} runs ({@code shards}: how many run at once). */
    WorkQueue<T> workQueue(int shards, CommandQueue.Runner runner);

    /** Where the data lives, for the start-up log line. */
    String location();

    @Override
    void close();
}
