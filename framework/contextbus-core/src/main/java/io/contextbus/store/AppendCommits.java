package io.contextbus.store;

import io.contextbus.error.ContextBusException;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import java.util.concurrent.CompletableFuture;

/**
 * Appends commits, durably, one stream at a time.
 */
public interface AppendCommits {
    /**
     * Appends the attempt atomically and durably; returns only once the commit survives a crash.
     *
     * @return the stored commit; if the stream already holds a commit with the attempt's commitId
     *         and commitSequence (a retry), that stored commit, and nothing is written
     * @throws io.contextbus.error.CommitIdReusedException when the stream holds the attempt's
     *         commitId at another commitSequence; nothing is written
     * @throws io.contextbus.error.ConcurrencyException when the stream does not end at
     *         {@code attempt.commitSequence() - 1}
     * @throws io.contextbus.error.ValidationException when the attempt is malformed (for example,
     *         an event's data is not JSON); nothing is written
     * @throws io.contextbus.error.CommitTooLargeException when the commit would not fit in one
     *         message; nothing is written
     * @throws io.contextbus.error.StoreException when the store failed; {@code isTransient()} says
     *         whether a retry can help
     */
    Commit append(CommitAttempt attempt);

    /**
     * Starts the same append without waiting for it: the future completes once the commit is as
     * durable as {@link #append} would have left it. A caller may keep several appends in flight
     * (also several commits of one stream, in sequence): a store that commits in groups then
     * shares one durable write among them, which a caller waiting for each append cannot do.
     *
     * <p>An attempt that is malformed or too large is refused at once, by throwing, as
     * {@link #append} does; the store's answer (a {@link io.contextbus.error.ConcurrencyException},
     * a {@link io.contextbus.error.CommitIdReusedException}, a
     * {@link io.contextbus.error.StoreException}) completes the future exceptionally with that very
     * exception, the one {@code append} would throw, not wrapped in a
     * {@link java.util.concurrent.CompletionException} (so {@code exceptionally} and
     * {@code handle} see it as it is; {@code join()} wraps it as it wraps everything). Appends
     * one thread starts are written in the order it started them, so when one fails, the later
     * commits of the same stream fail with a concurrency exception and nothing of theirs is
     * written. Continuations may run on the store's writer thread: do not block in them (use the
     * {@code *Async} variants for slow work).
     *
     * <p>This default runs {@link #append} on the calling thread and returns a completed future;
     * stores with a pipelined writer override it.
     */
    default CompletableFuture<Commit> appendAsync(CommitAttempt attempt) {
        try {
            return CompletableFuture.completedFuture(append(attempt));
        } catch (ValidationException e) {
            throw e;
        } catch (ContextBusException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
