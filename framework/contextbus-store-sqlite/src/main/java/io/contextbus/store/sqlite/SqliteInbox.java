package io.contextbus.store.sqlite;

import io.contextbus.codec.CommitCodec;
import io.contextbus.error.ValidationException;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.CommitApplier;
import io.contextbus.inbox.Gap;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The inbox in the consumer context's own database. A receive is one job of the group-commit
 * writer: the applier writes through the writer's connection inside the job's savepoint, so its
 * writes, the stash and the last-applied row commit together or roll back together. A commit the
 * applier does not apply rolls the job back to its savepoint (by a private exception that carries
 * the {@link InboxResult.RolledBack} out of the job) and is returned as that result.
 */
final class SqliteInbox implements Inbox<Connection> {
    private static final String LAST = "SELECT last_applied FROM cb_inbox WHERE source = ? AND stream_id = ?";
    private static final String SET_LAST = "INSERT INTO cb_inbox (source, stream_id, last_applied) VALUES (?, ?, ?)"
            + " ON CONFLICT (source, stream_id) DO UPDATE SET last_applied = excluded.last_applied";
    private static final String STASH = "INSERT OR IGNORE INTO cb_inbox_stash (source, stream_id, commit_sequence, body)"
            + " VALUES (?, ?, ?, ?)";
    private static final String STASHED_AT = "SELECT body FROM cb_inbox_stash"
            + " WHERE source = ? AND stream_id = ? AND commit_sequence = ?";
    private static final String LOWEST_STASHED = "SELECT MIN(commit_sequence) FROM cb_inbox_stash"
            + " WHERE source = ? AND stream_id = ? AND commit_sequence > ?";
    /** The last-applied sequence (0 if none) and whether anything of the stream is stashed, in one step. */
    private static final String STATE = "SELECT (SELECT last_applied FROM cb_inbox WHERE source = ?1 AND stream_id = ?2),"
            + " EXISTS (SELECT 1 FROM cb_inbox_stash WHERE source = ?1 AND stream_id = ?2)";
    private static final String DROP_APPLIED = "DELETE FROM cb_inbox_stash"
            + " WHERE source = ? AND stream_id = ? AND commit_sequence <= ?";
    private static final String ALL_STASHED = "SELECT body FROM cb_inbox_stash"
            + " WHERE source = ? AND stream_id = ? ORDER BY commit_sequence";

    private final SqliteDatabase db;

    SqliteInbox(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public InboxResult receive(ContextName source, Commit commit, CommitApplier<Connection> applier) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(commit, "commit");
        ValidationException.requireNonNull(applier, "applier");
        try {
            return db.apply(tx -> receiveIn(tx, source, commit, applier));
        } catch (RollBack r) {
            return r.result;
        }
    }

