package io.contextbus.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.error.ValidationException;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.propagation.DebouncedPropagation;
import io.contextbus.propagation.DirtyMark;
import io.contextbus.propagation.DirtyMarks;
import io.contextbus.propagation.PropagationMarks;
import io.contextbus.propagation.PropagationOptions;
import io.contextbus.testkit.Await;
import io.contextbus.testkit.MovableClock;
import io.contextbus.testkit.TestCommits;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debounced propagation on a SQLite store: the consumer's handler writes a read-model row and the
 * entity's dirty mark in the inbox transaction; a crash after that commit and before the sink call
 * (here: the propagation and the store closed, the file reopened) is followed, at the next start, by
 * exactly the pushes that were pending, each with the entity's latest state read from the store. The
 * marks themselves are held to the kit's {@code DirtyMarksContract} by {@link SqliteDirtyMarksIT}.
 */
class SqlitePropagationIT {
    private static final ContextName SOURCE = ContextName.of("ordering");
    private static final ContextName CONSUMER = ContextName.of("shipping");
    private static final PropagationOptions OPTIONS = PropagationOptions.DEFAULT
            .withQuietPeriod(Duration.ofMinutes(10)).withMaxWait(Duration.ofHours(1))
            .withPollInterval(Duration.ofMillis(10));

    @TempDir
    Path dir;
    private final MovableClock clock = new MovableClock();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private SqliteEventStore store;
    private DirtyMarks<Connection> marks;
    private DebouncedPropagation<String> propagation;

    @AfterEach
    void close() {
        if (propagation != null) {
            propagation.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private void open() {
        store = SqliteEventStore.open(dir, CONSUMER);
        store.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS test_status (entity TEXT PRIMARY KEY, status TEXT NOT NULL)");
            }
            return null;
        });
        marks = store.dirtyMarks("carrier");
    }

    private void startPropagation() {
        propagation = DebouncedPropagation.builder("carrier", marks, this::status,
                (entity, version, status) -> calls.add(entity + "@" + version + "=" + status))
                .options(OPTIONS).clock(clock).build().start();
    }

    private Optional<String> status(String entity) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT status FROM test_status WHERE entity = ?")) {
                ps.setString(1, entity);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** The handler: the entity's status row and its dirty mark, in the inbox transaction. */
    private void receive(String entity, long sequence) {
        Commit commit = TestCommits.commit(entity, sequence);
        store.inbox().receive(SOURCE, commit, (source, c, tx) -> {
            try (PreparedStatement ps = tx.prepareStatement("INSERT INTO test_status (entity, status) VALUES (?, ?)"
                    + " ON CONFLICT (entity) DO UPDATE SET status = excluded.status")) {
                ps.setString(1, entity);
                ps.setString(2, "status-" + sequence);
                ps.executeUpdate();
            }
            marks.mark(tx, entity, sequence);
            return ApplyOutcome.APPLIED;
        });
    }

    @Test
    @DisplayName("a crash after the local commit and before the sink call: the restarted store pushes exactly what was pending")
    void pending_pushes_survive_a_restart() {
        open();
        startPropagation();
        receive("pushed", 1);
        clock.advance(Duration.ofMinutes(11));
        Await.until(() -> calls.size() == 1 && propagation.isIdle(), Duration.ofSeconds(60), "'pushed' pushed");

        for (long seq = 1; seq <= 5; seq++) {
            receive("a", seq);
        }
        receive("b", 1);
        receive("b", 2);
        receive("c", 1);
        assertEquals(List.of(new DirtyMark("a", 5), new DirtyMark("b", 2), new DirtyMark("c", 1)), marks.pending());

        // the process goes away before the quiet period ended: nothing of a, b, c reached the sink
        propagation.close();
        store.close();
        assertEquals(List.of("pushed@1=status-1"), calls);

        open();
        startPropagation();
        Await.until(() -> propagation.isIdle(), Duration.ofSeconds(60), "the pending pushes after the restart");
        assertEquals(List.of("a@5=status-5", "b@2=status-2", "c@1=status-1"),
                calls.subList(1, calls.size()).stream().sorted().toList(), "exactly the pending pushes, latest states");
        assertEquals(List.of(), marks.pending());
    }

    @Test
    @DisplayName("the owner of streams: the commit is the record; pushes after a restart are exactly the streams not pushed to their head")
    void stream_marks_survive_a_restart() {
        store = SqliteEventStore.open(dir, CONSUMER);
        PropagationMarks streams = store.streamMarks("carrier");
        propagation = ownerPropagation(streams);
        store.append(TestCommits.attempt(StreamId.of("pushed"), 1));
        clock.advance(Duration.ofMinutes(11));
        Await.until(() -> calls.size() == 1 && propagation.isIdle(), Duration.ofSeconds(60), "'pushed' pushed");

        store.append(TestCommits.attempt(StreamId.of("a"), 1));
        store.append(TestCommits.attempt(StreamId.of("a"), 2));
        store.append(TestCommits.attempt(StreamId.of("b"), 1));
        assertEquals(List.of(new DirtyMark("a", 2), new DirtyMark("b", 1)), streams.pending());
        propagation.close();
        store.close();

        store = SqliteEventStore.open(dir, CONSUMER);
        propagation = ownerPropagation(store.streamMarks("carrier"));
        Await.until(() -> propagation.isIdle(), Duration.ofSeconds(60), "the pending streams pushed");
        assertEquals("pushed@1=head-1", calls.get(0));
        assertEquals(List.of("a@2=head-2", "b@1=head-1"), calls.subList(1, calls.size()).stream().sorted().toList(),
                "exactly the streams not pushed to their head, at their head");
        assertEquals(List.of(), store.streamMarks("carrier").pending());
    }

    private DebouncedPropagation<String> ownerPropagation(PropagationMarks streams) {
        return DebouncedPropagation.builder("carrier", streams,
                        stream -> Optional.of("head-" + store.lastCommitSequence(StreamId.of(stream))),
                        (String entity, long version, String state) -> calls.add(entity + "@" + version + "=" + state))
                .options(OPTIONS).clock(clock).build().start();
    }

    @Test
    @DisplayName("bad arguments name the field")
    void bad_arguments() {
        open();
        assertEquals("'transaction' cannot be null.", assertThrows(ValidationException.class,
                () -> marks.mark(null, "a", 1)).getMessage());
        assertEquals("'name' cannot be blank.", assertThrows(ValidationException.class,
                () -> store.dirtyMarks(" ")).getMessage());
    }
}
