package io.contextbus.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.ConcurrencyException;
import io.contextbus.error.StoreException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.testkit.TestCommits;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

class SqliteErrorsTest {
    private static final Path FILE = Path.of("ctx.db");

    @Test
    void busyAndLockedAreTransient() {
        for (SQLiteErrorCode code : new SQLiteErrorCode[] {SQLiteErrorCode.SQLITE_BUSY, SQLiteErrorCode.SQLITE_LOCKED,
                SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT}) {
            SQLiteException cause = new SQLiteException("busy", code);
            StoreException e = SqliteErrors.translate(cause, "Appending", FILE);
            assertTrue(e.isTransient(), code.name());
            assertSame(cause, e.getCause());
            assertTrue(e.getMessage().contains("ctx.db") && e.getMessage().contains("Appending"), e.getMessage());
        }
    }

    @Test
    void otherFailuresAreNotTransient() {
        assertFalse(SqliteErrors.translate(new SQLiteException("full", SQLiteErrorCode.SQLITE_FULL), "Writing", FILE)
                .isTransient());
        assertFalse(SqliteErrors.translate(new SQLiteException("ro", SQLiteErrorCode.SQLITE_READONLY), "Writing", FILE)
                .isTransient());
    }

    @Test
    void constraintViolationsAreRecognisedWithExtendedCodes() {
        assertTrue(SqliteErrors.isConstraintViolation(
                new SQLiteException("dup", SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)));
        assertTrue(SqliteErrors.isConstraintViolation(
                new SQLiteException("pk", SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)));
        assertFalse(SqliteErrors.isConstraintViolation(new SQLiteException("busy", SQLiteErrorCode.SQLITE_BUSY)));
    }

    @Test
    void aUniqueViolationOnAppendIsADuplicateOrAConflict() {
        CommitAttempt attempt = TestCommits.attempt(TestCommits.newStreamId("s"), 3);
        Commit stored = attempt.toCommit();
        assertSame(stored, SqliteErrors.duplicateOrConflict(attempt, stored, 3));
        ConcurrencyException e = assertThrows(ConcurrencyException.class,
                () -> SqliteErrors.duplicateOrConflict(attempt, null, 5));
        assertEquals(2, e.expectedCommitSequence());
        assertEquals(5, e.actualCommitSequence());
    }

    @Test
    void readOnlyRefusalSaysHowToWrite() {
        StoreException e = SqliteErrors.readOnly("Appending", FILE);
        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains("read-only") && e.getMessage().contains("SqliteEventStore.open"));
    }
}
