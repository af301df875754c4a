package io.contextbus.servicebus.implementation;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import io.contextbus.codec.CommitCodec;
import io.contextbus.codec.SourcedCommit;
import io.contextbus.codec.UndecodableCommitException;
import io.contextbus.error.ValidationException;
import io.contextbus.handler.Delivery;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.TraceHeaders;
import io.contextbus.servicebus.DeadLetterReason;
import io.contextbus.servicebus.SessionStrategy;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The message contract, in both directions, in one place. Sending: a commit becomes its one
 * Service Bus message, MessageId and SessionId by {@link MessageIds} and the context's
 * {@link SessionStrategy}, {@code application/json} body from {@link CommitCodec#encode}, Subject =
 * first event's type, CorrelationId = the commit's {@code correlationId} header, the
 * {@code cb_*} application properties, and the commit's stored W3C {@code traceparent} (also as
 * {@code Diagnostic-Id}, as the Azure SDK writes it) when it has a well-formed one. The same
 * commit always maps to the same live message; a replay adds
 * {@code cb_replay_target}/{@code cb_replay_id} and a MessageId that duplicate detection cannot
 * confuse with the live one. Receiving: {@link #inbound} takes what the consumer
 * decides on from the SDK's message, and {@link #read} turns it back into the commit, or refuses it
 * with a {@link PoisonMessageException} whose {@link DeadLetterReason} says what breaks the
 * contract. The live publisher, the consumers and the replay service all use this class, so what
 * is sent and what is accepted cannot drift apart. Immutable and thread-safe.
 */
public final class CommitMessages {
    public static final String CONTENT_TYPE = "application/json";
    public static final String SOURCE = "cb_source";
    public static final String STREAM = "cb_stream";
    public static final String SEQUENCE = "cb_seq";
    public static final String COMMIT_ID = "cb_commit_id";
    public static final String EVENT_TYPES = "cb_event_types";
    public static final String REPLAY_TARGET = "cb_replay_target";
    public static final String REPLAY_ID = "cb_replay_id";
    /** Separates the types in {@link #EVENT_TYPES}. */
    public static final String TYPE_SEPARATOR = ",";
    /** W3C trace context of the message, as the Azure SDK writes and reads it. */
    public static final String TRACEPARENT = TraceHeaders.TRACEPARENT;
    /** The same value as {@link #TRACEPARENT}; the Azure SDK writes both and reads this one first. */
    public static final String DIAGNOSTIC_ID = "Diagnostic-Id";
    public static final String TRACESTATE = TraceHeaders.TRACESTATE;

    private final SessionStrategy sessions;

    public CommitMessages(SessionStrategy sessions) {
        this.sessions = ValidationException.requireNonNull(sessions, "sessions");
    }

    /** The session strategy these messages are keyed with. */
    public SessionStrategy sessions() {
        return sessions;
    }

    /** The live message for {@code commit} of {@code source}'s store. */
    public ServiceBusMessage live(ContextName source, Commit commit) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(commit, "commit");
        ServiceBusMessage message = base(source, commit);
        message.setMessageId(MessageIds.live(commit.streamId(), commit.commitSequence()));
        // The trace context stored with the commit travels on its live message (a replay is a new
        // operation: the consumer links its span to the stored context in the body instead).
        TraceHeaders.traceparent(commit.headers()).ifPresent(t -> setTraceContext(message, t,
                TraceHeaders.tracestate(commit.headers()).orElse(null)));
        return message;
    }

    /**
     * Sets the message's W3C trace context as the Azure SDK does: {@code traceparent} and
     * {@code Diagnostic-Id} with the same value, {@code tracestate} when given (removed otherwise).
     * The SDK's own instrumentation then leaves the message's context alone.
     */
    public static void setTraceContext(ServiceBusMessage message, String traceparent, String tracestate) {
        Map<String, Object> p = message.getApplicationProperties();
        p.put(TRACEPARENT, traceparent);
        p.put(DIAGNOSTIC_ID, traceparent);
        if (tracestate == null) {
            p.remove(TRACESTATE);
        } else {
            p.put(TRACESTATE, tracestate);
        }
    }

    /**
     * How the consumer got the commit in {@code m}: a replay's message (it carries
     * {@link #REPLAY_ID}) or the live one, with the message's id and string-valued properties.
     */
    public static Delivery delivery(InboundMessage m) {
        Map<String, String> strings = new LinkedHashMap<>();
        m.properties().forEach((k, v) -> {
            if (k != null && v instanceof String s) {
                strings.put(k, s);
            }
        });
        Delivery.Kind kind = strings.containsKey(REPLAY_ID) ? Delivery.Kind.REPLAY : Delivery.Kind.LIVE;
        return new Delivery(kind, Optional.ofNullable(m.messageId()), strings);
    }

    /** Whether {@code name} is a property the message contract owns, which no interceptor may set. */
    public static boolean isContractProperty(String name) {
        return name.startsWith("cb_");
    }

    /** The message replay {@code replayId} sends so that only {@code target}'s subscription gets it. */
    public ServiceBusMessage replay(ContextName source, Commit commit, ContextName target, String replayId) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(commit, "commit");
        ValidationException.requireNonNull(target, "target");
        MessageIds.requireReplayId(replayId);
        ServiceBusMessage message = base(source, commit);
        message.setMessageId(MessageIds.replay(commit.streamId(), commit.commitSequence(), replayId));
        message.getApplicationProperties().put(REPLAY_TARGET, target.value());
        message.getApplicationProperties().put(REPLAY_ID, replayId);
        return message;
    }

    /** The {@link #EVENT_TYPES} value: the commit's distinct event types in order of first use. */
    public static String eventTypes(Commit commit) {
        Set<String> types = new LinkedHashSet<>();
        for (EventMessage e : commit.events()) {
            types.add(e.type());
        }
        return String.join(TYPE_SEPARATOR, types);
    }

    /**
     * What the consumer decides on, taken from a received message: free of the SDK from here on.
     * A body that is not one data section (AMQP value or sequence) is kept as a problem to report.
     */
    public static InboundMessage inbound(ServiceBusReceivedMessage message) {
        byte[] body = null;
        String bodyProblem = null;
        try {
            body = message.getBody().toBytes();
        } catch (RuntimeException e) {
            bodyProblem = "the message body is an AMQP " + message.getRawAmqpMessage().getBody().getBodyType()
                    + " section, not data";
        }
        return new InboundMessage(message.getMessageId(), message.getSessionId(), message.getContentType(),
                message.getDeliveryCount(), message.getApplicationProperties(), body, bodyProblem);
    }

    /**
     * Reads a received message back into the commit it carries, and refuses one that breaks the
     * contract: a {@code cb_*} property missing or of the wrong type, a body that is not a commit, a
     * property that disagrees with the body, or a commit from a context other than the topic's.
     *
     * @param topicContext the context whose topic the message was received from
     * @throws PoisonMessageException naming what is wrong, with its dead-letter reason
     */
    public static SourcedCommit read(ContextName topicContext, InboundMessage m) {
        String source = requireString(m, SOURCE);
        String stream = requireString(m, STREAM);
        long sequence = requireLong(m, SEQUENCE);
        String commitId = requireString(m, COMMIT_ID);
        String eventTypes = requireString(m, EVENT_TYPES);
        SourcedCommit decoded = decode(m);
        Commit c = decoded.commit();
        agree(SOURCE, source, decoded.source().value());
        agree(STREAM, stream, c.streamId().value());
        agree(SEQUENCE, String.valueOf(sequence), String.valueOf(c.commitSequence()));
        agree(COMMIT_ID, commitId, c.commitId().toString());
        agree(EVENT_TYPES, eventTypes, eventTypes(c));
        if (!decoded.source().equals(topicContext)) {
            throw new PoisonMessageException(DeadLetterReason.PROPERTY_MISMATCH, "'" + SOURCE + "' is '"
                    + source + "' but the message came from topic '" + topicContext.topicName() + "'.");
        }
        return decoded;
    }

    private ServiceBusMessage base(ContextName source, Commit commit) {
        ServiceBusMessage message = new ServiceBusMessage(CommitCodec.encode(source, commit));
        message.setContentType(CONTENT_TYPE);
        message.setSessionId(sessions.sessionId(commit.streamId()));
        message.setSubject(commit.events().get(0).type());
        // Service Bus caps CorrelationId like MessageId; a longer header still travels in the body.
        commit.correlationId().filter(id -> id.length() <= MessageIds.MAX_ID_LENGTH).ifPresent(message::setCorrelationId);
        Map<String, Object> p = message.getApplicationProperties();
        p.put(SOURCE, source.value());
        p.put(STREAM, commit.streamId().value());
        p.put(SEQUENCE, commit.commitSequence());
        p.put(COMMIT_ID, commit.commitId().toString());
        p.put(EVENT_TYPES, eventTypes(commit));
        return message;
    }

    private static SourcedCommit decode(InboundMessage m) {
        if (m.body() == null) {
            throw new PoisonMessageException(DeadLetterReason.UNDECODABLE_BODY,
                    "'body' is not a data section: " + m.bodyProblem());
        }
        if (m.contentType() != null && !m.contentType().startsWith(CONTENT_TYPE)) {
            throw new PoisonMessageException(DeadLetterReason.UNDECODABLE_BODY, "'contentType' is '" + m.contentType()
                    + "' but a commit is " + CONTENT_TYPE + ".");
        }
        try {
            return CommitCodec.decode(m.body());
        } catch (UndecodableCommitException e) {
            throw new PoisonMessageException(DeadLetterReason.UNDECODABLE_BODY, e.getMessage());
        }
    }

    private static String requireString(InboundMessage m, String name) {
        Object value = m.properties().get(name);
        if (value == null) {
            throw new PoisonMessageException(DeadLetterReason.MISSING_PROPERTY, "'" + name + "' is missing.");
        }
        if (!(value instanceof String s) || s.isEmpty()) {
            throw new PoisonMessageException(DeadLetterReason.MISSING_PROPERTY, "'" + name
                    + "' must be a non-empty string but was " + describe(value) + ".");
        }
        return s;
    }

    private static long requireLong(InboundMessage m, String name) {
        Object value = m.properties().get(name);
        if (value == null) {
            throw new PoisonMessageException(DeadLetterReason.MISSING_PROPERTY, "'" + name + "' is missing.");
        }
        // Senders in other languages may write a smaller integer type; all of them are fine.
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw new PoisonMessageException(DeadLetterReason.MISSING_PROPERTY, "'" + name
                + "' must be an integer but was " + describe(value) + ".");
    }

    private static void agree(String property, String inProperty, String inBody) {
        if (!inProperty.equals(inBody)) {
            throw new PoisonMessageException(DeadLetterReason.PROPERTY_MISMATCH, "'" + property + "' is '"
                    + clip(inProperty) + "' but the body says '" + clip(inBody) + "'.");
        }
    }

    private static String describe(Object value) {
        return value.getClass().getSimpleName() + " '" + clip(String.valueOf(value)) + "'";
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
