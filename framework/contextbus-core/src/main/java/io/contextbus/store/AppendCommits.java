package io.contextbus.store;

import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;

/**
 * Appends commits, durably, one stream at a time.
 */
public interface AppendCommits {
    /**
     * Appends the attempt atomically and durably; returns only once the commit survives a crash.
     *
     * @return the stored commit; if the stream already holds a commit with the attempt's commitId,
     *         that stored commit, and nothing is written
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
}
