package io.contextbus.store.sqlite;

import io.contextbus.error.ValidationException;
import io.contextbus.propagation.DirtyMark;
import io.contextbus.propagation.DirtyMarks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dirty marks of one propagation in the context's database ({@code cb_dirty_marks}, one row per
 * entity), written through the handler's connection so that they commit with its state. A mark is
 * held back until the writer's next commit and then announced, from the writer's commit listener:
 * the propagation never reads a state older than the mark it was told about.
 */
final class SqliteDirtyMarks implements DirtyMarks<Connection> {
    private static final Logger log = LoggerFactory.getLogger(SqliteDirtyMarks.class);
    private static final String TABLE = "CREATE TABLE IF NOT EXISTS cb_dirty_marks (name TEXT NOT NULL,"
            + " entity TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (name, entity)) WITHOUT ROWID";
    private static final String MARK = "INSERT INTO cb_dirty_marks (name, entity, version) VALUES (?, ?, ?)"
            + " ON CONFLICT (name, entity) DO UPDATE SET version = MAX(version, excluded.version)";
    private static final String PENDING = "SELECT entity, version FROM cb_dirty_marks WHERE name = ? ORDER BY entity";
    private static final String CLEAR = "DELETE FROM cb_dirty_marks WHERE name = ? AND entity = ? AND version <= ?";

    private final SqliteDatabase db;
    private final String name;
    private final Queue<DirtyMark> written = new ConcurrentLinkedQueue<>();
    private final List<Consumer<DirtyMark>> listeners = new CopyOnWriteArrayList<>();

    SqliteDirtyMarks(SqliteDatabase db, String name) {
        this.db = db;
        this.name = name;
        db.write(tx -> {
            tx.execute(TABLE);
            return null;
        });
        db.onCommit(this::announce);
    }

    @Override
    public void mark(Connection transaction, String entity, long version) {
        ValidationException.requireNonNull(transaction, "transaction");
        DirtyMark mark = new DirtyMark(entity, version);
        try (PreparedStatement ps = transaction.prepareStatement(MARK)) {
            ps.setString(1, name);
            ps.setString(2, mark.entity());
            ps.setLong(3, mark.version());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "Marking '" + entity + "' dirty in", db.file());
        }
        written.add(mark);
    }

    @Override
    public List<DirtyMark> pending() {
        return marks(db, PENDING, name);
    }

    /** The marks {@code query} lists (columns entity, version) for propagation {@code name}, its one parameter. */
    static List<DirtyMark> marks(SqliteDatabase db, String query, String name) {
        return db.read(c -> {
            List<DirtyMark> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(query)) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DirtyMark(rs.getString(1), rs.getLong(2)));
                    }
                }
            }
            return out;
        });
    }

    /** Binds {@code (name, entity, version)} as the statement's first three parameters. */
    static PreparedStatement bind(PreparedStatement ps, String name, DirtyMark mark) throws SQLException {
        ps.setString(1, name);
        ps.setString(2, mark.entity());
        ps.setLong(3, mark.version());
        return ps;
    }

    @Override
    public boolean clear(DirtyMark pushed) {
        ValidationException.requireNonNull(pushed, "pushed");
        return db.write(tx -> {
            return bind(tx.prepare(CLEAR), name, pushed).executeUpdate() > 0;
        });
    }

    @Override
    public AutoCloseable onMarked(Consumer<DirtyMark> listener) {
        ValidationException.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * After a commit of the writer: every mark written before it is durable now (or was rolled back
     * with its job, which only costs the propagation a push of the current state).
     */
    private void announce() {
        DirtyMark mark;
        while ((mark = written.poll()) != null) {
            for (Consumer<DirtyMark> listener : listeners) {
                try {
                    listener.accept(mark);
                } catch (RuntimeException e) {
                    log.warn("event=dirty-mark-listener-failed name={} entity={} error=\"{}\"", name, mark.entity(), e.toString());
                }
            }
        }
    }
}
