package io.contextbus.serialization;

import io.contextbus.error.ValidationException;
import io.contextbus.model.EventMessage;

/**
 * An event type known to an {@link EventTypeRegistry}: its name, its current schema version, and
 * the Java class (often a record) its data is read into.
 */
public record RegisteredEventType(String type, int schemaVersion, Class<?> eventClass) {
    public RegisteredEventType {
        requireTypeName(type, "type");
        ValidationException.require(schemaVersion >= 1, "schemaVersion",
                "must be at least 1 but was " + schemaVersion + ".");
        ValidationException.requireNonNull(eventClass, "eventClass");
    }

    static void requireTypeName(String type, String field) {
        ValidationException.requireNonNull(type, field);
        ValidationException.require(!type.isBlank(), field, "cannot be blank.");
        ValidationException.require(type.length() <= EventMessage.MAX_TYPE_LENGTH, field,
                "must be at most " + EventMessage.MAX_TYPE_LENGTH + " characters.");
        ValidationException.require(type.chars().noneMatch(Character::isISOControl), field,
                "cannot contain control characters.");
    }
}
