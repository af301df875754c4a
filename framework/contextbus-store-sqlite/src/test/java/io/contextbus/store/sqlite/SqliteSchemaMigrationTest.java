package io.contextbus.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.testkit.TestCommits;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by an earlier version migrates when opened: schema version 1 (before stream
 * holds) gains the hold tables, keeps its inbox; version 2 moves its stamp index to
 * {@code cb_commit_seconds}; both say version 3 afterwards.
 */
@DisplayName("SQLite schema migration")
class SqliteSchemaMigrationTest {
    private static final ContextName SHIPPING = ContextName.of("shipping");
    private static final ContextName ORDERING = ContextName.of("ordering");

    @TempDir
    Path dir;

    @Test
    @DisplayName("a version 1 file gains the hold tables, keeps its inbox, and parks streams after opening")
    void versionOneMigrates() throws Exception {
        StreamId stream = TestCommits.newStreamId("migrated");
        Path file;
        try (SqliteEventStore store = SqliteEventStore.open(dir, SHIPPING)) {
            store.inbox().receive(ORDERING, TestCommits.commit(stream, 1), (s, c, tx) -> ApplyOutcome.APPLIED);
            file = store.file();
        }
        // what a version 1 file looks like: no hold tables
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("DROP TABLE cb_inbox_hold");
            s.execute("DROP TABLE cb_inbox_skipped");
            s.execute("UPDATE cb_meta SET value = '1' WHERE key = 'schema_version'");
        }

        try (SqliteEventStore store = SqliteEventStore.open(dir, SHIPPING)) {
            Inbox<Connection> inbox = store.inbox();
            assertEquals(1, inbox.lastApplied(ORDERING, stream), "the inbox is kept");
            InboxResult parked = inbox.receive(ORDERING, TestCommits.commit(stream, 2), (s, c, tx) ->
                    ApplyOutcome.reject(ApplyOutcome.Refusal.REJECTED, "poison"));
            assertInstanceOf(InboxResult.Held.class, parked);
            assertEquals(1, inbox.holds().size());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM cb_meta WHERE key = 'schema_version'")) {
            rs.next();
            assertEquals(String.valueOf(SqliteSchema.VERSION), rs.getString(1));
            assertEquals(3, SqliteSchema.VERSION);
        }
    }

    @Test
    @DisplayName("a version 2 file: read-only, positionAt reads its stamp index; opened for writing, its commits"
            + " fill cb_commit_seconds, the index goes, and positionAt gives the same positions")
    void versionTwoMovesTheStampIndexToCommitSeconds() throws Exception {
        StreamId stream = TestCommits.newStreamId("stamped");
        Instant t0 = Instant.parse("2026-12-07T10:00:00.250Z");
        // positions 1..6 stamped at t0, t0, t0+1s, t0+3s, t0+3s, and one stamped before t0 (a clock set back)
        Instant[] stamps = {t0, t0.plusMillis(500), t0.plusSeconds(1), t0.plusSeconds(3), t0.plusSeconds(3).plusMillis(1),
                t0.minusSeconds(5)};
        SqliteStoreOptions options = SqliteStoreOptions.DEFAULT.withDirectory(dir);
        Path file;
        try (SqliteEventStore store = SqliteEventStore.open(options, SHIPPING)) {
            for (int i = 0; i < stamps.length; i++) {
                store.append(TestCommits.attempt(stream, i + 1, stamps[i]));
            }
            file = store.file();
        }
        // what a version 2 file looks like: the stamp index, no cb_commit_seconds
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER cb_commit_seconds_keep");
            s.execute("DROP TABLE cb_commit_seconds");
            s.execute("CREATE INDEX cb_commits_by_stamp ON cb_commits (stamp_second)");
            s.execute("UPDATE cb_meta SET value = '2' WHERE key = 'schema_version'");
        }
        Instant[] asked = {t0.minusSeconds(60), t0.minusSeconds(5), t0, t0.plusSeconds(1), t0.plusSeconds(2),
                t0.plusSeconds(3), t0.plusSeconds(4)};
        // the position just before the first commit stamped in that second or later; the end when none is
        long[] expected = {0, 0, 0, 2, 3, 3, 6};

        try (SqliteEventStore readOnly = SqliteEventStore.openReadOnly(options, SHIPPING)) {
            assertPositions(readOnly, asked, expected, "read-only, not migrated");
        }
        assertFalse(hasTable(file, "cb_commit_seconds"), "a read-only open does not migrate");

        try (SqliteEventStore store = SqliteEventStore.open(options, SHIPPING)) {
            assertPositions(store, asked, expected, "migrated");
            store.append(TestCommits.attempt(stream, 7, t0.plusSeconds(10)));
            assertEquals(Position.of(6), store.positionAt(t0.plusSeconds(10)), "the trigger keeps the table after the migration");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE name = 'cb_commits_by_stamp'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "the stamp index is dropped");
            }
            try (ResultSet rs = s.executeQuery("SELECT second, position FROM cb_commit_seconds ORDER BY second")) {
                StringBuilder rows = new StringBuilder();
                while (rs.next()) {
                    rows.append(rs.getLong(1) - t0.getEpochSecond()).append('=').append(rs.getLong(2)).append(' ');
                }
                assertEquals("-5=6 0=1 1=3 3=4 10=7 ", rows.toString(), "one row per second: its first position");
            }
            try (ResultSet rs = s.executeQuery("SELECT value FROM cb_meta WHERE key = 'schema_version'")) {
                rs.next();
                assertEquals("3", rs.getString(1));
            }
            // a writer of version 2 (an older contextbus) opening the file creates its index again
            s.execute("CREATE INDEX IF NOT EXISTS cb_commits_by_stamp ON cb_commits (stamp_second)");
        }
        try (SqliteEventStore store = SqliteEventStore.open(options, SHIPPING)) {
            assertPositions(store, asked, expected, "reopened");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE name = 'cb_commits_by_stamp'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the index an older writer created again is dropped at the next open");
        }
    }

    private static void assertPositions(SqliteEventStore store, Instant[] asked, long[] expected, String what) {
        for (int i = 0; i < asked.length; i++) {
            assertEquals(Position.of(expected[i]), store.positionAt(asked[i]), what + ": positionAt(" + asked[i] + ")");
        }
    }

    private static boolean hasTable(Path file, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            return SqliteSchema.hasTable(c, table);
        }
    }
}
