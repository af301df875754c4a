package io.contextbus.model;

import io.contextbus.error.ValidationException;

/**
 * The id of one aggregate instance's stream: 1 to 200 characters, no control characters.
 */
public record StreamId(String value) implements Comparable<StreamId> {
    public static final int MAX_LENGTH = 200;

    public StreamId {
        validate(value, "streamId");
    }

    public static StreamId of(String value) {
        return new StreamId(value);
    }

    /** Validates a raw stream id, naming {@code field} in the error. */
    public static void validate(String value, String field) {
        ValidationException.requireNonNull(value, field);
        ValidationException.require(!value.isEmpty(), field, "cannot be empty.");
        ValidationException.require(value.length() <= MAX_LENGTH, field,
                "must be at most " + MAX_LENGTH + " characters but has " + value.length() + ".");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // the message is built only on failure: this runs for every stream id a store reads
            if (Character.isISOControl(c)) {
                throw new ValidationException(field, "'" + field + "' cannot contain control characters (found \\u"
                        + String.format("%04x", (int) c) + " at index " + i + ").");
            }
        }
    }

    @Override
    public int compareTo(StreamId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
