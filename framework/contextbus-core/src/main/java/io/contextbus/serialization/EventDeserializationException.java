package io.contextbus.serialization;

import io.contextbus.error.ValidationException;

/**
 * An event's data could not be read into its class (after upcasting): not JSON, a value of the
 * wrong kind, or a value the class rejects. {@link #field()} names the JSON path of the offending
 * field when it is known (e.g. {@code lines[2].quantity}), {@code data} otherwise. Never transient.
 */
public class EventDeserializationException extends ValidationException {
    private final String type;
    private final int schemaVersion;

    public EventDeserializationException(String type, int schemaVersion, String field, String problem, Throwable cause) {
        super(field, "Event type '" + type + "' v" + schemaVersion + ": '" + field + "' " + problem);
        this.type = type;
        this.schemaVersion = schemaVersion;
        if (cause != null) {
            initCause(cause);
        }
    }

    /** The type name the event was stored under. */
    public String type() {
        return type;
    }

    /** The schema version the event was stored under. */
    public int schemaVersion() {
        return schemaVersion;
    }
}
