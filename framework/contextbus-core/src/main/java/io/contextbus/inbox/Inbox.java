package io.contextbus.inbox;

import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A consumer's inbox, kept in the consumer's own store: per (source context, stream) the last
 * applied commitSequence, the commits stashed because they arrived ahead of a gap or behind a hold,
 * and the stream's {@link StreamHold} when it is parked or waiting at a commit.
 *
 * <p>Guarantee: each (source, stream, commitSequence) is applied at most once and in order; the
 * applier's writes and the inbox update commit in one transaction of the consumer's store.
 *
 * @param <T> the store's transaction handle that the applier writes through (a JDBC connection for
 *            SQLite, a transactional batch for Cosmos DB)
 */
public interface Inbox<T> {
    /**
     * Receives a commit from {@code source}, in one transaction:
     * <ul>
     *   <li>already applied (commitSequence &lt;= last applied): nothing happens, {@link InboxResult.Duplicate};</li>
     *   <li>ahead of a gap: the commit is stashed (once, however often it arrives),
     *       {@link InboxResult.Stashed} with the missing range;</li>
     *   <li>the stream is held (parked or waiting): the commit is stashed behind the hold (once),
     *       {@link InboxResult.Behind}; the held commit itself is not tried again here;</li>
     *   <li>next in sequence: the applier runs, then every stashed commit that has become next runs
     *       too, all with the inbox update in the same transaction, {@link InboxResult.Applied};</li>
     *   <li>the applier returns an outcome that holds the stream
     *       ({@link ApplyOutcome.NotApplied#holdsStream()}: a reject, a non-retryable failure, a
     *       "not yet") for any of those commits: that commit's writes roll back, it is stashed under a
     *       new {@link StreamHold} (parked, or waiting for its dependency until its time limit), and
     *       the commits applied before it in this receive stay applied, {@link InboxResult.Held};</li>
     *   <li>the applier returns another outcome other than {@link ApplyOutcome#APPLIED} for any of those
     *       commits, or throws (run it through {@link CommitApplier#applyTo}, which turns that into
     *       {@link ApplyOutcome#failed}): the transaction rolls back entirely (no write of the applier,
     *       no inbox change, the stash as it was) and the draining stops,
     *       {@link InboxResult.RolledBack} with that commit and outcome.</li>
     * </ul>
     *
     * @throws io.contextbus.error.ContextBusException only when the inbox's own store fails (transient
     *         when a retry may succeed); never for what the applier did
     */
    InboxResult receive(ContextName source, Commit commit, CommitApplier<T> applier);

    /**
     * {@link #receive} without waiting: the future completes with its result once the transaction
     * is durable (or rolled back), or fails with what {@code receive} would have thrown. Receives queued one after
     * another from one thread run in that order, so a caller may queue a stream's next commit before
     * the previous one's future completed (the consumer does this to keep a session busy while the
     * store commits). The default runs {@code receive} at once on the calling thread; a store that
     * commits on a thread of its own (SQLite's group-commit writer) overrides it.
     *
     * @throws io.contextbus.error.ValidationException at once, naming it, when an argument is null
     */
    default CompletableFuture<InboxResult> receiveAsync(ContextName source, Commit commit, CommitApplier<T> applier) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(commit, "commit");
        ValidationException.requireNonNull(applier, "applier");
        try {
            return CompletableFuture.completedFuture(receive(source, commit, applier));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The last applied commitSequence of the stream from {@code source}; 0 if none. */
    long lastApplied(ContextName source, StreamId streamId);

    /** The stashed commits of the stream from {@code source}, in commitSequence order (a held commit included). */
    List<Commit> stashed(ContextName source, StreamId streamId);

    /** The hold of the stream from {@code source}, if it is parked or waiting. */
    Optional<StreamHold> hold(ContextName source, StreamId streamId);

    /** Every held stream of this inbox (parked and waiting), oldest first: what operators and status pages list. */
    List<StreamHold> holds();

    /**
     * Tries the held commit of the stream again (an operator's retry after a fix, or a dependency
     * met), then drains the commits stashed behind it, in one transaction, like {@link #receive}:
     * {@link InboxResult.Applied} (the hold is gone), {@link InboxResult.Held} (held again, the
     * attempt counted; a commit still "not yet" after its hold's deadline parks instead),
     * {@link InboxResult.RolledBack} (a retryable failure; the hold stays as it was). A stream that
     * is not held gives {@link InboxResult.Duplicate} with its last applied sequence.
     */
    InboxResult retryHold(ContextName source, StreamId streamId, CommitApplier<T> applier);

    /**
     * Counts the held commit as applied without running the applier for it, records {@code skip}
     * (who, why, when; its sequence must be the held one), then drains the commits stashed behind it
     * like {@link #retryHold}.
     *
     * @throws io.contextbus.error.ValidationException naming {@code skip} when the stream is not held
     *         at {@code skip.commitSequence()}
     */
    InboxResult skipHold(SkippedCommit skip, CommitApplier<T> applier);

    /**
     * Removes the stream's hold and every commit stashed for it, and returns the range they covered
     * (the held sequence up to the highest stashed one): what an operator asks the replay service to
     * resend, so that the source's copies are applied afresh. Empty when the stream is not held.
     */
    Optional<Gap> dropHold(ContextName source, StreamId streamId);

    /** The commits operators skipped in this inbox, oldest first. */
    List<SkippedCommit> skipped();
}
