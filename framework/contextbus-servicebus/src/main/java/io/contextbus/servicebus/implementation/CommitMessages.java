package io.contextbus.servicebus.implementation;

import com.azure.messaging.servicebus.ServiceBusMessage;
import io.contextbus.codec.CommitCodec;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.servicebus.SessionStrategy;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Maps a commit to its one Service Bus message, as the message contract defines it: MessageId and
 * SessionId by {@link MessageIds} and the context's {@link SessionStrategy}, {@code application/json}
 * body from {@link CommitCodec#encode}, Subject = first event's type, CorrelationId = the commit's
 * {@code correlationId} header, and the {@code cb_*} application properties. The same commit always
 * maps to the same live message; a replay adds {@code cb_replay_target}/{@code cb_replay_id} and a
 * MessageId that duplicate detection cannot confuse with the live one. Immutable and thread-safe.
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
        return message;
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
}
