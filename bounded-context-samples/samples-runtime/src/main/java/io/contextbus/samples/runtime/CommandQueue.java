package io.contextbus.samples.runtime;

import io.contextbus.handler.EventContext;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands a context must run in reaction to what it consumed, kept in its own database. A handler
 * enqueues them through the inbox transaction (so they exist exactly when the consumed commit is
 * applied); workers then run them against the context's streams and delete a batch's commands
 * together once it ran (one write transaction per batch, not per command). Each queued
 * command runs at least once, in enqueue order per target stream (a stream always maps to the same
 * worker); its commitId is derived from its row id, so a rerun after a crash appends nothing new,
 * and the deciders return no events for work already done. A command that breaks a domain rule is
 * logged and dropped; any other failure is retried after a pause. Idle workers do not poll: an
 * enqueue marks its shard, and the store's commit listener wakes the marked shards' workers once
 * the transaction that queued the command has committed (and each idle worker re-reads every
 * 5 s, for commands another process sharing the file queued).
 */
public final class CommandQueue implements WorkQueue<Connection> {
    private static final Logger LOG = LoggerFactory.getLogger(CommandQueue.class);
    private static final int BATCH = 200;
    private static final Duration DEFAULT_RECHECK = Duration.ofSeconds(5);

    /** One queued command: its key (row id or document id), where it goes, what kind it is, its JSON. */
    public record Queued(String key, String stream, String kind, String json) {
        /** A queued row of the SQLite table. */
        public Queued(long id, String stream, String kind, String json) {
            this(Long.toString(id), stream, kind, json);
        }

        /** The commitId its commit gets: the same on every run. */
        public UUID commitId() {
            return UUID.nameUUIDFromBytes(("queued-command:" + key).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Runs one queued command. */
    @FunctionalInterface
    public interface Runner {
        void run(Queued command) throws Exception;
    }

    private final SqliteEventStore store;
    private final Duration recheck;
    private final AutoCloseable commitSubscription;
    private final int shards;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> workers = new ArrayList<>();
    private final QueuedRuns runs;
    /** Per shard: set by an enqueue (on the store's writer thread), cleared when its commit wakes the worker. */
    private final AtomicBoolean[] marked;
    /** Per shard: wake-ups so far; a worker sleeps only while this is what it saw before its last read. */
    private final long[] wakeups;

    public CommandQueue(SqliteEventStore store, int shards, Runner runner) {
        this(store, shards, runner, DEFAULT_RECHECK);
    }

    /** As the public constructor, with the idle workers' safety-net re-read every {@code recheck}. */
    CommandQueue(SqliteEventStore store, int shards, Runner runner, Duration recheck) {
        this.recheck = recheck;
        this.store = store;
        this.shards = shards;
        this.runs = new QueuedRuns(runner);
        this.marked = new AtomicBoolean[shards];
        this.wakeups = new long[shards];
        for (int i = 0; i < shards; i++) {
            marked[i] = new AtomicBoolean();
        }
        this.commitSubscription = store.onCommit(this::wakeMarkedShards);
        store.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS sample_command_queue (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " shard INTEGER NOT NULL, stream TEXT NOT NULL, kind TEXT NOT NULL, json TEXT NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS sample_command_queue_shard ON sample_command_queue (shard, id)");
            }
            return null;
        });
    }

    @Override
    public void enqueue(EventContext<Connection> source, String stream, String kind, String json) throws SQLException {
        enqueue(source.transaction(), stream, kind, json);
    }

    /** Queues a command for {@code stream}, through the caller's transaction {@code tx}. */
    public void enqueue(Connection tx, String stream, String kind, String json) throws SQLException {
        int shard = Math.floorMod(stream.hashCode(), shards);
        try (PreparedStatement p = tx.prepareStatement(
                "INSERT INTO sample_command_queue (shard, stream, kind, json) VALUES (?, ?, ?, ?)")) {
            p.setInt(1, shard);
            p.setString(2, stream);
            p.setString(3, kind);
            p.setString(4, json);
            p.executeUpdate();
        }
        marked[shard].set(true);
    }

    /** The store's commit listener (writer thread): wakes the workers of shards that got commands. */
    private void wakeMarkedShards() {
        for (int shard = 0; shard < shards; shard++) {
            if (marked[shard].getAndSet(false)) {
                synchronized (marked[shard]) {
                    wakeups[shard]++;
                    marked[shard].notifyAll();
                }
            }
        }
    }

    private long wakeupsOf(int shard) {
        synchronized (marked[shard]) {
            return wakeups[shard];
        }
    }

    /**
     * Waits until a commit queued something for {@code shard} after {@code seen}, the queue closes,
     * or {@code recheck} passes: the safety net for commands this process's store did not commit
     * (another process sharing the database file).
     */
    private void awaitWork(int shard, long seen) throws InterruptedException {
        long deadline = System.nanoTime() + recheck.toNanos();
        synchronized (marked[shard]) {
            while (running.get() && wakeups[shard] == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(marked[shard], left);
            }
        }
    }

    @Override
    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        for (int shard = 0; shard < shards; shard++) {
            int s = shard;
            Thread t = new Thread(() -> work(s), "command-queue-" + shard);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    @Override
    public long executed() {
        return runs.executed();
    }

    @Override
    public long dropped() {
        return runs.dropped();
    }

    /** Commands waiting. */
    public int pending() {
        return store.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM sample_command_queue")) {
                r.next();
                return r.getInt(1);
            }
        });
    }

    private void work(int shard) {
        while (running.get()) {
            try {
                long seen = wakeupsOf(shard);
                List<Queued> batch = next(shard);
                if (batch.isEmpty()) {
                    awaitWork(shard, seen);
                    continue;
                }
                List<Queued> done = new ArrayList<>(batch.size());
                try {
                    for (Queued q : batch) {
                        if (!running.get()) {
                            return;
                        }
                        runs.run(q);
                        done.add(q);
                    }
                } finally {
                    delete(done);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("command queue failed, retrying shard={} error=\"{}\"", shard, e.toString());
                pause();
            }
        }
    }

    /**
     * Deletes the commands that ran, in one write transaction per batch (it was one per command).
     * A crash before it reruns them, which a rerun allows (same commitId, nothing new appended).
     */
    private void delete(List<Queued> done) {
        if (done.isEmpty()) {
            return;
        }
        store.write(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM sample_command_queue WHERE id = ?")) {
                for (Queued q : done) {
                    p.setLong(1, Long.parseLong(q.key()));
                    p.addBatch();
                }
                return p.executeBatch().length;
            }
        });
    }

    private List<Queued> next(int shard) {
        return store.read(c -> {
            List<Queued> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, stream, kind, json FROM sample_command_queue"
                    + " WHERE shard = ? ORDER BY id LIMIT " + BATCH)) {
                p.setInt(1, shard);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new Queued(r.getLong(1), r.getString(2), r.getString(3), r.getString(4)));
                    }
                }
            }
            return out;
        });
    }

    private void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            commitSubscription.close();
        } catch (Exception e) {
            LOG.debug("commit listener already gone error=\"{}\"", e.toString());
        }
        for (AtomicBoolean monitor : marked) {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
        for (Thread t : workers) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
