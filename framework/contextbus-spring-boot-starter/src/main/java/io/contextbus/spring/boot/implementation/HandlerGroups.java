package io.contextbus.spring.boot.implementation;

import io.contextbus.handler.EventHandler;
import io.contextbus.handler.HandlerDecorator;
import io.contextbus.handler.Handlers;
import io.contextbus.handler.UnknownEventPolicy;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.serialization.EventCodec;
import io.contextbus.serialization.EventTypeRegistry;
import io.contextbus.spring.boot.ContextBusHandler;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the handler beans into one {@link Handlers} per consumed source: a codec of the event
 * classes the beans of that source name, every decorator bean (in bean order, first outermost),
 * and the unknown-event policy of the properties.
 */
public final class HandlerGroups {
    private HandlerGroups() {
    }

    /** Source context to its handlers, sources by name. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> Map<ContextName, Handlers<T>> of(List<ContextBusHandler<?, ?>> beans,
                                                       List<HandlerDecorator<?>> decorators, UnknownEventPolicy unknownEvents) {
        Map<String, List<ContextBusHandler<?, ?>>> bySource = new TreeMap<>();
        beans.forEach(b -> bySource.computeIfAbsent(b.source().value(), s -> new ArrayList<>()).add(b));
        Map<ContextName, Handlers<T>> groups = new java.util.LinkedHashMap<>();
        bySource.forEach((source, handlers) -> {
            Set<Class<?>> classes = new LinkedHashSet<>();
            handlers.forEach(h -> h.eventClass().ifPresent(classes::add));
            Handlers.Builder<T> b;
            if (classes.isEmpty()) {
                b = Handlers.builder();
            } else {
                EventTypeRegistry.Builder registry = EventTypeRegistry.builder();
                classes.forEach(registry::register);
                b = Handlers.builder(new EventCodec(registry.build()));
            }
            for (ContextBusHandler<?, ?> h : handlers) {
                if (h.eventClass().isPresent()) {
                    b.on((Class) h.eventClass().get(), (EventHandler) h.handler());
                } else {
                    b.on(h.eventType().orElseThrow(), (EventHandler<EventMessage, T>) h.handler());
                }
            }
            decorators.forEach(d -> b.decorate((HandlerDecorator<T>) d));
            groups.put(ContextName.of(source), b.unknownEvents(unknownEvents).build());
        });
        return groups;
    }
}
