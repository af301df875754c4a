package io.contextbus.inbox;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;

/**
 * What a held commit waits for: stream {@code streamId} of context {@code source} applied by this
 * consumer up to commit {@code upTo} (inclusive). Met once the consumer's inbox shows
 * {@code lastApplied(source, streamId) >= upTo}.
 */
public record Dependency(ContextName source, StreamId streamId, long upTo) {
    public Dependency {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        ValidationException.require(upTo >= 1, "upTo", "must be at least 1 but was " + upTo + ".");
    }

    /** Whether a stream applied up to {@code lastApplied} satisfies this dependency. */
    public boolean metBy(long lastApplied) {
        return lastApplied >= upTo;
    }

    @Override
    public String toString() {
        return source + "/" + streamId.value() + "@" + upTo;
    }
}
