package io.contextbus.samples.runtime;

import io.contextbus.dispatch.DispatchCheckpointStore;
import io.contextbus.inbox.Inbox;
import io.contextbus.replay.client.ReconcileJournal;
import io.contextbus.store.EventStore;
import io.contextbus.store.SnapshotStore;

/**
 * Everything a sample context keeps, behind one small port with two implementations:
 * {@link SqliteStorage} (one SQLite file, the demo's default) and {@link CosmosStorage} (the
 * context's Cosmos DB container {@code events-<context>}, on Azure). The store, its dispatcher
 * checkpoint, the inbox, the applied log and the work queue come from here; a context's read models pick
 * their implementation by the storage's type.
 *
 * @param <T> the inbox transaction type ({@link java.sql.Connection} or
 *            {@link io.contextbus.store.cosmos.CosmosInboxTransaction})
 */
public interface SampleStorage<T> extends AutoCloseable {

    EventStore events();

    DispatchCheckpointStore checkpoints();

    /** Where the context's aggregates keep their snapshots (the store's own snapshot capability). */
    SnapshotStore snapshots();

    /** The store's inbox the bus applies commits through. */
    Inbox<T> inbox();

    /** Where the handlers record each commit they apply, through the inbox transaction. */
    AppliedLog<T> appliedLog();

    /** A new work queue whose commands {@code runner} runs ({@code shards}: how many run at once). */
    WorkQueue<T> workQueue(int shards, CommandQueue.Runner runner);

    /** Where the data lives, for the start-up log line. */
    String location();

    /**
     * Where this context's {@code Reconciler} keeps, per source, the position up to which every
     * missing tail was asked for: beside the store, so that a context that loses its store compares
     * from the beginning again.
     */
    ReconcileJournal reconcileJournal();

    @Override
    void close();
}
