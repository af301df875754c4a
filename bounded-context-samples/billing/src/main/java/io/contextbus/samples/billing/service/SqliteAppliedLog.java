package io.contextbus.samples.billing.service;

import io.contextbus.handler.CommitContext;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The applied log on SQLite: the table {@code billing_applied_log}, written through the inbox
 * transaction, holds every commit applied, once, in apply order.
 */
final class SqliteAppliedLog extends AppliedLog<Connection> {
    private final SqliteEventStore store;

    SqliteAppliedLog(SqliteEventStore store) {
        this.store = store;
        store.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS billing_applied_log (n INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " source TEXT NOT NULL, stream TEXT NOT NULL, seq INTEGER NOT NULL)");
            }
            return null;
        });
    }

    @Override
    void record(CommitContext<Connection> commit) throws SQLException {
        try (PreparedStatement p = commit.transaction().prepareStatement(
                "INSERT INTO billing_applied_log (source, stream, seq) VALUES (?, ?, ?)")) {
            p.setString(1, commit.source().value());
            p.setString(2, commit.commit().streamId().value());
            p.setLong(3, commit.commit().commitSequence());
            p.executeUpdate();
        }
    }

    @Override
    List<List<Object>> read(long after, int max) {
        return store.read(c -> {
            List<List<Object>> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT n, source, stream, seq FROM billing_applied_log WHERE n > ? ORDER BY n LIMIT ?")) {
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

    @Override
    long applied() {
        return store.read(c -> {
            try (ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM billing_applied_log")) {
                return r.next() ? r.getLong(1) : 0L;
            }
        });
    }
}
