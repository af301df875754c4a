package io.contextbus.store.sqlite;

import io.contextbus.codec.CommitCodec;
import io.contextbus.error.ValidationException;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.CommitApplier;
import io.contextbus.inbox.Gap;
import io.contextbus.inbox.Holds;
import io.contextbus.inbox.SkippedCommit;
import io.contextbus.inbox.StreamHold;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The inbox in the consumer context's own database. A receive is one job of the group-commit
 * writer: the applier writes through the writer's connection inside the job's savepoint, so its
 * writes, the stash, the hold and the last-applied row commit together or roll back together. Each
 * commit runs in a nested savepoint: one whose outcome holds the stream rolls back alone and is
 * stashed under its row in {@code cb_inbox_hold}; any other commit the applier does not apply rolls
 * the job back to its savepoint (by a private exception that carries the
 * {@link InboxResult.RolledBack} out of the job) and is returned as that result.
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
    /** The last-applied sequence (0 if none), whether anything of the stream is stashed, and whether it is held. */
    private static final String STATE = "SELECT (SELECT last_applied FROM cb_inbox WHERE source = ?1 AND stream_id = ?2),"
            + " EXISTS (SELECT 1 FROM cb_inbox_stash WHERE source = ?1 AND stream_id = ?2),"
            + " EXISTS (SELECT 1 FROM cb_inbox_hold WHERE source = ?1 AND stream_id = ?2)";
    private static final String DROP_APPLIED = "DELETE FROM cb_inbox_stash"
            + " WHERE source = ? AND stream_id = ? AND commit_sequence <= ?";
    private static final String DROP_ALL = "DELETE FROM cb_inbox_stash WHERE source = ? AND stream_id = ?";
    private static final String HIGHEST_STASHED = "SELECT COALESCE(MAX(commit_sequence), 0) FROM cb_inbox_stash"
            + " WHERE source = ? AND stream_id = ?";
    private static final String ALL_STASHED = "SELECT body FROM cb_inbox_stash"
            + " WHERE source = ? AND stream_id = ? ORDER BY commit_sequence";

    private final SqliteDatabase db;
    private final Clock clock;

    SqliteInbox(SqliteDatabase db) {
        this(db, Clock.systemUTC());
    }

    SqliteInbox(SqliteDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
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
        boolean held;
        try (ResultSet rs = keyed(tx.prepare(STATE), source, stream).executeQuery()) {
            rs.next();
            last = rs.getLong(1);
            anyStashed = rs.getBoolean(2);
            held = rs.getBoolean(3);
        }
        long seq = commit.commitSequence();
        if (seq <= last) {
            return new InboxResult.Duplicate(last);
        }
        if (held) {
            stash(tx, source, commit);
            return new InboxResult.Behind(SqliteHolds.get(tx, source, stream).orElseThrow());
        }
        if (seq > last + 1) {
            stash(tx, source, commit);
            return new InboxResult.Stashed(gapAfter(tx, source, stream, last));
        }
        return applyFrom(tx, source, commit, applier, last, anyStashed, Optional.empty(), false);
    }

    /**
     * Applies {@code first} (unless {@code skipFirst}: an operator skipped it) and then every stashed
     * commit that has become next, each in a savepoint of its own: a commit whose outcome holds the
     * stream rolls back alone and is kept under its hold while the ones before it stay applied; any
     * other outcome ends the job, which rolls everything back.
     */
    private InboxResult applyFrom(WriteTx tx, ContextName source, Commit first, CommitApplier<Connection> applier,
                                  long last, boolean anyStashed, Optional<StreamHold> previous, boolean skipFirst)
            throws SQLException {
        StreamId stream = first.streamId();
        Connection guarded = tx.guarded();
        List<Commit> applied = new ArrayList<>();
        long newLast = last;
        for (Commit next = first; next != null;
                next = anyStashed ? stashedAt(tx, source, stream, newLast + 1) : null) {
            if (!(skipFirst && next == first)) {
                tx.execute("SAVEPOINT cb_commit");
                ApplyOutcome outcome = CommitApplier.applyTo(applier, source, next, guarded);
                if (outcome instanceof ApplyOutcome.NotApplied notApplied) {
                    tx.execute("ROLLBACK TO cb_commit");
                    tx.execute("RELEASE cb_commit");
                    if (!notApplied.holdsStream()) {
                        throw new RollBack(new InboxResult.RolledBack(next, notApplied));
                    }
                    return hold(tx, source, next, notApplied, previous, applied, last, newLast);
                }
                tx.execute("RELEASE cb_commit");
                applied.add(next);
            }
            newLast = next.commitSequence();
        }
        progress(tx, source, stream, last, newLast, anyStashed);
        if (previous.isPresent()) {
            SqliteHolds.delete(tx, source, stream);
        }
        Optional<Gap> remaining = anyStashed && hasStash(tx, source, stream, newLast)
                ? Optional.of(gapAfter(tx, source, stream, newLast)) : Optional.empty();
        return new InboxResult.Applied(applied, remaining);
    }

    private InboxResult hold(WriteTx tx, ContextName source, Commit at, ApplyOutcome.NotApplied outcome,
                             Optional<StreamHold> previous, List<Commit> applied, long last, long newLast)
            throws SQLException {
        progress(tx, source, at.streamId(), last, newLast, true);
        stash(tx, source, at);
        StreamHold hold = Holds.after(previous, source, at, outcome, clock.instant());
        SqliteHolds.put(tx, hold);
        return new InboxResult.Held(hold, outcome, applied);
    }

    /** Moves the stream's last applied sequence to {@code newLast} and drops what is stashed up to it. */
    private static void progress(WriteTx tx, ContextName source, StreamId stream, long last, long newLast,
                                 boolean anyStashed) throws SQLException {
        if (newLast == last) {
            return;
        }
        setLast(tx, source, stream, newLast);
        if (anyStashed) {
            PreparedStatement drop = keyed(tx.prepare(DROP_APPLIED), source, stream);
            drop.setLong(3, newLast);
            drop.executeUpdate();
        }
    }

    private static void stash(WriteTx tx, ContextName source, Commit commit) throws SQLException {
        PreparedStatement ps = keyed(tx.prepare(STASH), source, commit.streamId());
        ps.setLong(3, commit.commitSequence());
        ps.setBytes(4, CommitCodec.encode(source, commit));
        ps.executeUpdate();
    }

    @Override
    public InboxResult retryHold(ContextName source, StreamId streamId, CommitApplier<Connection> applier) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        ValidationException.requireNonNull(applier, "applier");
        return onHold(source, streamId, (tx, hold, last) -> applyFrom(tx, source,
                stashedAt(tx, source, streamId, hold.commitSequence()), applier, last, true, Optional.of(hold), false));
    }

    @Override
    public InboxResult skipHold(SkippedCommit skip, CommitApplier<Connection> applier) {
        ValidationException.requireNonNull(skip, "skip");
        ValidationException.requireNonNull(applier, "applier");
        return onHold(skip.source(), skip.streamId(), (tx, hold, last) -> {
            ValidationException.require(hold.commitSequence() == skip.commitSequence(), "skip", "names commit "
                    + skip.commitSequence() + " but the stream is held at " + hold.key() + ".");
            SqliteHolds.recordSkip(tx, skip);
            return applyFrom(tx, skip.source(), stashedAt(tx, skip.source(), skip.streamId(), hold.commitSequence()),
                    applier, last, true, Optional.of(hold), true);
        });
    }

    @Override
    public Optional<Gap> dropHold(ContextName source, StreamId streamId) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        return db.write(tx -> {
            Optional<StreamHold> hold = SqliteHolds.get(tx, source, streamId);
            if (hold.isEmpty()) {
                return Optional.<Gap>empty();
            }
            long highest = Math.max(hold.get().commitSequence(), highestStashed(tx, source, streamId));
            PreparedStatement drop = keyed(tx.prepare(DROP_ALL), source, streamId);
            drop.executeUpdate();
            SqliteHolds.delete(tx, source, streamId);
            return Optional.of(new Gap(source, streamId, hold.get().commitSequence(), highest));
        });
    }

    private static long highestStashed(WriteTx tx, ContextName source, StreamId stream) throws SQLException {
        try (ResultSet rs = keyed(tx.prepare(HIGHEST_STASHED), source, stream).executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    /** What to do with a held stream, inside the writer's job. */
    @FunctionalInterface
    private interface HoldWork {
        InboxResult run(WriteTx tx, StreamHold hold, long last) throws SQLException;
    }

    private InboxResult onHold(ContextName source, StreamId stream, HoldWork work) {
        try {
            return db.write(tx -> {
                long last;
                try (ResultSet rs = keyed(tx.prepare(STATE), source, stream).executeQuery()) {
                    rs.next();
                    last = rs.getLong(1);
                }
                Optional<StreamHold> hold = SqliteHolds.get(tx, source, stream);
                return hold.isEmpty() ? new InboxResult.Duplicate(last) : work.run(tx, hold.get(), last);
            });
        } catch (RollBack r) {
            return r.result;
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

    @Override
    public Optional<StreamHold> hold(ContextName source, StreamId streamId) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        return db.read(c -> SqliteHolds.get(c, source, streamId));
    }

    @Override
    public List<StreamHold> holds() {
        return db.read(SqliteHolds::all);
    }

    @Override
    public List<SkippedCommit> skipped() {
        return db.read(SqliteHolds::skipped);
    }
}
