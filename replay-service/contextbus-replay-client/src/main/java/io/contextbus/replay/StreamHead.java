package io.contextbus.replay;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;

/**
 * The last commitSequence of one stream that a replay resends: a consumer has applied everything
 * the replay brings for this stream once its inbox's last applied sequence reaches it.
 */
public record StreamHead(ContextName source, StreamId streamId, long lastSequence) {
    public StreamHead {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        ValidationException.require(lastSequence >= 1, "lastSequence", "must be at least 1 but was " + lastSequence + ".");
    }
}
