package io.contextbus.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.model.ContextName;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each job of the group-commit writer (an append, an inbox receive, a {@code write}) runs exactly
 * once, however many groups follow it, and the commit listeners have run when its caller returns.
 */
@DisplayName("SQLite write jobs run once")
class SqliteWriteJobsRunOnceTest {
    @TempDir
    Path dir;
    private SqliteEventStore store;

    @BeforeEach
    void open() {
        store = SqliteEventStore.open(dir, ContextName.of("shipping"));
        store.write(c -> {
            try (Statement s = c.createStatement()) {
                return s.execute("CREATE TABLE IF NOT EXISTS runs (n INTEGER)");
            }
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    private int insert(AtomicInteger ran) {
        return store.write(c -> {
            ran.incrementAndGet();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (n) VALUES (1)")) {
                return ps.executeUpdate();
            }
        });
    }

    private int rows() {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM runs"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    @DisplayName("three writes one after another run three times and leave three rows")
    void eachWriteRunsOnce() {
        AtomicInteger ran = new AtomicInteger();

        for (int i = 0; i < 3; i++) {
            insert(ran);
        }

        assertEquals(3, ran.get(), "jobs run");
        assertEquals(3, rows(), "rows written");
    }

    @Test
    @DisplayName("a commit listener has run when the write's caller returns")
    void commitListenersRunBeforeTheCallerReturns() throws Exception {
        AtomicInteger commits = new AtomicInteger();
        try (AutoCloseable listener = store.onCommit(commits::incrementAndGet)) {
            insert(new AtomicInteger());
            assertEquals(1, commits.get());
            insert(new AtomicInteger());
            assertEquals(2, commits.get());
        }
    }
}
