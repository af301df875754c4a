package io.contextbus.store.sqlite;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The store's tables, all prefixed {@code cb_} (the prefix is reserved; read models use others).
 * The commits table's INTEGER PRIMARY KEY is the global position the dispatcher reads by.
 */
final class SqliteSchema {
    /** 2 added {@code cb_inbox_hold} and {@code cb_inbox_skipped} (stream holds); a version 1 file gains them when opened. */
    static final int VERSION = 2;

    private static final String[] DDL = {
        "CREATE TABLE IF NOT EXISTS cb_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS cb_commits ("
                + " position INTEGER PRIMARY KEY,"
                + " stream_id TEXT NOT NULL,"
                + " commit_sequence INTEGER NOT NULL,"
                + " stream_revision INTEGER NOT NULL,"
                + " commit_id TEXT NOT NULL,"
                + " stamp_second INTEGER NOT NULL,"
                + " stamp_nano INTEGER NOT NULL,"
                + " headers TEXT NOT NULL,"
                + " events TEXT NOT NULL,"
                + " UNIQUE (stream_id, commit_sequence),"
                + " UNIQUE (stream_id, commit_id))",
        "CREATE INDEX IF NOT EXISTS cb_commits_by_stamp ON cb_commits (stamp_second)",
        "CREATE TABLE IF NOT EXISTS cb_snapshots ("
                + " stream_id TEXT NOT NULL, commit_sequence INTEGER NOT NULL, stream_revision INTEGER NOT NULL,"
                + " schema_version INTEGER NOT NULL, state TEXT NOT NULL,"
                + " PRIMARY KEY (stream_id, commit_sequence)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS cb_inbox ("
                + " source TEXT NOT NULL, stream_id TEXT NOT NULL, last_applied INTEGER NOT NULL,"
                + " PRIMARY KEY (source, stream_id)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS cb_inbox_stash ("
                + " source TEXT NOT NULL, stream_id TEXT NOT NULL, commit_sequence INTEGER NOT NULL, body BLOB NOT NULL,"
                + " PRIMARY KEY (source, stream_id, commit_sequence)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS cb_inbox_hold ("
                + " source TEXT NOT NULL, stream_id TEXT NOT NULL, commit_sequence INTEGER NOT NULL,"
                + " state TEXT NOT NULL, reason TEXT NOT NULL, attempts INTEGER NOT NULL, since_ms INTEGER NOT NULL,"
                + " dep_source TEXT, dep_stream TEXT, dep_up_to INTEGER, deadline_ms INTEGER,"
                + " PRIMARY KEY (source, stream_id)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS cb_inbox_skipped ("
                + " source TEXT NOT NULL, stream_id TEXT NOT NULL, commit_sequence INTEGER NOT NULL,"
                + " skipped_by TEXT NOT NULL, why TEXT NOT NULL, at_ms INTEGER NOT NULL,"
                + " PRIMARY KEY (source, stream_id, commit_sequence)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS cb_dispatch_lease ("
                + " id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, epoch INTEGER NOT NULL,"
                + " expires_at INTEGER NOT NULL, released INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS cb_dispatch_checkpoint ("
                + " id INTEGER PRIMARY KEY CHECK (id = 1), position TEXT NOT NULL)",
        "INSERT OR IGNORE INTO cb_dispatch_checkpoint (id, position) VALUES (1, '')",
        "INSERT OR IGNORE INTO cb_meta (key, value) VALUES ('schema_version', '" + VERSION + "')",
        // migration: the tables above exist now, whatever version the file had
        "UPDATE cb_meta SET value = '" + VERSION + "' WHERE key = 'schema_version' AND CAST(value AS INTEGER) < " + VERSION,
    };

    private SqliteSchema() {
    }

    /** Creates what is missing and claims the file for {@code context} (run in a write transaction). */
    static void create(Connection c, ContextName context, Path file) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : DDL) {
                s.execute(ddl);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO cb_meta (key, value) VALUES ('context', ?)")) {
            ps.setString(1, context.value());
            ps.executeUpdate();
        }
        checkOwner(c, context, file);
    }

    /** Refuses to use another context's file: one database file per context. */
    static void checkOwner(Connection c, ContextName context, Path file) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM cb_meta WHERE key = 'context'");
             ResultSet rs = ps.executeQuery()) {
            String owner = rs.next() ? rs.getString(1) : null;
            ValidationException.require(context.value().equals(owner), "context", "is '" + context
                    + "' but the store at " + file + " belongs to context '" + owner + "'.");
        }
    }
}
