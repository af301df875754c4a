package io.contextbus.inbox;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;

/**
 * Commits {@code fromSequence..toSequence} (inclusive) of a source stream that a consumer has not
 * received while it holds later ones: what a targeted replay must resend.
 */
public record Gap(ContextName source, StreamId streamId, long fromSequence, long toSequence) {
    public Gap {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        ValidationException.require(fromSequence >= 1, "fromSequence", "must be at least 1 but was " + fromSequence + ".");
        ValidationException.require(toSequence >= fromSequence, "toSequence",
                "must be at least fromSequence (" + fromSequence + ") but was " + toSequence + ".");
    }
}
