package io.contextbus.handler;

import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Where an event handed to an {@link EventHandler} comes from: the source context, the commit (stream,
 * sequence, id, stamp, headers), the event's position and raw form in it, and the consumer store's
 * transaction through which the handler writes (committed with the inbox update, or rolled back).
 *
 * @param <T> the consumer store's transaction handle
 */
public record EventContext<T>(ContextName source, Commit commit, int eventIndex, T transaction) {

    public StreamId streamId() {
        return commit.streamId();
    }

    public long commitSequence() {
        return commit.commitSequence();
    }

    public UUID commitId() {
        return commit.commitId();
    }

    public Instant commitStamp() {
        return commit.commitStamp();
    }

    public Map<String, String> headers() {
        return commit.headers();
    }

    /** The event as it was stored: type, schema version, JSON data, metadata. */
    public EventMessage message() {
        return commit.events().get(eventIndex);
    }
}
