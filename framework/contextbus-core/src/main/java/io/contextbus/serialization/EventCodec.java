package io.contextbus.serialization;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed events to {@link EventMessage}s and back, by an {@link EventTypeRegistry}. Writing stamps
 * the type name and its current schema version; reading upcasts older versions through the
 * registry's chain first, so code only ever sees the current classes. Readers and writers are
 * prepared once per class; thread-safe.
 */
public final class EventCodec {
    private final EventTypeRegistry registry;
    private final Map<Class<?>, ObjectWriter> writers = new HashMap<>();
    private final Map<Class<?>, ObjectReader> readers = new HashMap<>();
    private final ObjectReader treeReader;

    public EventCodec(EventTypeRegistry registry) {
        this.registry = ValidationException.requireNonNull(registry, "registry");
        // Upcasting goes through a tree: keep decimals exact (12.50 stays 12.50, not the double 12.5).
        this.treeReader = registry.mapper().reader()
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .with(JsonNodeFactory.withExactBigDecimals(true));
        for (RegisteredEventType r : registry.types()) {
            writers.put(r.eventClass(), registry.mapper().writerFor(r.eventClass()));
            readers.put(r.eventClass(), registry.mapper().readerFor(r.eventClass()));
        }
    }

    public EventTypeRegistry registry() {
        return registry;
    }

    /** {@code event} as a message of its registered type and current schema version, no metadata. */
    public EventMessage encode(Object event) {
        return encode(event, Map.of());
    }

    /**
     * {@code event} as a message of its registered type and current schema version.
     *
     * @throws ValidationException naming {@code event} when its class is not registered or cannot
     *         be written as JSON
     */
    public EventMessage encode(Object event, Map<String, String> metadata) {
        ValidationException.requireNonNull(event, "event");
        RegisteredEventType r = registry.byClass(event.getClass()).orElseThrow(() -> new ValidationException("event",
                "'event' is a " + event.getClass().getName() + ", which is not a registered event class."));
        try {
            return new EventMessage(r.type(), r.schemaVersion(), writers.get(r.eventClass()).writeValueAsString(event),
                    metadata);
        } catch (JsonProcessingException e) {
            ValidationException failure = new ValidationException("event",
                    "'event' of type " + r.type() + " cannot be written as JSON: " + e.getOriginalMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    /**
     * The event in {@code message}, read as its current class (upcast first when stored under an
     * older version or type name).
     *
     * @throws UnknownEventTypeException when no registered class reads this (type, version)
     * @throws EventDeserializationException naming the field when the data does not fit the class
     */
    public Object decode(EventMessage message) {
        ValidationException.requireNonNull(message, "message");
        UpcastPlans.Plan plan = registry.plan(message.type(), message.schemaVersion())
                .orElseThrow(() -> unknown(message));
        ObjectReader reader = readers.get(plan.target().eventClass());
        Object event;
        try {
            event = plan.upcasters().isEmpty() ? reader.readValue(message.data()) : reader.readValue(upcast(message, plan));
        } catch (JsonProcessingException e) {
            throw DeserializationErrors.translate(message, e);
        } catch (java.io.IOException e) {
            throw new EventDeserializationException(message.type(), message.schemaVersion(), "data",
                    "could not be read: " + e.getMessage(), e);
        }
        if (event == null) {
            throw new EventDeserializationException(message.type(), message.schemaVersion(), "data",
                    "is JSON null; an event is a JSON object.", null);
        }
        return event;
    }

    /**
     * The event in {@code message}, which must be a {@code expected}.
     *
     * @throws EventDeserializationException naming {@code type} when it is another class
     */
    public <T> T decode(EventMessage message, Class<T> expected) {
        Object event = decode(message);
        if (!expected.isInstance(event)) {
            throw new EventDeserializationException(message.type(), message.schemaVersion(), "type",
                    "reads as " + event.getClass().getName() + ", not the expected " + expected.getName() + ".", null);
        }
        return expected.cast(event);
    }

    /** The events of {@code commit}, decoded in order. */
    public List<Object> decodeEvents(Commit commit) {
        ValidationException.requireNonNull(commit, "commit");
        List<Object> events = new ArrayList<>(commit.events().size());
        for (EventMessage m : commit.events()) {
            events.add(decode(m));
        }
        return events;
    }

    private JsonNode upcast(EventMessage message, UpcastPlans.Plan plan) throws JsonProcessingException {
        JsonNode tree = treeReader.readTree(message.data());
        if (tree == null || !tree.isObject()) {
            throw new EventDeserializationException(message.type(), message.schemaVersion(), "data",
                    "must be a JSON object to be upcast.", null);
        }
        ObjectNode data = (ObjectNode) tree;
        for (Upcaster u : plan.upcasters()) {
            try {
                data = u.upcast(data);
            } catch (RuntimeException e) {
                throw new EventDeserializationException(message.type(), message.schemaVersion(), "data",
                        "could not be upcast from " + u.fromType() + " v" + u.fromVersion() + ": " + e, e);
            }
            if (data == null) {
                throw new EventDeserializationException(message.type(), message.schemaVersion(), "data",
                        "became null in the upcaster from " + u.fromType() + " v" + u.fromVersion() + ".", null);
            }
        }
        return data;
    }

    private UnknownEventTypeException unknown(EventMessage message) {
        return registry.byType(message.type())
                .map(r -> new UnknownEventTypeException(message.type(), message.schemaVersion(),
                        "this service reads it at v" + r.schemaVersion() + " and has no upcaster from v"
                                + message.schemaVersion() + " (a newer producer, or a version before the first)."))
                .orElseGet(() -> new UnknownEventTypeException(message.type(), message.schemaVersion(),
                        "the type is not registered."));
    }
}
