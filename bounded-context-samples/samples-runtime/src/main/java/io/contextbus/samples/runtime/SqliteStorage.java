package io.contextbus.samples.runtime;

import io.contextbus.dispatch.DispatchCheckpointStore;
import io.contextbus.inbox.Inbox;
import io.contextbus.model.ContextName;
import io.contextbus.replay.client.ReconcileJournal;
import io.contextbus.store.EventStore;
import io.contextbus.store.SnapshotStore;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.store.sqlite.SqliteStoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

/**
 * A sample context on SQLite: commits, inbox, dispatcher checkpoint, applied log, work queue and
 * read models in one file of the data directory, read models written in the same transactions.
 */
public final class SqliteStorage implements SampleStorage<Connection> {
    private final SqliteEventStore store;
    private final SqliteAppliedLog appliedLog;
    private final ReconcileJournal reconcileJournal;

    public SqliteStorage(Path dataDir, ContextName context) throws IOException {
        Files.createDirectories(dataDir);
        this.store = SqliteEventStore.open(SqliteStoreOptions.DEFAULT.withDirectory(dataDir), context);
        this.appliedLog = new SqliteAppliedLog(store);
        this.reconcileJournal = ReconcileJournal.file(dataDir.resolve(context.value() + ".reconcile"));
    }

    /** The store itself, for read models kept in its tables. */
    public SqliteEventStore store() {
        return store;
    }

    @Override
    public EventStore events() {
        return store;
    }

    @Override
    public DispatchCheckpointStore checkpoints() {
        return store.checkpoints();
    }

    @Override
    public SnapshotStore snapshots() {
        return store.snapshots();
    }

    @Override
    public Inbox<Connection> inbox() {
        return store.inbox();
    }

    @Override
    public AppliedLog<Connection> appliedLog() {
        return appliedLog;
    }

    @Override
    public WorkQueue<Connection> workQueue(int shards, CommandQueue.Runner runner) {
        return new CommandQueue(store, shards, runner);
    }

    @Override
    public ReconcileJournal reconcileJournal() {
        return reconcileJournal;
    }

    @Override
    public String location() {
        return store.file().toString();
    }

    @Override
    public void close() {
        store.close();
    }
}
