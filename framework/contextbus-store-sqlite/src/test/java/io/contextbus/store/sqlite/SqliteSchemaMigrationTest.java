package io.contextbus.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.testkit.TestCommits;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by an earlier version migrates when opened: schema version 1 (before stream
 * holds) gains the hold tables, keeps its inbox, and says version 2.
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
            assertEquals(2, SqliteSchema.VERSION);
        }
    }
}
