package io.contextbus.codec;

import io.contextbus.error.CommitTooLargeException;
import io.contextbus.error.ValidationException;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;

/**
 * The checks every store runs on an attempt before writing anything: each event's data is one
 * well-formed JSON value, and the commit's message fits {@code maxMessageBytes} (the topic's max
 * message size; 256 KB on the Standard tier).
 */
public record CommitLimits(long maxMessageBytes) {
    /** Azure Service Bus Standard tier: 256 KB per message. */
    public static final CommitLimits STANDARD = new CommitLimits(256 * 1024);

    /**
     * Bytes set aside for what travels beside the body: system properties (MessageId and SessionId
     * up to 128 characters each, Subject, CorrelationId), the {@code cb_*} application properties
     * of a live or replayed message, and AMQP framing.
     */
    public static final int ENVELOPE_RESERVE_BYTES = 2048;

    public CommitLimits {
        ValidationException.require(maxMessageBytes > ENVELOPE_RESERVE_BYTES, "maxMessageBytes",
                "must exceed " + ENVELOPE_RESERVE_BYTES + " but was " + maxMessageBytes + ".");
    }

    public CommitLimits withMaxMessageBytes(long bytes) {
        return new CommitLimits(bytes);
    }

    /**
     * Validates the attempt for {@code context}'s topic.
     *
     * @throws ValidationException naming the field when an event's data is not JSON
     * @throws CommitTooLargeException when the message would not fit
     */
    public void check(ContextName context, CommitAttempt attempt) {
        checkAndEncodeEvents(context, attempt);
    }

    /**
     * Validates the attempt like {@link #check} and returns its events as
     * {@link CommitCodec#encodeEvents} writes them: measuring the message needs them encoded, so a
     * store that keeps them in that form takes them from here instead of encoding them twice.
     */
    public String checkAndEncodeEvents(ContextName context, CommitAttempt attempt) {
        ValidationException.requireNonNull(context, "context");
        ValidationException.requireNonNull(attempt, "attempt");
        int typesLength = 0;
        for (int i = 0; i < attempt.events().size(); i++) {
            EventMessage e = attempt.events().get(i);
            CommitCodec.requireJson(e.data(), "events[" + i + "].data");
            typesLength += e.type().length() + 1;
        }
        String events = CommitCodec.encodeEvents(attempt.events());
        long size = CommitCodec.encode(context, attempt.toCommit(), events).length
                + ENVELOPE_RESERVE_BYTES
                + 3L * attempt.streamId().value().length()  // cb_stream property, SessionId and MessageId
                + typesLength;                              // cb_event_types property
        if (size > maxMessageBytes) {
            throw new CommitTooLargeException(attempt.streamId(), size, maxMessageBytes);
        }
        return events;
    }
}
