package io.contextbus.replay;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import java.time.Instant;
import java.util.List;

/**
 * One page of a source's stream heads, read from its store from a position on: for each stream that
 * has a commit in the page, the last commitSequence the page holds of it (its head as of
 * {@code next}) and that commit's stamp, in store order of the streams' first commit in the page.
 * {@code next} is where the following page starts; {@code end} says the store has nothing after it
 * yet. A reader that keeps {@code next} reads only what changed since (the reconciler does).
 */
public record SourceHeads(ContextName source, List<Head> heads, Position next, boolean end) {
    public SourceHeads {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(next, "next");
        heads = List.copyOf(ValidationException.requireNonNull(heads, "heads"));
    }

    /** A stream's last commitSequence in the page and the stamp of that commit. */
    public record Head(StreamId streamId, long lastSequence, Instant stamp) {
        public Head {
            ValidationException.requireNonNull(streamId, "streamId");
            ValidationException.requireNonNull(stamp, "stamp");
            ValidationException.require(lastSequence >= 1, "lastSequence", "must be at least 1 but was " + lastSequence + ".");
        }
    }
}
