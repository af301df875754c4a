package io.contextbus.spring.boot;

import io.contextbus.error.ValidationException;
import io.contextbus.handler.EventHandler;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import java.util.Optional;

/**
 * One handler bean: what this context does with events of one type consumed from one source context.
 * Declare one {@code @Bean} per (source, event type); the starter groups them by source, subscribes
 * the context to each source's topic, and reads typed events with a codec built from the classes
 * the beans name (each carries its {@code @EventType}). Handlers run once per applied commit, in
 * commit order per stream, inside the inbox transaction ({@link io.contextbus.handler.EventContext#transaction()}).
 *
 * @param <E> the event class (or {@link EventMessage} for a raw handler)
 * @param <T> the store's transaction handle ({@code java.sql.Connection} on SQLite)
 */
public final class ContextBusHandler<E, T> {
    private final ContextName source;
    private final Optional<Class<E>> eventClass;
    private final Optional<String> eventType;
    private final EventHandler<E, T> handler;

    private ContextBusHandler(ContextName source, Optional<Class<E>> eventClass, Optional<String> eventType,
                              EventHandler<E, T> handler) {
        this.source = source;
        this.eventClass = eventClass;
        this.eventType = eventType;
        this.handler = ValidationException.requireNonNull(handler, "handler");
    }

    /** Handles {@code eventClass} (annotated with {@code @EventType}) consumed from {@code source}. */
    public static <E, T> ContextBusHandler<E, T> on(String source, Class<E> eventClass, EventHandler<E, T> handler) {
        return new ContextBusHandler<>(ContextName.of(source),
                Optional.of(ValidationException.requireNonNull(eventClass, "eventClass")), Optional.empty(), handler);
    }

    /** Handles events stored as {@code type} consumed from {@code source}, in their stored form. */
    public static <T> ContextBusHandler<EventMessage, T> onType(String source, String type,
                                                                EventHandler<EventMessage, T> handler) {
        ValidationException.requireNonNull(type, "type");
        return new ContextBusHandler<>(ContextName.of(source), Optional.empty(), Optional.of(type), handler);
    }

    public ContextName source() {
        return source;
    }

    /** The typed event class; empty for a raw handler. */
    public Optional<Class<E>> eventClass() {
        return eventClass;
    }

    /** The stored type name of a raw handler; empty for a typed one. */
    public Optional<String> eventType() {
        return eventType;
    }

    public EventHandler<E, T> handler() {
        return handler;
    }

    @Override
    public String toString() {
        return "ContextBusHandler[" + source + " " + eventClass.map(Class::getName).orElseGet(eventType::orElseThrow) + "]";
    }
}
