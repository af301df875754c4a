package io.contextbus.servicebus.local.implementation;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;

import io.contextbus.servicebus.local.implementation.codec.DeliveryEncoder;
import io.contextbus.servicebus.local.implementation.codec.MessageContent;
import io.contextbus.servicebus.local.implementation.codec.MessageParser;
import io.contextbus.servicebus.local.implementation.entity.Settlement;
import io.contextbus.servicebus.local.implementation.entity.EntityMessage;
import io.contextbus.servicebus.local.implementation.entity.MessageEntity;
import io.contextbus.servicebus.local.implementation.entity.QueueEntity;
import io.contextbus.servicebus.local.implementation.entity.SendFront;
import io.contextbus.servicebus.local.implementation.entity.SendOutcome;
import io.contextbus.servicebus.local.implementation.entity.SettleResult;

/**
 * An entity's {@code $management} node: the request/response operations of the Service Bus AMQP
 * guide (lock and session-lock renewal, session state, deferred receive, peek, update-disposition,
 * schedule and cancel). Request bodies are AMQP maps with string keys; so are responses.
 */
final class ManagementNode implements RequestHandler {

    private static final String VENDOR = "com.microsoft:";
    /** {@code x-opt-message-state} of a scheduled message (0 active, 1 deferred, 2 scheduled). */
    private static final int SCHEDULED_STATE = 2;

    private final SendFront front;
    private final MessageEntity entity;
    private final String path;

    ManagementNode(String path, SendFront front, MessageEntity entity) {
        this.path = path;
        this.front = front;
        this.entity = entity;
    }

    @Override
    public Message handle(Message request) {
        Object operation = request.getApplicationProperties() == null ? null
                : request.getApplicationProperties().getValue().get("operation");
        Map<?, ?> body = request.getBody() instanceof AmqpValue value && value.getValue() instanceof Map<?, ?> map
                ? map : Map.of();
        String name = String.valueOf(operation);
        if (!name.startsWith(VENDOR)) {
            return Responses.error(501, Amqp.NOT_IMPLEMENTED, "The operation '" + name + "' is not supported by "
                    + "the local broker.");
        }
        try {
            return dispatch(name.substring(VENDOR.length()), body);
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            return Responses.error(400, Amqp.ARGUMENT_ERROR, "Malformed '" + name + "' request: " + e.getMessage());
        }
    }

    private Message dispatch(String operation, Map<?, ?> body) {
        if ("schedule-message".equals(operation) || "cancel-scheduled-message".equals(operation)) {
            if (front == null) {
                return notFound();
            }
            return "schedule-message".equals(operation) ? schedule(body) : cancel(body);
        }
        if (entity == null) {
            return notFound();
        }
        return switch (operation) {
            case "renew-lock" -> renewLock(body);
            case "renew-session-lock" -> renewSessionLock(body);
            case "get-session-state" -> getSessionState(body);
            case "set-session-state" -> setSessionState(body);
            case "receive-by-sequence-number" -> receiveBySequence(body);
            case "peek-message" -> peek(body);
            case "update-disposition" -> updateDisposition(body);
            default -> Responses.error(501, Amqp.NOT_IMPLEMENTED,
                    "The operation '" + VENDOR + operation + "' is not supported by the local broker.");
        };
    }

    private Message notFound() {
        return Responses.error(404, Amqp.NOT_FOUND, "The messaging entity 'sb://localhost/" + path
                + "' could not be found.");
    }

    private Message renewLock(Map<?, ?> body) {
        UUID[] tokens = (UUID[]) body.get("lock-tokens");
        Date[] expirations = new Date[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            long until = entity.renewLock(tokens[i]);
            if (until < 0) {
                return Responses.error(410, Amqp.MESSAGE_LOCK_LOST, "The lock supplied is invalid. Either the lock "
                        + "expired, or the message has already been removed from the queue.");
            }
            expirations[i] = new Date(until);
        }
        return Responses.ok(Map.of("expirations", expirations));
    }

    private Message renewSessionLock(Map<?, ?> body) {
        String sessionId = (String) body.get("session-id");
        long until = entity.renewSessionLock(sessionId);
        if (until < 0) {
            return sessionLockLost(sessionId);
        }
        return Responses.ok(Map.of("expiration", new Date(until)));
    }

