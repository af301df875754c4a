package io.contextbus.error;

import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.StreamId;
import java.util.UUID;

/**
 * The attempt's commitId already belongs to another commit of the stream: a different
 * commitSequence. A commitId is the idempotency key of one commit, so the store neither writes the
 * attempt nor answers with the other commit. Retrying cannot help: to retry a commit, re-append the
 * same attempt; to write a new commit, give it a new commitId. A commitId is scoped to its stream
 * (the stores check it inside the stream's partition); the same commitId in another stream is
 * another commit.
 */
public class CommitIdReusedException extends ContextBusException {
    private final StreamId streamId;
    private final UUID commitId;
    private final long attemptedCommitSequence;
    private final long storedCommitSequence;

    public CommitIdReusedException(StreamId streamId, UUID commitId, long attemptedCommitSequence,
                                   long storedCommitSequence) {
        super("Stream '" + streamId.value() + "' refused commitSequence " + attemptedCommitSequence + ": its commitId "
                + commitId + " already belongs to commitSequence " + storedCommitSequence + " of this stream."
                + " A commitId identifies one commit: re-append the same attempt to retry it, give a new commit a"
                + " new commitId (UUID.randomUUID()).", false);
        this.streamId = streamId;
        this.commitId = commitId;
        this.attemptedCommitSequence = attemptedCommitSequence;
        this.storedCommitSequence = storedCommitSequence;
    }

    public StreamId streamId() {
        return streamId;
    }

    public UUID commitId() {
        return commitId;
    }

    /** The commitSequence of the refused attempt. */
    public long attemptedCommitSequence() {
        return attemptedCommitSequence;
    }

    /** The commitSequence of the stored commit that holds the commitId. */
    public long storedCommitSequence() {
        return storedCommitSequence;
    }

    /**
     * The answer to an attempt whose commitId the stream already holds in {@code stored}: the
     * stored commit when it has the attempt's commitSequence (an idempotent retry), else this
     * exception. Every store calls it, so they all answer alike.
     */
    public static Commit storedOrRefused(CommitAttempt attempt, Commit stored) {
        if (attempt.commitSequence() != stored.commitSequence()) {
            throw new CommitIdReusedException(attempt.streamId(), attempt.commitId(), attempt.commitSequence(),
                    stored.commitSequence());
        }
        return stored;
    }
}
