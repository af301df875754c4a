package io.contextbus.inbox;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.time.Instant;

/**
 * A commit an operator skipped: the inbox counts it as applied without running the handlers, and
 * keeps this record of who skipped it, why and when.
 */
public record SkippedCommit(ContextName source, StreamId streamId, long commitSequence, String by, String why, Instant at) {
    public SkippedCommit {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        ValidationException.require(commitSequence >= 1, "commitSequence", "must be at least 1 but was " + commitSequence + ".");
        ValidationException.requireNonNull(by, "by");
        ValidationException.require(!by.isBlank(), "by", "cannot be blank.");
        ValidationException.requireNonNull(why, "why");
        ValidationException.require(!why.isBlank(), "why", "cannot be blank.");
        ValidationException.requireNonNull(at, "at");
    }
}
