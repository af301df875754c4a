package io.contextbus.aggregate;

import io.contextbus.error.ValidationException;
import io.contextbus.model.StreamId;

/**
 * An aggregate's state as of {@code commitSequence} of its stream (0: the stream has no commits),
 * with the stream's {@code streamRevision} there. What {@link AggregateRepository#load} returns and
 * what {@link AggregateRepository#save} appends after.
 *
 * @param <S> the state
 */
public record AggregateState<S>(StreamId streamId, long commitSequence, long streamRevision, S state) {
    public AggregateState {
        ValidationException.requireNonNull(streamId, "streamId");
        ValidationException.require(commitSequence >= 0, "commitSequence",
                "must be at least 0 but was " + commitSequence + ".");
        ValidationException.require(streamRevision >= commitSequence, "streamRevision",
                "must be at least commitSequence (" + commitSequence + ") but was " + streamRevision + ".");
        ValidationException.requireNonNull(state, "state");
    }

    /** The state of a stream with no commits. */
    public static <S> AggregateState<S> empty(StreamId streamId, S initialState) {
        return new AggregateState<>(streamId, 0, 0, initialState);
    }

    /** The commitSequence the next commit of this stream must carry. */
    public long nextCommitSequence() {
        return commitSequence + 1;
    }
}
