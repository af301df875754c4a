package io.contextbus.model;

import io.contextbus.error.ValidationException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A durable commit: what one command appended atomically to one stream (NEventStore's model).
 * {@code commitSequence} runs 1, 2, 3... per stream with no gaps; {@code streamRevision} is the
 * number of events in the stream after this commit. Immutable.
 */
public record Commit(
        StreamId streamId,
        long commitSequence,
        long streamRevision,
        UUID commitId,
        Instant commitStamp,
        Map<String, String> headers,
        List<EventMessage> events) {

    /** The commit header that becomes the Service Bus message's CorrelationId. */
    public static final String CORRELATION_ID_HEADER = "correlationId";

    public Commit {
        ValidationException.requireNonNull(streamId, "streamId");
        ValidationException.require(commitSequence >= 1, "commitSequence",
                "must be at least 1 but was " + commitSequence + ".");
        ValidationException.requireNonNull(commitId, "commitId");
        ValidationException.requireNonNull(commitStamp, "commitStamp");
        headers = Headers.copy(headers, "headers");
        ValidationException.requireNonNull(events, "events");
        ValidationException.require(!events.isEmpty(), "events", "cannot be empty: a commit holds at least one event.");
        events = List.copyOf(events);
        ValidationException.require(streamRevision >= events.size(), "streamRevision",
                "must be at least the number of events in the commit (" + events.size() + ") but was "
                        + streamRevision + ".");
    }

    public Optional<String> correlationId() {
        return Optional.ofNullable(headers.get(CORRELATION_ID_HEADER));
    }

    /** The {@code "<streamId>:<commitSequence>"} key, for logs. */
    public String key() {
        return streamId.value() + ":" + commitSequence;
    }
}