    private static Message sessionLockLost(String sessionId) {
        return Responses.error(410, Amqp.SESSION_LOCK_LOST, "The session lock has expired on the session '"
                + sessionId + "'. Accept a new session.");
    }

    private Message getSessionState(Map<?, ?> body) {
        String sessionId = (String) body.get("session-id");
        if (!entity.isSessionHeld(sessionId)) {
            return sessionLockLost(sessionId);
        }
        byte[] state = entity.sessionState(sessionId);
        Map<String, Object> response = new HashMap<>();
        response.put("session-state", state == null ? null : new Binary(state));
        return Responses.ok(response);
    }

    private Message setSessionState(Map<?, ?> body) {
        String sessionId = (String) body.get("session-id");
        Object state = body.get("session-state");
        byte[] bytes = state instanceof Binary binary ? binary.getArray().length == binary.getLength()
                && binary.getArrayOffset() == 0 ? binary.getArray() : copy(binary) : null;
        if (!entity.setSessionState(sessionId, bytes)) {
            return sessionLockLost(sessionId);
        }
        return Responses.ok(Map.of());
    }

    private static byte[] copy(Binary binary) {
        byte[] out = new byte[binary.getLength()];
        System.arraycopy(binary.getArray(), binary.getArrayOffset(), out, 0, out.length);
        return out;
    }

    private Message receiveBySequence(Map<?, ?> body) {
        List<Long> sequences = longs(body.get("sequence-numbers"));
        Object mode = body.get("receiver-settle-mode");
        boolean delete = mode instanceof Number number && number.intValue() == 0;
        List<Map.Entry<EntityMessage, UUID>> received = entity.receiveDeferred(sequences, delete);
        if (received.size() < sequences.size() && received.isEmpty()) {
            return Responses.error(404, Amqp.MESSAGE_NOT_FOUND, "Failed to lock one or more specified messages. "
                    + "The message does not exist or is not deferred.");
        }
        List<Map<String, Object>> messages = new ArrayList<>();
        for (Map.Entry<EntityMessage, UUID> entry : received) {
            long until = delete ? 0 : entity.lockedUntil(entry.getValue());
            Map<String, Object> item = new HashMap<>();
            item.put("message", new Binary(encode(entry.getKey(), until)));
            if (!delete) {
                item.put("lock-token", entry.getValue());
            }
            messages.add(item);
        }
        return Responses.ok(Map.of("messages", messages));
    }

    /**
     * Peeks active, deferred and (on a queue) scheduled messages in sequence-number order, as
     * Service Bus does; a topic's scheduled messages belong to the topic, not to a subscription.
     */
    private Message peek(Map<?, ?> body) {
        long from = ((Number) body.get("from-sequence-number")).longValue();
        int count = ((Number) body.get("message-count")).intValue();
        String sessionId = (String) body.get("session-id");
        TreeMap<Long, byte[]> found = new TreeMap<>();
        for (EntityMessage message : entity.peek(from, count, sessionId)) {
            found.put(message.sequenceNumber(), encode(message, 0));
        }
        if (front instanceof QueueEntity) {
            for (Map.Entry<Long, MessageContent> entry : front.scheduled().tailMap(from, true).entrySet()) {
                if (found.size() >= count && entry.getKey() > found.lastKey()) {
                    break;
                }
                if (sessionId == null || sessionId.equals(entry.getValue().sessionId())) {
                    found.put(entry.getKey(), encodeScheduled(entry.getValue(), entry.getKey()));
                }
            }
        }
        List<Map<String, Object>> messages = new ArrayList<>();
        for (byte[] encoded : found.values()) {
            if (messages.size() >= count) {
                break;
            }
            messages.add(Map.of("message", new Binary(encoded)));
        }
        if (messages.isEmpty()) {
            return Responses.status(204, "No messages to peek.", Map.of());
        }
        return Responses.ok(Map.of("messages", messages));
    }

