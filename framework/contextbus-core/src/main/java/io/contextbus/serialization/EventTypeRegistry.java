package io.contextbus.serialization;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.contextbus.error.ValidationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event types a service reads and writes: type name ⇄ Java class with its current schema
 * version, and the {@link Upcaster}s that bring older stored versions up to the current one.
 * Built once and validated then: a duplicate type or class, or an upcaster chain with a hole,
 * fails {@link Builder#build()} with a {@link ValidationException}, not the first read in
 * production. Immutable and thread-safe.
 */
public final class EventTypeRegistry {
    private final Map<String, RegisteredEventType> byType;
    private final Map<Class<?>, RegisteredEventType> byClass;
    private final Map<UpcastPlans.Key, UpcastPlans.Plan> plans;
    private final ObjectMapper mapper;

    private EventTypeRegistry(Map<String, RegisteredEventType> byType, Map<Class<?>, RegisteredEventType> byClass,
                              Map<UpcastPlans.Key, UpcastPlans.Plan> plans, ObjectMapper mapper) {
        this.byType = byType;
        this.byClass = byClass;
        this.plans = plans;
        this.mapper = mapper;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The mapper contextbus uses for event data: Java time types as ISO-8601 strings, and unknown
     * properties ignored so that a field added by a newer producer does not break older readers.
     */
    public static ObjectMapper defaultObjectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    public Optional<RegisteredEventType> byType(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    public Optional<RegisteredEventType> byClass(Class<?> eventClass) {
        return Optional.ofNullable(byClass.get(eventClass));
    }

    public Collection<RegisteredEventType> types() {
        return byType.values();
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** How to read an event stored as ({@code type}, {@code version}); empty when nothing can. */
    Optional<UpcastPlans.Plan> plan(String type, int version) {
        return Optional.ofNullable(plans.get(new UpcastPlans.Key(type, version)));
    }

    /** Collects registrations and upcasters; {@link #build()} validates them together. */
    public static final class Builder {
        private final List<RegisteredEventType> registrations = new ArrayList<>();
        private final List<Upcaster> upcasters = new ArrayList<>();
        private ObjectMapper mapper;

        private Builder() {
        }

        /** Registers a class annotated with {@link EventType}. */
        public Builder register(Class<?> eventClass) {
            ValidationException.requireNonNull(eventClass, "eventClass");
            EventType annotation = eventClass.getAnnotation(EventType.class);
            ValidationException.require(annotation != null, "eventClass", "is " + eventClass.getName()
                    + ", which has no @EventType; annotate it or use register(type, schemaVersion, eventClass).");
            return register(annotation.value(), annotation.version(), eventClass);
        }

        /** Registers {@code eventClass} as {@code type}, whose current schema version is {@code schemaVersion}. */
        public Builder register(String type, int schemaVersion, Class<?> eventClass) {
            registrations.add(new RegisteredEventType(type, schemaVersion, eventClass));
            return this;
        }

        public Builder upcaster(Upcaster upcaster) {
            ValidationException.requireNonNull(upcaster, "upcaster");
            RegisteredEventType.requireTypeName(upcaster.fromType(), "fromType");
            RegisteredEventType.requireTypeName(upcaster.toType(), "toType");
            ValidationException.require(upcaster.fromVersion() >= 1, "fromVersion",
                    "must be at least 1 but was " + upcaster.fromVersion() + ".");
            upcasters.add(upcaster);
            return this;
        }

        /** Uses {@code mapper} (copied) instead of {@link #defaultObjectMapper()}. */
        public Builder objectMapper(ObjectMapper mapper) {
            this.mapper = ValidationException.requireNonNull(mapper, "objectMapper").copy();
            return this;
        }

        /** @throws ValidationException naming the problem: duplicates, or a hole in an upcaster chain */
        public EventTypeRegistry build() {
            Map<String, RegisteredEventType> byType = new LinkedHashMap<>();
            Map<Class<?>, RegisteredEventType> byClass = new LinkedHashMap<>();
            for (RegisteredEventType r : registrations) {
                RegisteredEventType sameType = byType.putIfAbsent(r.type(), r);
                ValidationException.require(sameType == null, "type", "'" + r.type() + "' is registered twice ("
                        + (sameType == null ? "" : sameType.eventClass().getName()) + " and " + r.eventClass().getName() + ").");
                RegisteredEventType sameClass = byClass.putIfAbsent(r.eventClass(), r);
                ValidationException.require(sameClass == null, "eventClass", "'" + r.eventClass().getName()
                        + "' is registered under two types (" + (sameClass == null ? "" : sameClass.type())
                        + " and " + r.type() + ").");
            }
            Map<UpcastPlans.Key, UpcastPlans.Plan> plans = UpcastPlans.build(byType, upcasters);
            return new EventTypeRegistry(Map.copyOf(byType), Map.copyOf(byClass), plans,
                    mapper != null ? mapper : defaultObjectMapper());
        }
    }
}
