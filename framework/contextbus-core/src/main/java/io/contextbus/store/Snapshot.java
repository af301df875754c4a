package io.contextbus.store;

import io.contextbus.error.ValidationException;
import io.contextbus.model.StreamId;

/**
 * An aggregate's state folded up to and including {@code commitSequence} of its stream, as JSON
 * written with {@code schemaVersion}.
 */
public record Snapshot(StreamId streamId, long commitSequence, long streamRevision, int schemaVersion, String state) {
    public Snapshot {
        ValidationException.requireNonNull(streamId, "streamId");
        ValidationException.require(commitSequence >= 1, "commitSequence",
                "must be at least 1 but was " + commitSequence + ".");
        ValidationException.require(streamRevision >= commitSequence, "streamRevision",
                "must be at least commitSequence (" + commitSequence + ") but was " + streamRevision + ".");
        ValidationException.require(schemaVersion >= 1, "schemaVersion",
                "must be at least 1 but was " + schemaVersion + ".");
        ValidationException.requireNonNull(state, "state");
    }
}
