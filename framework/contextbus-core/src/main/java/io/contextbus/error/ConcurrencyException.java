package io.contextbus.error;

import io.contextbus.model.StreamId;

/**
 * Another writer appended to the stream first: the caller expected the stream to end at
 * {@code expectedCommitSequence} but it ends at {@code actualCommitSequence}. Retrying the same
 * attempt cannot help; reload the stream, decide again, and append the next sequence.
 */
public class ConcurrencyException extends ContextBusException {
    private final StreamId streamId;
    private final long expectedCommitSequence;
    private final long actualCommitSequence;

    public ConcurrencyException(StreamId streamId, long expectedCommitSequence, long actualCommitSequence) {
        super("Stream '" + streamId.value() + "' was expected at commitSequence " + expectedCommitSequence
                + " but is at " + actualCommitSequence + ".", false);
        this.streamId = streamId;
        this.expectedCommitSequence = expectedCommitSequence;
        this.actualCommitSequence = actualCommitSequence;
    }

    public StreamId streamId() {
        return streamId;
    }

    /** The last commitSequence the caller believed the stream had (attempt's sequence - 1). */
    public long expectedCommitSequence() {
        return expectedCommitSequence;
    }

    /** The last commitSequence the stream really has. */
    public long actualCommitSequence() {
        return actualCommitSequence;
    }
}
