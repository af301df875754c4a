package io.contextbus.store.sqlite;

import io.contextbus.codec.CommitCodec;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.CommitPage;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SQL of the commits table: the append (idempotency and sequence checks run inside the write
 * transaction, so no other writer can slip in between check and insert) and the reads.
 */
final class CommitTable {
    private static final String COLUMNS =
            "position, stream_id, commit_sequence, stream_revision, commit_id, stamp_second, stamp_nano, headers, events";
    private static final String BY_COMMIT_ID =
            "SELECT " + COLUMNS + " FROM cb_commits WHERE stream_id = ? AND commit_id = ?";
    private static final String LAST_SEQUENCE =
            "SELECT MAX(commit_sequence) FROM cb_commits WHERE stream_id = ?";
    /**
     * The append in one statement: inserts only when the attempt follows the stream's last commit
     * (its first commit, or commit {@code sequence - 1} exists; the unique index on
     * {@code (stream_id, commit_sequence)} refuses a second one with the same sequence, the one on
     * {@code (stream_id, commit_id)} a reused commitId). No row inserted, or a refused one, is looked
     * at afterwards to tell a duplicate from a conflict.
     */
    private static final String INSERT_NEXT = "INSERT INTO cb_commits (stream_id, commit_sequence, stream_revision,"
            + " commit_id, stamp_second, stamp_nano, headers, events) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8"
            + " WHERE ?2 = 1 OR EXISTS (SELECT 1 FROM cb_commits WHERE stream_id = ?1 AND commit_sequence = ?2 - 1)";
    private static final String STREAM_RANGE = "SELECT " + COLUMNS + " FROM cb_commits"
            + " WHERE stream_id = ? AND commit_sequence BETWEEN ? AND ? ORDER BY commit_sequence";
    private static final String PAGE =
            "SELECT " + COLUMNS + " FROM cb_commits WHERE position > ? ORDER BY position LIMIT ?";

    private CommitTable() {
    }

    /** An attempt with its JSON columns encoded by the caller's thread, off the writer thread. */
    record Encoded(CommitAttempt attempt, String headers, String events) {
        /** {@code events}: the attempt's events as {@code CommitLimits.checkAndEncodeEvents} returned them. */
        static Encoded of(CommitAttempt attempt, String events) {
            return new Encoded(attempt, HeadersJson.encode(attempt.headers()), events);
        }
    }

    /** The stored commit, and whether this append wrote it (false: the commitId was there already). */
    record Appended(Commit commit, boolean written) {
    }

    static Appended append(WriteTx tx, Encoded e) throws SQLException {
        CommitAttempt a = e.attempt();
        try {
            if (insertNext(tx.prepare(INSERT_NEXT), e) == 1) {
                return new Appended(a.toCommit(), true);
            }
        } catch (SQLException ex) {
            if (!SqliteErrors.isConstraintViolation(ex)) {
                throw ex;
            }
            // SQLite undid the refused statement alone; the transaction goes on
        }
        // not written: the commitId is stored already (a retry), or the stream does not end at
        // the expected sequence (a conflict)
        Commit stored = byCommitId(tx, a.streamId(), a.commitId());
        return new Appended(SqliteErrors.duplicateOrConflict(a, stored, lastSequence(tx, a.streamId())), false);
    }

    static long lastSequence(WriteTx tx, StreamId stream) throws SQLException {
        return lastSequence(tx.prepare(LAST_SEQUENCE), stream);
    }

    private static Commit byCommitId(WriteTx tx, StreamId stream, UUID commitId) throws SQLException {
        PreparedStatement ps = tx.prepare(BY_COMMIT_ID);
        ps.setString(1, stream.value());
        ps.setString(2, commitId.toString());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? map(rs) : null;
        }
    }

    private static int insertNext(PreparedStatement ps, Encoded e) throws SQLException {
        CommitAttempt a = e.attempt();
        ps.setString(1, a.streamId().value());
        ps.setLong(2, a.commitSequence());
        ps.setLong(3, a.streamRevision());
        ps.setString(4, a.commitId().toString());
        ps.setLong(5, a.commitStamp().getEpochSecond());
        ps.setInt(6, a.commitStamp().getNano());
        ps.setString(7, e.headers());
        ps.setString(8, e.events());
        return ps.executeUpdate();
    }

    static long lastSequence(Connection c, StreamId stream) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LAST_SEQUENCE)) {
            return lastSequence(ps, stream);
        }
    }

    private static long lastSequence(PreparedStatement ps, StreamId stream) throws SQLException {
        ps.setString(1, stream.value());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    static List<Commit> readStream(Connection c, StreamId stream, long from, long to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(STREAM_RANGE)) {
            ps.setString(1, stream.value());
            ps.setLong(2, from);
            ps.setLong(3, to);
            List<Commit> commits = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    commits.add(map(rs));
                }
            }
            return commits;
        }
    }

    static CommitPage readAll(Connection c, Position after, int maxCount) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PAGE)) {
            ps.setLong(1, after.asLong());
            ps.setInt(2, maxCount);
            List<Commit> commits = new ArrayList<>(Math.min(maxCount, 1024));
            long last = after.asLong();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    last = rs.getLong(1);
                    commits.add(map(rs));
                }
            }
            return new CommitPage(commits, commits.isEmpty() ? after : Position.of(last));
        }
    }

    /**
     * The position just before the first commit stamped in {@code time}'s second or later (so a
     * few commits of that second stamped before {@code time} may follow); the end when none is.
     * Reads {@code cb_commit_seconds}; a file of schema 2 or older opened read-only (not migrated)
     * has no such table and is searched through its stamp index as before.
     */
    static Position positionAt(Connection c, Instant time) throws SQLException {
        String first = SqliteSchema.hasTable(c, "cb_commit_seconds")
                ? "SELECT MIN(position) - 1 FROM cb_commit_seconds WHERE second >= ?"
                : "SELECT MIN(position) - 1 FROM cb_commits WHERE stamp_second >= ?";
        try (PreparedStatement ps = c.prepareStatement(first)) {
            ps.setLong(1, time.getEpochSecond());
            try (ResultSet rs = ps.executeQuery()) {
                long p = rs.next() ? rs.getLong(1) : 0L;
                if (!rs.wasNull()) {
                    return Position.of(p);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(position), 0) FROM cb_commits");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Position.of(rs.getLong(1));
        }
    }

    private static Commit map(ResultSet rs) throws SQLException {
        return new Commit(
                StreamId.of(rs.getString(2)),
                rs.getLong(3),
                rs.getLong(4),
                UUID.fromString(rs.getString(5)),
                Instant.ofEpochSecond(rs.getLong(6), rs.getInt(7)),
                HeadersJson.decode(rs.getString(8)),
                CommitCodec.decodeEvents(rs.getString(9)));
    }
}
