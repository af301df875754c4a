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
import java.time.Duration;
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
    private final BackgroundLoop loop;
    private final AutoCloseable listener;
    private Position position; // the loop's thread only; loaded by its first step
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
        this.loop = new BackgroundLoop("projection-" + name, Duration.ofMillis(200), this::step, e -> LOG.warn(
                "projection failed, retrying name={} position={} error=\"{}\"", name, position, e.toString()));
        this.listener = store.onAppend(loop::wake);
    }

    /** Starts following; the projector's tables must exist by then. */
    public OwnEventsProjection start() {
        loop.start();
        return this;
    }

    /** Commits projected since start. */
    public long projected() {
        return projected;
    }

    private BackgroundLoop.Step step() {
        if (position == null) {
            position = store.read(c -> load(c));
        }
        CommitPage page = store.readAll(position, 500);
        if (page.isEmpty()) {
            return BackgroundLoop.Step.IDLE;
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
        return BackgroundLoop.Step.WORKED;
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

    @Override
    public void close() throws Exception {
        loop.close(); // no interrupt: it could land inside a store call
        listener.close();
    }
}
