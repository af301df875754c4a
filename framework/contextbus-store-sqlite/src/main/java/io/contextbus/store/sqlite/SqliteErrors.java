package io.contextbus.store.sqlite;

import io.contextbus.error.CommitIdReusedException;
import io.contextbus.error.ConcurrencyException;
import io.contextbus.error.StoreException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/**
 * The one place where SQLite driver errors become contextbus exceptions: busy/locked databases are
 * transient {@link StoreException}s, constraint violations are recognised so that the append path
 * can report them as a concurrency conflict or a duplicate, everything else is a non-transient
 * {@link StoreException} naming the operation and the file.
 */
final class SqliteErrors {
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_CONSTRAINT = 19;
    private static final int SQLITE_PROTOCOL = 15;

    private SqliteErrors() {
    }

    static StoreException translate(SQLException e, String operation, Path file) {
        int primary = primaryCode(e);
        boolean transientFailure = primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_PROTOCOL;
        String hint = switch (primary) {
            case SQLITE_BUSY, SQLITE_LOCKED -> " (another process held the write lock longer than the busy timeout; retry)";
            case SQLITE_READONLY -> " (the database file or its directory is read-only)";
            default -> "";
        };
        return new StoreException(operation + " failed on " + file + ": " + e.getMessage() + hint, transientFailure, e);
    }

    /** A UNIQUE / PRIMARY KEY violation: another writer stored the same key first. */
    static boolean isConstraintViolation(SQLException e) {
        return primaryCode(e) == SQLITE_CONSTRAINT;
    }

    /**
     * What a UNIQUE violation on append means: the commitId is stored already (a duplicate; the
     * stored commit is the answer, or a CommitIdReusedException when it has another sequence), or
     * another writer took the sequence (a conflict).
     */
    static Commit duplicateOrConflict(CommitAttempt attempt, Commit storedWithSameCommitId, long actualLastSequence) {
        if (storedWithSameCommitId != null) {
            return CommitIdReusedException.storedOrRefused(attempt, storedWithSameCommitId);
        }
        throw new ConcurrencyException(attempt.streamId(), attempt.expectedPreviousSequence(), actualLastSequence);
    }

    static StoreException readOnly(String operation, Path file) {
        return new StoreException(operation + " refused: the store at " + file
                + " was opened read-only (SqliteEventStore.openReadOnly); open it with SqliteEventStore.open to write.",
                false, null);
    }

    static StoreException closed(Path file) {
        return new StoreException("The store at " + file + " is closed.", false, null);
    }

    private static int primaryCode(SQLException e) {
        int code = e instanceof SQLiteException s ? s.getResultCode().code : e.getErrorCode();
        return code & 0xff;
    }
}
