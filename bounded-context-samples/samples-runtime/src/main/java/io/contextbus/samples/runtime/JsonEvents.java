package io.contextbus.samples.runtime;

import io.contextbus.model.EventMessage;
import io.contextbus.samples.common.contracts.ContractJson;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a context's domain event records to stored events and back: type {@code <context>.<record
 * name>}, schema version 1, the record's fields as JSON. The same JSON is the published language
 * that other contexts read, so a record's fields are part of the contract.
 *
 * @param <E> the context's event type
 */
public final class JsonEvents<E> {
    private final Map<String, Class<? extends E>> byType = new HashMap<>();
    private final Map<Class<?>, String> byClass = new HashMap<>();

    public JsonEvents(String context, List<Class<? extends E>> eventClasses) {
        for (Class<? extends E> c : eventClasses) {
            String type = context + "." + c.getSimpleName();
            byType.put(type, c);
            byClass.put(c, type);
        }
    }

    /** The stored type of {@code eventClass}. */
    public String typeOf(Class<?> eventClass) {
        String type = byClass.get(eventClass);
        if (type == null) {
            throw new IllegalArgumentException("'eventClass' is not an event of this context: " + eventClass.getName());
        }
        return type;
    }

    public EventMessage encode(E event) {
        return EventMessage.of(typeOf(event.getClass()), 1, ContractJson.write(event));
    }

    public E decode(EventMessage message) {
        Class<? extends E> c = byType.get(message.type());
        if (c == null) {
            throw new IllegalArgumentException("'type' is not an event of this context: " + message.type());
        }
        return ContractJson.read(message.data(), c);
    }
}