    private static byte[] encodeScheduled(MessageContent content, long sequenceNumber) {
        Map<Symbol, Object> annotations = new HashMap<>();
        annotations.put(Amqp.SEQUENCE_NUMBER, sequenceNumber);
        annotations.put(Amqp.ENQUEUE_SEQUENCE_NUMBER, sequenceNumber);
        annotations.put(Amqp.MESSAGE_STATE, SCHEDULED_STATE);
        Object at = content.annotation(SendFront.SCHEDULED_ENQUEUE_TIME);
        if (at instanceof Date date) {
            annotations.put(Amqp.ENQUEUED_TIME, date);
        }
        return DeliveryEncoder.encode(content, 0, annotations);
    }

    private static byte[] encode(EntityMessage message, long lockedUntil) {
        Map<Symbol, Object> annotations = new HashMap<>();
        annotations.put(Amqp.SEQUENCE_NUMBER, message.sequenceNumber());
        annotations.put(Amqp.ENQUEUE_SEQUENCE_NUMBER, message.sequenceNumber());
        annotations.put(Amqp.ENQUEUED_TIME, new Date(message.enqueuedAt()));
        annotations.put(Amqp.MESSAGE_STATE, message.deferred() ? 1 : 0);
        if (lockedUntil > 0) {
            annotations.put(Amqp.LOCKED_UNTIL, new Date(lockedUntil));
        }
        return DeliveryEncoder.encode(message.content(), message.deliveryCount(), annotations);
    }

    private Message updateDisposition(Map<?, ?> body) {
        UUID[] tokens = (UUID[]) body.get("lock-tokens");
        Settlement settlement = switch (String.valueOf(body.get("disposition-status"))) {
            case "completed" -> Settlement.COMPLETE;
            case "abandoned" -> Settlement.ABANDON;
            case "defered", "deferred" -> Settlement.DEFER;
            case "suspended" -> Settlement.DEAD_LETTER;
            case "released" -> Settlement.RELEASE;
            default -> throw new IllegalArgumentException("unknown disposition-status");
        };
        Map<String, Object> properties = Dispositions.deadLetterProperties(body.get("deadletter-reason"),
                body.get("deadletter-description"), body.get("properties-to-modify"));
        for (UUID token : tokens) {
            SettleResult result = entity.settle(token, settlement, properties);
            if (result != SettleResult.OK) {
                return Responses.error(410, result == SettleResult.SESSION_LOCK_LOST ? Amqp.SESSION_LOCK_LOST
                        : Amqp.MESSAGE_LOCK_LOST, "The lock supplied is invalid. Either the lock expired, or the "
                                + "message has already been removed from the queue.");
            }
        }
        return Responses.ok(Map.of());
    }

    private Message schedule(Map<?, ?> body) {
        List<?> entries = (List<?>) body.get("messages");
        List<MessageContent> messages = new ArrayList<>();
        int size = 0;
        for (Object entry : entries) {
            Binary binary = (Binary) ((Map<?, ?>) entry).get("message");
            messages.add(MessageParser.parse(binary.getArray(), binary.getArrayOffset(), binary.getLength()));
            size = Math.max(size, binary.getLength());
        }
        SendOutcome outcome = front.send(messages, size);
        if (!outcome.isAccepted()) {
            return Responses.error(400, outcome.errorCondition(), outcome.description());
        }
        // An AMQP array of long (proton-j encodes Long[] that way; clients decode it to long[]).
        Long[] sequences = java.util.Arrays.stream(outcome.sequenceNumbers()).boxed().toArray(Long[]::new);
        return Responses.ok(Map.of("sequence-numbers", sequences));
    }

    private Message cancel(Map<?, ?> body) {
        for (Long sequence : longs(body.get("sequence-numbers"))) {
            front.cancelScheduled(sequence);
        }
        return Responses.ok(Map.of());
    }

    private static List<Long> longs(Object value) {
        List<Long> out = new ArrayList<>();
        if (value instanceof long[] array) {
            for (long l : array) {
                out.add(l);
            }
        } else if (value instanceof Object[] array) {
            for (Object o : array) {
                out.add(((Number) o).longValue());
            }
        } else if (value instanceof List<?> list) {
            list.forEach(o -> out.add(((Number) o).longValue()));
        }
        return out;
    }
}
