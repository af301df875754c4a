package io.contextbus.inbox;

import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A consumer's inbox, kept in the consumer's own store: per (source context, stream) the last
 * applied commitSequence and the commits stashed because they arrived ahead of a gap.
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
     *   <li>next in sequence: the applier runs, then every stashed commit that has become next runs
     *       too, all with the inbox update in the same transaction, {@link InboxResult.Applied};</li>
     *   <li>the applier returns an outcome other than {@link ApplyOutcome#APPLIED} for any of those
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

    /** The stashed commits of the stream from {@code source}, in commitSequence order. */
    List<Commit> stashed(ContextName source, StreamId streamId);
}
