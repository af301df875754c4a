package io.contextbus.servicebus;

import io.contextbus.error.ValidationException;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.implementation.MessageIds;

/**
 * How a context's commits are spread over Service Bus sessions. Every strategy maps a stream to
 * exactly one session, so that order per stream holds whichever is chosen; they differ in how many
 * sessions consumers must acquire.
 */
public sealed interface SessionStrategy {

    /** One session per stream (the default): the most parallelism, the most sessions. */
    SessionStrategy PER_STREAM = new PerStream();

    /** The SessionId carrying {@code streamId}'s commits. */
    String sessionId(StreamId streamId);

    /** One session per stream, named by {@link MessageIds#streamSession}. */
    static SessionStrategy perStream() {
        return PER_STREAM;
    }

    /** {@code count} sessions {@code b0..b<count-1>}; a stream goes to {@code b<hash mod count>}. */
    static SessionStrategy buckets(int count) {
        return new Buckets(count);
    }

    /** One session for the whole topic: a total order over all of the context's commits. */
    static SessionStrategy single(String sessionId) {
        return new Single(sessionId);
    }

    /** See {@link #perStream()}. */
    record PerStream() implements SessionStrategy {
        @Override
        public String sessionId(StreamId streamId) {
            return MessageIds.streamSession(streamId);
        }
    }

    /** See {@link #buckets(int)}. */
    record Buckets(int count) implements SessionStrategy {
        public Buckets {
            ValidationException.require(count >= 1 && count <= 100_000, "count",
                    "must be between 1 and 100000 but was " + count + ".");
        }

        @Override
        public String sessionId(StreamId streamId) {
            ValidationException.requireNonNull(streamId, "streamId");
            return "b" + (MessageIds.bucketHash(streamId) % count);
        }
    }

    /** See {@link #single(String)}. */
    record Single(String id) implements SessionStrategy {
        public Single {
            ValidationException.requireNonNull(id, "sessionId");
            ValidationException.require(!id.isBlank() && id.length() <= MessageIds.MAX_ID_LENGTH, "sessionId",
                    "must be 1 to " + MessageIds.MAX_ID_LENGTH + " non-blank characters.");
        }

        @Override
        public String sessionId(StreamId streamId) {
            ValidationException.requireNonNull(streamId, "streamId");
            return id;
        }
    }
}
