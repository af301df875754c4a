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
    /**
     * 2 added {@code cb_inbox_hold} and {@code cb_inbox_skipped} (stream holds); 3 replaced the index
     * {@code cb_commits_by_stamp} with the table {@code cb_commit_seconds} (ADR 0045). An older file
     * gains what it lacks when opened for writing.
     */
    static final int VERSION = 3;

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
        // the first position of every second that has commits (for positionAt): one row a second
        // instead of an index entry per commit, so that an append writes one b-tree page fewer
        "CREATE TABLE IF NOT EXISTS cb_commit_seconds (second INTEGER PRIMARY KEY, position INTEGER NOT NULL)",
        "CREATE TRIGGER IF NOT EXISTS cb_commit_seconds_keep AFTER INSERT ON cb_commits BEGIN"
                + " INSERT OR IGNORE INTO cb_commit_seconds (second, position) VALUES (NEW.stamp_second, NEW.position);"
                + " END",
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
    };

    /**
     * From version 2 or 1 to 3: the commits written before fill {@code cb_commit_seconds} (the
     * trigger keeps it from now on).
     */
    private static final String[] TO_VERSION_3 = {
        "INSERT OR IGNORE INTO cb_commit_seconds (second, position)"
                + " SELECT stamp_second, MIN(position) FROM cb_commits GROUP BY stamp_second",
    };

    private static final String[] STAMP_VERSION = {
        // the index cb_commit_seconds replaced; at every open, since a writer of version 2 on the
        // same file (an older contextbus) creates it again
        "DROP INDEX IF EXISTS cb_commits_by_stamp",
        "INSERT OR IGNORE INTO cb_meta (key, value) VALUES ('schema_version', '" + VERSION + "')",
        // the tables above exist now, whatever version the file had
        "UPDATE cb_meta SET value = '" + VERSION + "' WHERE key = 'schema_version' AND CAST(value AS INTEGER) < " + VERSION,
    };

    private SqliteSchema() {
    }

    /** Creates what is missing and claims the file for {@code context} (run in a write transaction). */
    static void create(Connection c, ContextName context, Path file) throws SQLException {
        // 0: a new file (its commits table is empty, the migration costs nothing)
        int version = version(c);
        try (Statement s = c.createStatement()) {
            for (String ddl : DDL) {
                s.execute(ddl);
            }
            if (version < 3) {
                for (String ddl : TO_VERSION_3) {
                    s.execute(ddl);
                }
            }
            for (String ddl : STAMP_VERSION) {
                s.execute(ddl);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO cb_meta (key, value) VALUES ('context', ?)")) {
            ps.setString(1, context.value());
            ps.executeUpdate();
        }
        checkOwner(c, context, file);
    }

    /** The file's schema version; 0 when it has none yet (a new file). */
    static int version(Connection c) throws SQLException {
        if (!hasTable(c, "cb_meta")) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT CAST(value AS INTEGER) FROM cb_meta WHERE key = 'schema_version'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    static boolean hasTable(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
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
