package io.contextbus.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the WAL back into the database file on its own connection and thread, so that appends
 * pay only for writing and syncing the WAL (SQLite's automatic checkpoint would run inside the
 * committing transaction and sync the database file there). PASSIVE checkpoints never block the
 * writer. SQLite starts the WAL over only when a checkpoint copied all of it; a writer that commits
 * back to back never leaves that moment, so when the WAL passes {@link #CATCH_UP_FRAMES} the
 * checkpointer takes the writer's connection lock (no transaction of this process runs then) and
 * checkpoints the few frames left: the next write transaction starts the WAL from its beginning.
 * Past {@link #RESTART_FRAMES} (another process keeps writing) it runs a RESTART checkpoint, under the
 * same lock, so this process's writers wait on the lock instead of sleeping in SQLite's busy handler.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);
    private static final long INTERVAL_MILLIS = 100;
    /** About 16 MB of 4 KB pages. */
    static final int CATCH_UP_FRAMES = 4_000;
    /** About 40 MB of 4 KB pages. */
    static final int RESTART_FRAMES = 10_000;

    private final Connection connection;
    private final Path file;
    private final ScheduledExecutorService scheduler;
    private final Lock writerLock;

    WalCheckpointer(Connection connection, Path file, Lock writerLock) {
        this.connection = connection;
        this.file = file;
        this.writerLock = writerLock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "contextbus-sqlite-checkpoint-" + file.getFileName());
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::checkpoint, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void checkpoint() {
        try {
            int walFrames = run("PASSIVE");
            if (walFrames > CATCH_UP_FRAMES) {
                writerLock.lock();
                try {
                    run(walFrames > RESTART_FRAMES ? "RESTART" : "PASSIVE");
                } finally {
                    writerLock.unlock();
                }
            }
        } catch (SQLException e) {
            // the next round tries again; a checkpoint that does not happen costs space, not data
            log.debug("event=checkpoint-skipped file={} error={}", file, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("event=checkpoint-failed file={}", file, e);
        }
    }

    /** Runs a checkpoint of {@code mode}; returns the WAL's size in frames. */
    private int run(String mode) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            return rs.next() ? rs.getInt(2) : 0;
        }
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("event=checkpointer-not-stopped file={}", file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("event=checkpointer-close-failed file={} error={}", file, e.getMessage());
        }
    }
}
