package io.contextbus.store.sqlite;

import static io.contextbus.testkit.TestCommits.attempt;
import static io.contextbus.testkit.TestCommits.withNewCommitId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.error.ConcurrencyException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The append checks of the SQLite store, fast enough for mutation testing (the store conformance kit
 * also runs crash checks in child JVMs): the next commitSequence appends and is visible, a stale or
 * gapped one fails with a {@link ConcurrencyException} naming both sequences and writes nothing, and
 * the same commitId again returns the stored commit.
 */
@DisplayName("SQLite append conflicts")
class SqliteAppendConflictTest {
    private static final StreamId STREAM = StreamId.of("order-1");

    @TempDir
    Path dir;
    private SqliteEventStore store;

    @BeforeEach
    void open() {
        store = SqliteEventStore.open(dir, ContextName.of("ordering"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    @DisplayName("commits 1, 2 and 3 append in turn and read back in order")
    void nextSequencesAppend() {
        List<Commit> appended = List.of(store.append(attempt(STREAM, 1)), store.append(attempt(STREAM, 2)),
                store.append(attempt(STREAM, 3)));

        assertEquals(appended, store.readStream(STREAM, 1, 3));
        assertEquals(3, store.lastCommitSequence(STREAM));
        assertEquals(appended, store.readAll(Position.BEGINNING, 10).commits());
    }

    @Test
    @DisplayName("the same commitSequence with another commitId is refused naming expected and actual, and writes nothing")
    void aStaleAttemptIsRefused() {
        CommitAttempt first = attempt(STREAM, 1);
        Commit stored = store.append(first);

        ConcurrencyException e = assertThrows(ConcurrencyException.class, () -> store.append(withNewCommitId(first)));

        assertEquals(STREAM, e.streamId());
        assertEquals(0, e.expectedCommitSequence());
        assertEquals(1, e.actualCommitSequence());
        assertEquals(List.of(stored), store.readStream(STREAM, 1, 10));
    }

    @Test
    @DisplayName("an attempt leaving a gap is refused and writes nothing")
    void aGapIsRefused() {
        store.append(attempt(STREAM, 1));

        ConcurrencyException e = assertThrows(ConcurrencyException.class, () -> store.append(attempt(STREAM, 3)));

        assertEquals(2, e.expectedCommitSequence());
        assertEquals(1, e.actualCommitSequence());
        assertEquals(1, store.lastCommitSequence(STREAM));
        assertEquals(1, store.readAll(Position.BEGINNING, 10).commits().size());
    }

    @Test
    @DisplayName("a first commit other than 1 is refused")
    void aFirstCommitAboveOneIsRefused() {
        ConcurrencyException e = assertThrows(ConcurrencyException.class, () -> store.append(attempt(STREAM, 2)));

        assertEquals(1, e.expectedCommitSequence());
        assertEquals(0, e.actualCommitSequence());
        assertEquals(List.of(), store.readStream(STREAM, 1, 10));
    }

    @Test
    @DisplayName("the same commitId again returns the stored commit, also after later commits, and writes nothing")
    void theSameCommitIdIsIdempotent() {
        CommitAttempt first = attempt(STREAM, 1);
        Commit stored = store.append(first);
        store.append(attempt(STREAM, 2));

        assertEquals(stored, store.append(first));
        assertEquals(2, store.readAll(Position.BEGINNING, 10).commits().size());
    }

    @Test
    @DisplayName("streams are independent: each starts at 1")
    void streamsAreIndependent() {
        StreamId other = StreamId.of("order-2");
        store.append(attempt(STREAM, 1));
        store.append(attempt(STREAM, 2));

        assertEquals(1, store.append(attempt(other, 1)).commitSequence());
        assertEquals(1, store.lastCommitSequence(other));
        assertEquals(2, store.lastCommitSequence(STREAM));
    }
}
