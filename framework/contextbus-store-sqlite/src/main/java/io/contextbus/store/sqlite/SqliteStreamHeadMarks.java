package io.contextbus.store.sqlite;

import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.propagation.DirtyMark;
import io.contextbus.propagation.PropagationMarks;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks for the owner of streams, where the commit itself is the durable record: a stream is dirty
 * while its last commitSequence is above the version last pushed ({@code cb_propagated}, one row per
 * stream). Nothing extra is written with an append; each durable append is announced, and
 * {@link #clear} records the pushed version (never lowering it). {@link #pending} reads the head of
 * every stream: a scan of the commits' (stream, sequence) index, done once at startup.
 */
final class SqliteStreamHeadMarks implements PropagationMarks {
    private static final Logger log = LoggerFactory.getLogger(SqliteStreamHeadMarks.class);
    private static final String TABLE = "CREATE TABLE IF NOT EXISTS cb_propagated (name TEXT NOT NULL,"
            + " stream_id TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (name, stream_id)) WITHOUT ROWID";
    private static final String PENDING = "SELECT c.stream_id, MAX(c.commit_sequence) AS head FROM cb_commits c"
            + " GROUP BY c.stream_id HAVING head > COALESCE((SELECT p.version FROM cb_propagated p"
            + " WHERE p.name = ? AND p.stream_id = c.stream_id), 0) ORDER BY c.stream_id";
    private static final String PUSHED = "INSERT INTO cb_propagated (name, stream_id, version) VALUES (?, ?, ?)"
            + " ON CONFLICT (name, stream_id) DO UPDATE SET version = MAX(version, excluded.version)";
    private static final String HEAD = "SELECT MAX(commit_sequence) FROM cb_commits WHERE stream_id = ?";

    private final SqliteDatabase db;
    private final String name;
    private final List<Consumer<DirtyMark>> listeners = new CopyOnWriteArrayList<>();

    SqliteStreamHeadMarks(SqliteDatabase db, String name) {
        this.db = db;
        this.name = name;
        db.write(tx -> {
            tx.execute(TABLE);
            return null;
        });
    }

    @Override
    public List<DirtyMark> pending() {
        return SqliteDirtyMarks.marks(db, PENDING, name);
    }

    @Override
    public boolean clear(DirtyMark pushed) {
        ValidationException.requireNonNull(pushed, "pushed");
        return db.write(tx -> {
            SqliteDirtyMarks.bind(tx.prepare(PUSHED), name, pushed).executeUpdate();
            PreparedStatement head = tx.prepare(HEAD);
            head.setString(1, pushed.entity());
            try (ResultSet rs = head.executeQuery()) {
                return rs.next() && rs.getLong(1) <= pushed.version();
            }
        });
    }

    @Override
    public AutoCloseable onMarked(Consumer<DirtyMark> listener) {
        ValidationException.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** A commit was appended, durably: its stream is dirty at its sequence. */
    void appended(Commit commit) {
        DirtyMark mark = new DirtyMark(commit.streamId().value(), commit.commitSequence());
        for (Consumer<DirtyMark> listener : listeners) {
            try {
                listener.accept(mark);
            } catch (RuntimeException e) {
                log.warn("event=stream-mark-listener-failed name={} stream={} error=\"{}\"", name, mark.entity(), e.toString());
            }
        }
    }
}
