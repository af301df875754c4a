package io.contextbus.samples.runtime;

import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The applied log on SQLite: the table {@code sample_applied_log} (n, source, stream, seq), n in
 * apply order, written through the inbox transaction.
 */
final class SqliteAppliedLog implements AppliedLog<Connection> {
    private final SqliteEventStore store;

    SqliteAppliedLog(SqliteEventStore store) {
        this.store = store;
        store.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS sample_applied_log (n INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " source TEXT NOT NULL, stream TEXT NOT NULL, seq INTEGER NOT NULL)");
            }
            return null;
        });
    }

    @Override
    public void record(Connection tx, ContextName source, Commit commit) throws SQLException {
        try (PreparedStatement p = tx.prepareStatement("INSERT INTO sample_applied_log (source, stream, seq) VALUES (?, ?, ?)")) {
            p.setString(1, source.value());
            p.setString(2, commit.streamId().value());
            p.setLong(3, commit.commitSequence());
            p.executeUpdate();
        }
    }

    @Override
    public List<List<Object>> read(long after, int max) {
        return store.read(c -> {
            List<List<Object>> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT n, source, stream, seq FROM sample_applied_log WHERE n > ? ORDER BY n LIMIT ?")) {
                p.setLong(1, after);
                p.setInt(2, max);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(List.of(r.getLong(1), r.getString(2), r.getString(3), r.getLong(4)));
                    }
                }
            }
            return out;
        });
    }
}
