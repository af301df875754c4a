package io.contextbus.error;

import io.contextbus.model.StreamId;

/**
 * The store refused commitSequence {@link #refusedCommitSequence()} because the stream does not end
 * just before it: another writer appended first (the stream ends later than the caller thought) or
 * the attempt would leave a gap (the stream ends earlier). Retrying the same attempt cannot help;
 * reload the stream, decide again, and append {@link #nextCommitSequence()}. The message says all
 * three: the refused sequence, where the stream ends, and what to append.
 */
public class ConcurrencyException extends ContextBusException {
    private final StreamId streamId;
    private final long expectedCommitSequence;
    private final long actualCommitSequence;

    public ConcurrencyException(StreamId streamId, long expectedCommitSequence, long actualCommitSequence) {
        super(message(streamId, expectedCommitSequence, actualCommitSequence), false);
        this.streamId = streamId;
        this.expectedCommitSequence = expectedCommitSequence;
        this.actualCommitSequence = actualCommitSequence;
    }

    private static String message(StreamId streamId, long expected, long actual) {
        long refused = expected + 1;
        String why;
        if (actual > expected) {
            why = "the stream already ends at commitSequence " + actual + " (another writer appended first)";
        } else if (actual < expected) {
            why = "the stream ends at commitSequence " + actual + ", so " + refused + " would leave a gap";
        } else {
            why = "the stream ends at commitSequence " + actual;
        }
        return "Stream '" + streamId.value() + "' refused commitSequence " + refused + ": " + why
                + ". Reload the stream (lastCommitSequence is " + actual + "), decide again and append commitSequence "
                + (actual + 1) + ".";
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

    /** The commitSequence of the refused attempt. */
    public long refusedCommitSequence() {
        return expectedCommitSequence + 1;
    }

    /** The commitSequence the next attempt, decided on the reloaded stream, must carry. */
    public long nextCommitSequence() {
        return actualCommitSequence + 1;
    }
}
