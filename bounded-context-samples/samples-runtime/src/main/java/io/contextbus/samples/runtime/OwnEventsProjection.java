package io.contextbus.samples.runtime;

import io.contextbus.model.Commit;
import io.contextbus.model.CommitPage;
import io.contextbus.model.Position;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a context's own store in store order and hands each commit to a projector, writing the
 * projector's changes and the new position in one transaction: each own commit is projected
 * exactly once, in order per stream, also across restarts. It wakes up on every append and polls
 * as a fallback. This is how a context keeps read models (and feeds its own process managers)
 * from its own events without consuming its own topic.
 */
public final class OwnEventsProjection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OwnEventsProjection.class);

    /** Applies one own commit through the transaction {@code tx}. */
    @FunctionalInterface
    public interface Projector {
        void project(Commit commit, Connection tx) throws SQLException;
    }

    private final SqliteEventStore store;
    private final String name;
    private final Projector projector;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final AutoCloseable listener;
    private volatile long projected;

    public OwnEventsProjection(SqliteEventStore store, String name, Projector projector) {
        this.store = store;
        this.name = name;
        this.projector = projector;
        store.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS sample_projection (name TEXT PRIMARY KEY, position TEXT NOT NULL)");
            }
            return null;
        });
        this.listener = store.onAppend(wake::release);
        this.thread = new Thread(this::run, "projection-" + name);
        thread.setDaemon(true);
    }

    /** Starts following; the projector's tables must exist by then. */
    public OwnEventsProjection start() {
        thread.start();
        return this;
    }

    /** Commits projected since start. */
    public long projected() {
        return projected;
    }

    private void run() {
        Position position = store.read(c -> load(c));
        while (running.get()) {
            try {
                CommitPage page = store.readAll(position, 500);
                if (page.isEmpty()) {
                    wake.tryAcquire(200, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                    continue;
                }
                Position next = page.next();
                store.write(c -> {
                    for (Commit commit : page.commits()) {
                        projector.project(commit, c);
                    }
                    save(c, next);
                    return null;
                });
                position = next;
                projected += page.commits().size();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("projection failed, retrying name={} position={} error=\"{}\"", name, position, e.toString());
                sleepQuietly();
            }
        }
    }

    private Position load(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT position FROM sample_projection WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? new Position(r.getString(1)) : Position.BEGINNING;
            }
        }
    }

    private void save(Connection c, Position position) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO sample_projection (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position")) {
            p.setString(1, name);
            p.setString(2, position.token());
            p.executeUpdate();
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws Exception {
        // No interrupt: it could land inside a store call; the wake-up ends the wait instead.
        running.set(false);
        wake.release();
        thread.join(10_000);
        listener.close();
    }
}
