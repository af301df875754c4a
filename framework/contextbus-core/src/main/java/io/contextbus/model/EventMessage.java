package io.contextbus.model;

import io.contextbus.error.ValidationException;
import java.util.Map;

/**
 * One event inside a commit: its {@code type}, the {@code schemaVersion} its {@code data} was
 * written with, the data as JSON text, and string metadata. Immutable.
 *
 * <p>The JSON text is checked for well-formedness when a commit is appended (see
 * {@code CommitValidator}), not here, so that reading stored commits costs no second parse.
 */
public record EventMessage(String type, int schemaVersion, String data, Map<String, String> metadata) {
    public static final int MAX_TYPE_LENGTH = 256;

    public EventMessage {
        ValidationException.requireNonNull(type, "type");
        ValidationException.require(!type.isBlank(), "type", "cannot be blank.");
        ValidationException.require(type.length() <= MAX_TYPE_LENGTH, "type",
                "must be at most " + MAX_TYPE_LENGTH + " characters.");
        ValidationException.require(type.chars().noneMatch(Character::isISOControl), "type",
                "cannot contain control characters.");
        ValidationException.require(schemaVersion >= 1, "schemaVersion",
                "must be at least 1 but was " + schemaVersion + ".");
        ValidationException.requireNonNull(data, "data");
        metadata = Headers.copy(metadata, "metadata");
    }

    public static EventMessage of(String type, int schemaVersion, String data) {
        return new EventMessage(type, schemaVersion, data, Map.of());
    }
}
