package io.contextbus.store.sqlite;

import io.contextbus.dispatch.DispatchCheckpointStore;
import io.contextbus.error.StoreException;
import io.contextbus.error.ValidationException;
import io.contextbus.inbox.Inbox;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.CommitPage;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.propagation.DirtyMarks;
import io.contextbus.propagation.PropagationMarks;
import io.contextbus.store.EventStore;
import io.contextbus.store.SnapshotStore;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded context's event store in one SQLite file ({@code <directory>/<context>.db}, WAL mode).
 *
 * <p>Guarantees: {@link #append} returns only after the commit is durable (with the default
 * {@link SqliteSynchronous#FULL}, on disk); concurrent appends are committed in shared
 * transactions by one writer thread (group commit), each succeeding or failing on its own;
 * {@link #readAll} is gap-free in position order, also while others append, including other
 * processes appending to the same file. The same database holds the context's inbox
 * ({@link #inbox()}), snapshots ({@link #snapshots()}), dispatcher checkpoint
 * ({@link #checkpoints()}) and, through {@link #write} and {@link #read}, its own read models
 * (table names starting with {@code cb_} are reserved). Thread-safe.
 */
public final class SqliteEventStore implements EventStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteEventStore.class);

    private final ContextName context;
    private final SqliteDatabase db;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final SqliteInbox inbox;
    private final SqliteSnapshots snapshots;
    private final SqliteCheckpoints checkpoints;
    private final Map<String, SqliteDirtyMarks> dirtyMarks = new ConcurrentHashMap<>();
    private final Map<String, SqliteStreamHeadMarks> streamMarks = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqliteEventStore(ContextName context, SqliteDatabase db) {
        this.context = context;
        this.db = db;
        this.inbox = new SqliteInbox(db);
        this.snapshots = new SqliteSnapshots(db);
        this.checkpoints = new SqliteCheckpoints(db, db.options().clock());
    }

    /** Opens (creating if needed) the store of {@code context} under {@code options.directory()}. */
    public static SqliteEventStore open(SqliteStoreOptions options, ContextName context) {
        ValidationException.requireNonNull(options, "options");
        ValidationException.requireNonNull(context, "context");
        return new SqliteEventStore(context, SqliteDatabase.open(options, context));
    }

    /** Opens the store of {@code context} in {@code directory} with {@link SqliteStoreOptions#DEFAULT}. */
    public static SqliteEventStore open(Path directory, ContextName context) {
        return open(SqliteStoreOptions.DEFAULT.withDirectory(directory), context);
    }

    /**
     * Opens an existing store for reading only (what the replay service does). Every write (append,
     * inbox, snapshot, lease, {@link #write}) fails with a non-transient StoreException.
     */
    public static SqliteEventStore openReadOnly(SqliteStoreOptions options, ContextName context) {
        ValidationException.requireNonNull(options, "options");
        ValidationException.requireNonNull(context, "context");
        return new SqliteEventStore(context, SqliteDatabase.openReadOnly(options, context));
    }

    @Override
    public Commit append(CommitAttempt attempt) {
        return written(db.write(appendJob(attempt)));
    }

    /**
     * Queues the append for the group-commit writer and returns at once: with several appends in
     * flight, one caller fills whole groups that share one fsync. The attempt is checked and
     * encoded on the calling thread, so a malformed or oversized one throws here.
     */
    @Override
    public CompletableFuture<Commit> appendAsync(CommitAttempt attempt) {
        try {
            // not thenApply: its future would fail with a CompletionException around the store's answer
            CompletableFuture<Commit> result = new CompletableFuture<>();
            db.writeAsync(appendJob(attempt)).whenComplete((appended, failure) -> {
                if (failure == null) {
                    result.complete(written(appended));
                } else {
                    result.completeExceptionally(failure);
                }
            });
            return result;
        } catch (StoreException e) {
            // a closed or read-only store: the store's answer, like any other, goes in the future
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Checks and encodes {@code attempt} on the caller's thread; the job only runs the SQL. */
    private WriteJob<CommitTable.Appended> appendJob(CommitAttempt attempt) {
        ValidationException.requireNonNull(attempt, "attempt");
        if (db.isReadOnly()) {
            throw SqliteErrors.readOnly("Appending to stream '" + attempt.streamId() + "'", db.file());
        }
        String events = db.options().limits().checkAndEncodeEvents(context, attempt);
        CommitTable.Encoded encoded = CommitTable.Encoded.of(attempt, events);
        return tx -> CommitTable.append(tx, encoded);
    }

    private Commit written(CommitTable.Appended appended) {
        if (appended.written()) {
            notifyListeners();
            streamMarks.values().forEach(m -> m.appended(appended.commit()));
        }
        return appended.commit();
    }

    @Override
    public List<Commit> readStream(StreamId streamId, long fromSequence, long toSequence) {
        ValidationException.requireNonNull(streamId, "streamId");
        return db.read(c -> CommitTable.readStream(c, streamId, fromSequence, toSequence));
    }

    @Override
    public long lastCommitSequence(StreamId streamId) {
        ValidationException.requireNonNull(streamId, "streamId");
        return db.read(c -> CommitTable.lastSequence(c, streamId));
    }

    @Override
    public CommitPage readAll(Position after, int maxCount) {
        ValidationException.requireNonNull(after, "after");
        ValidationException.require(maxCount >= 1, "maxCount", "must be at least 1 but was " + maxCount + ".");
        after.asLong(); // rejects a position this store did not issue, naming the field
        return db.read(c -> CommitTable.readAll(c, after, maxCount));
    }

    @Override
    public Position positionAt(Instant time) {
        ValidationException.requireNonNull(time, "time");
        return db.read(c -> CommitTable.positionAt(c, time));
    }

    @Override
    public ContextName context() {
        return context;
    }

    @Override
    public AutoCloseable onAppend(Runnable listener) {
        ValidationException.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The inbox kept in this database; appliers write through the {@link Connection} they get. */
    public Inbox<Connection> inbox() {
        return inbox;
    }

    /** Snapshots kept in this database. */
    public SnapshotStore snapshots() {
        return snapshots;
    }

    /** The dispatcher's lease and checkpoint kept in this database. */
    public DispatchCheckpointStore checkpoints() {
        return checkpoints;
    }

    /**
     * Runs {@code work} in a write transaction of this database (e.g. {@code CREATE TABLE IF NOT
     * EXISTS} for a read model); it commits, durably, before this returns, or rolls back entirely
     * if {@code work} throws. Do not call the store's own write methods from inside it.
     */
    public <R> R write(SqlWork<R> work) {
        ValidationException.requireNonNull(work, "work");
        return db.write(tx -> work.run(tx.guarded()));
    }

    /**
     * Runs {@code listener} after every durable commit of this store's writer (appends, inbox
     * receives, {@link #write} work: each group of them commits once), once the commit is visible to
     * {@link #read} and before the writes' callers return. It runs on the thread that committed (the
     * writer thread, or the caller whose write ran alone while the writer was idle) with the writer
     * connection held, so it must only signal (wake a worker, count), never block or write; a
     * listener that throws is logged
     * and does not affect the write. Lets code that writes work through an applier's transaction (a
     * command queue, an outbox) wake its workers instead of polling. ({@link #onAppend} runs after
     * appends only.)
     *
     * @return closing it removes the listener
     * @throws io.contextbus.error.StoreException when the store was opened read-only
     */
    public AutoCloseable onCommit(Runnable listener) {
        ValidationException.requireNonNull(listener, "listener");
        return db.onCommit(listener);
    }

    /**
     * The dirty marks of the propagation {@code name} (table {@code cb_dirty_marks}, created if
     * missing), for a {@link io.contextbus.propagation.DebouncedPropagation}: a handler marks an
     * entity through its inbox transaction's connection, so the mark commits with the state it
     * changed; each mark is announced once its transaction committed. One instance per name.
     *
     * @throws io.contextbus.error.StoreException when the store was opened read-only
     */
    public DirtyMarks<Connection> dirtyMarks(String name) {
        ValidationException.requireNonNull(name, "name");
        ValidationException.require(!name.isBlank(), "name", "cannot be blank.");
        return dirtyMarks.computeIfAbsent(name, n -> new SqliteDirtyMarks(db, n));
    }

    /**
     * The marks of the propagation {@code name} over this store's own streams, for the owner of the
     * streams: the commit is the durable record, nothing is written with an append. A stream is
     * pending while its last commitSequence is above the version last pushed (table
     * {@code cb_propagated}); each durable append of this store object is announced (appends of other
     * processes to the file are found by {@link PropagationMarks#pending} at the next start). Entity =
     * streamId, version = commitSequence. One instance per name.
     *
     * @throws io.contextbus.error.StoreException when the store was opened read-only
     */
    public PropagationMarks streamMarks(String name) {
        ValidationException.requireNonNull(name, "name");
        ValidationException.require(!name.isBlank(), "name", "cannot be blank.");
        return streamMarks.computeIfAbsent(name, n -> new SqliteStreamHeadMarks(db, n));
    }

    /** Runs {@code work} on a read-only connection that sees every commit acknowledged so far. */
    public <R> R read(SqlWork<R> work) {
        ValidationException.requireNonNull(work, "work");
        return db.read(c -> work.run(GuardedConnection.guard(c)));
    }

    /** The database file. */
    public Path file() {
        return db.file();
    }

    public boolean isReadOnly() {
        return db.isReadOnly();
    }

    /** How the group-commit writer has batched so far (benchmarks, diagnostics). */
    GroupCommitWriter.Stats writerStats() {
        return db.writerStats();
    }

    /**
     * The longest write transaction of this store's writer so far, from its first write to its
     * commit (diagnostics): about {@link SqliteStoreOptions#maxGroupTime} plus one handler at most
     * when inbox applies run slow handlers, unless a single write itself takes longer.
     */
    public Duration longestWriteTransaction() {
        return db.longestWriteTransaction();
    }

    /** Writes waiting for the writer (tests of group commit). */
    int queuedWrites() {
        return db.queuedWrites();
    }

    private void notifyListeners() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("event=on-append-listener-failed context={} listener={}", context, listener, e);
            }
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            db.close();
            listeners.clear();
        }
    }
}