    @Override
    public CompletableFuture<InboxResult> receiveAsync(ContextName source, Commit commit, CommitApplier<Connection> applier) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(commit, "commit");
        ValidationException.requireNonNull(applier, "applier");
        try {
            // the writer runs jobs in the order they were queued: a stream's commits stay in order
            return db.applyAsync(tx -> receiveIn(tx, source, commit, applier)).exceptionallyCompose(e ->
                    (e instanceof CompletionException c ? c.getCause() : e) instanceof RollBack r
                            ? CompletableFuture.completedFuture(r.result) : CompletableFuture.failedFuture(e));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private InboxResult receiveIn(WriteTx tx, ContextName source, Commit commit, CommitApplier<Connection> applier)
            throws SQLException {
        StreamId stream = commit.streamId();
        long last;
        boolean anyStashed;
        try (ResultSet rs = keyed(tx.prepare(STATE), source, stream).executeQuery()) {
            rs.next();
            last = rs.getLong(1);
            anyStashed = rs.getBoolean(2);
        }
        long seq = commit.commitSequence();
        if (seq <= last) {
            return new InboxResult.Duplicate(last);
        }
        if (seq > last + 1) {
            PreparedStatement ps = keyed(tx.prepare(STASH), source, stream);
            ps.setLong(3, seq);
            ps.setBytes(4, CommitCodec.encode(source, commit));
            ps.executeUpdate();
            return new InboxResult.Stashed(gapAfter(tx, source, stream, last));
        }
        Connection guarded = tx.guarded();
        apply(applier, source, commit, guarded);
        if (!anyStashed) {
            // the common case: nothing waits behind this commit, so nothing to drain or drop
            setLast(tx, source, stream, seq);
            return new InboxResult.Applied(List.of(commit), Optional.empty());
        }
        List<Commit> applied = new ArrayList<>();
        applied.add(commit);
        for (Commit next = stashedAt(tx, source, stream, seq + 1); next != null;
                next = stashedAt(tx, source, stream, next.commitSequence() + 1)) {
            apply(applier, source, next, guarded);
            applied.add(next);
        }
        long newLast = applied.get(applied.size() - 1).commitSequence();
        setLast(tx, source, stream, newLast);
        PreparedStatement drop = keyed(tx.prepare(DROP_APPLIED), source, stream);
        drop.setLong(3, newLast);
        drop.executeUpdate();
        Optional<Gap> remaining = hasStash(tx, source, stream, newLast)
                ? Optional.of(gapAfter(tx, source, stream, newLast)) : Optional.empty();
        return new InboxResult.Applied(applied, remaining);
    }

    /** Runs the applier; a commit it does not apply ends the job, which rolls back to its savepoint. */
    private static void apply(CommitApplier<Connection> applier, ContextName source, Commit c, Connection tx) {
        if (CommitApplier.applyTo(applier, source, c, tx) instanceof ApplyOutcome.NotApplied notApplied) {
            throw new RollBack(new InboxResult.RolledBack(c, notApplied));
        }
    }

    /** Carries a {@link InboxResult.RolledBack} out of the writer's job, so that the job rolls back. */
    private static final class RollBack extends RuntimeException {
        final transient InboxResult.RolledBack result;

        RollBack(InboxResult.RolledBack result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    private static Commit stashedAt(WriteTx tx, ContextName source, StreamId stream, long seq) throws SQLException {
        PreparedStatement ps = keyed(tx.prepare(STASHED_AT), source, stream);
        ps.setLong(3, seq);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? CommitCodec.decode(rs.getBytes(1)).commit() : null;
        }
    }

    private static void setLast(WriteTx tx, ContextName source, StreamId stream, long last) throws SQLException {
        PreparedStatement set = keyed(tx.prepare(SET_LAST), source, stream);
        set.setLong(3, last);
        set.executeUpdate();
    }

    private static boolean hasStash(WriteTx tx, ContextName source, StreamId stream, long last) throws SQLException {
        return lowestStashed(tx, source, stream, last) > 0;
    }

    /** The first missing range: after {@code last} up to just before the lowest stashed commit. */
    private static Gap gapAfter(WriteTx tx, ContextName source, StreamId stream, long last) throws SQLException {
        return new Gap(source, stream, last + 1, lowestStashed(tx, source, stream, last) - 1);
    }

    private static long lowestStashed(WriteTx tx, ContextName source, StreamId stream, long last) throws SQLException {
        PreparedStatement ps = keyed(tx.prepare(LOWEST_STASHED), source, stream);
        ps.setLong(3, last);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    private static PreparedStatement keyed(PreparedStatement ps, ContextName source, StreamId stream) throws SQLException {
        ps.setString(1, source.value());
        ps.setString(2, stream.value());
        return ps;
    }

    @Override
    public long lastApplied(ContextName source, StreamId streamId) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        return db.read(c -> {
            try (PreparedStatement ps = keyed(c.prepareStatement(LAST), source, streamId);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public List<Commit> stashed(ContextName source, StreamId streamId) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        return db.read(c -> {
            List<Commit> commits = new ArrayList<>();
            try (PreparedStatement ps = keyed(c.prepareStatement(ALL_STASHED), source, streamId);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    commits.add(CommitCodec.decode(rs.getBytes(1)).commit());
                }
            }
            return commits;
        });
    }
}
