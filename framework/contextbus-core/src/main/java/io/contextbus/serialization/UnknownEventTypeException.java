package io.contextbus.serialization;

import io.contextbus.error.ContextBusException;

/**
 * An event's (type, schemaVersion) is not one this service can read: the type is not registered,
 * or the version is newer than the registered class (a producer upgraded first), or older than
 * any upcaster reaches. Never transient: the same event fails the same way until the code changes.
 */
public class UnknownEventTypeException extends ContextBusException {
    private final String type;
    private final int schemaVersion;

    public UnknownEventTypeException(String type, int schemaVersion, String reason) {
        super("Event type '" + type + "' v" + schemaVersion + " cannot be read: " + reason, false);
        this.type = type;
        this.schemaVersion = schemaVersion;
    }

    public String type() {
        return type;
    }

    public int schemaVersion() {
        return schemaVersion;
    }
}
