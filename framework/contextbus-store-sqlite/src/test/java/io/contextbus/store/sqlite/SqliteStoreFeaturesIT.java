package io.contextbus.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.StoreException;
import io.contextbus.error.ValidationException;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.testkit.CommitAssertions;
import io.contextbus.testkit.TestCommits;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SQLite store features beyond the kit")
class SqliteStoreFeaturesIT {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final ContextName SHIPPING = ContextName.of("shipping");

    private SqliteStoreOptions options;
    private SqliteEventStore store;

    @BeforeEach
    void open() {
        options = SqliteStoreOptions.DEFAULT.withDirectory(Path.of("target", "sqlite-it", UUID.randomUUID().toString()));
        store = SqliteEventStore.open(options, SHIPPING);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    @DisplayName("a read-only store reads what the writer appends and refuses every write with a clear exception")
    void readOnlyMode() {
        StreamId stream = TestCommits.newStreamId("ro");
        Commit first = store.append(TestCommits.attempt(stream, 1));

        try (SqliteEventStore readOnly = SqliteEventStore.openReadOnly(options, SHIPPING)) {
            store.append(TestCommits.attempt(stream, 2));

            assertTrue(readOnly.isReadOnly());
            assertEquals(first, readOnly.readStream(stream, 1, 1).get(0));
            assertEquals(2, CommitAssertions.readEverything(readOnly, 10).size(), "sees appends made after it opened");
            StoreException e = assertThrows(StoreException.class, () -> readOnly.append(TestCommits.attempt(stream, 3)));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            assertFalse(e.isTransient());
            assertThrows(StoreException.class, () -> readOnly.inbox().receive(ORDERING, TestCommits.commit(stream, 1), (s, c, tx) -> ApplyOutcome.APPLIED));
            assertThrows(StoreException.class, () -> readOnly.checkpoints().tryAcquireLease("d", Duration.ofSeconds(5)));
            assertThrows(StoreException.class, () -> readOnly.write(c -> null));
            assertThrows(StoreException.class, () -> readOnly.onCommit(() -> { }));
            assertEquals(2, store.lastCommitSequence(stream), "nothing was written through the read-only store");
        }
    }

    @Test
    @DisplayName("commit listeners run after each durable commit, see it through read(), and cannot break a write")
    void commitListeners() throws Exception {
        store.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE rm_rows (n INTEGER)");
            }
            return null;
        });
        List<Long> seen = new CopyOnWriteArrayList<>();
        store.onCommit(() -> {
            throw new IllegalStateException("a listener bug");
        });
        AutoCloseable subscription = store.onCommit(() -> seen.add(store.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM rm_rows")) {
                r.next();
                return r.getLong(1);
            }
        })));
        for (long rows = 1; rows <= 3; rows++) {
            store.write(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO rm_rows VALUES (1)");
                }
                return null;
            });
            assertEquals(rows, seen.get(seen.size() - 1), "ran before write() returned, and saw the new row");
        }
        int before = seen.size();
        store.append(TestCommits.attempt(TestCommits.newStreamId("listened"), 1));
        assertEquals(before + 1, seen.size(), "an append's commit is announced too");
        subscription.close();
        store.write(c -> null);
        assertEquals(before + 1, seen.size(), "a closed subscription hears nothing more");
        assertThrows(ValidationException.class, () -> store.onCommit(null));
    }

    @Test
    @DisplayName("opening read-only where no store exists fails, naming the file")
    void readOnlyNeedsAStore() {
        StoreException e = assertThrows(StoreException.class, () -> SqliteEventStore.openReadOnly(options, ORDERING));
        assertTrue(e.getMessage().contains("ordering.db"), e.getMessage());
    }

    @Test
    @DisplayName("each context has its own file; a file claimed by another context is refused")
    void oneFilePerContext() throws Exception {
        assertEquals(options.fileFor(SHIPPING).toAbsolutePath(), store.file());
        store.close(); // checkpoints the WAL into the file, so that a copy of the file is complete
        java.nio.file.Files.copy(store.file(), options.fileFor(ORDERING));
        ValidationException e = assertThrows(ValidationException.class, () -> SqliteEventStore.open(options, ORDERING));
        assertEquals("context", e.field());
    }

    @Test
    @DisplayName("a read model's table is created with write(), filled by the inbox applier and queried with read()")
    void readModelsLiveInTheSameDatabase() {
        store.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS order_count (stream_id TEXT PRIMARY KEY, n INTEGER NOT NULL)");
            }
            return null;
        });
        StreamId order = TestCommits.newStreamId("order");

        for (int seq = 1; seq <= 3; seq++) {
            store.inbox().receive(ORDERING, TestCommits.commit(order, seq), (source, commit, tx) -> {
                try (PreparedStatement ps = tx.prepareStatement("INSERT INTO order_count (stream_id, n) VALUES (?, 1)"
                        + " ON CONFLICT (stream_id) DO UPDATE SET n = n + 1")) {
                    ps.setString(1, commit.streamId().value());
                    ps.executeUpdate();
                }
                return ApplyOutcome.APPLIED;
            });
        }

        long count = store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT n FROM order_count WHERE stream_id = ?")) {
                ps.setString(1, order.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : -1L;
                }
            }
        });
        assertEquals(3, count);
    }

    @Test
    @DisplayName("an applier may not end the store's transaction nor append through the store; the receive rolls back")
    void applierCannotEscapeTheTransaction() {
        StreamId stream = TestCommits.newStreamId("escape");

        InboxResult commit = store.inbox().receive(ORDERING, TestCommits.commit(stream, 1), (s, c, tx) -> {
            tx.commit();
            return ApplyOutcome.APPLIED;
        });
        InboxResult append = store.inbox().receive(ORDERING, TestCommits.commit(stream, 1), (s, c, tx) -> {
            store.append(TestCommits.attempt(stream, 1));
            return ApplyOutcome.APPLIED;
        });

        assertInstanceOf(SQLException.class, failureOf(commit));
        assertInstanceOf(IllegalStateException.class, failureOf(append));
        assertEquals(0, store.inbox().lastApplied(ORDERING, stream));
        assertEquals(0, store.lastCommitSequence(stream));
        assertInstanceOf(InboxResult.Applied.class,
                store.inbox().receive(ORDERING, TestCommits.commit(stream, 1), (s, c, tx) -> ApplyOutcome.APPLIED));
    }

    @Test
    @DisplayName("a failing write() rolls back entirely and leaves the store usable")
    void failingWriteRollsBack() {
        assertThrows(StoreException.class, () -> store.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE half_done (x INTEGER)");
                s.execute("INSERT INTO no_such_table VALUES (1)");
            }
            return null;
        }));
        boolean exists = store.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT 1 FROM sqlite_master WHERE name = 'half_done'")) {
                return rs.next();
            }
        });
        assertFalse(exists, "the table created before the failure was rolled back");
        assertEquals(List.of(), store.readStream(TestCommits.newStreamId("any"), 1));
        store.append(TestCommits.attempt(TestCommits.newStreamId("after"), 1));
    }

    /** The cause of a receive the applier's exception rolled back. */
    private static Throwable failureOf(InboxResult result) {
        InboxResult.RolledBack rolledBack = assertInstanceOf(InboxResult.RolledBack.class, result);
        return assertInstanceOf(ApplyOutcome.Failed.class, rolledBack.outcome()).cause();
    }
}
