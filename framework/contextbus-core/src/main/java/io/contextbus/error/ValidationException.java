package io.contextbus.error;

/**
 * An argument was null, empty, malformed or out of range. Names the offending field; retrying the
 * same call can never help, and nothing was written.
 */
public class ValidationException extends ContextBusException {
    private final String field;

    public ValidationException(String field, String message) {
        super(message, false);
        this.field = field;
    }

    /** The name of the offending field, as the caller knows it (e.g. {@code streamId}). */
    public String field() {
        return field;
    }

    /** Throws {@code '<field>' cannot be null.} when the value is null, otherwise returns it. */
    public static <T> T requireNonNull(T value, String field) {
        if (value == null) {
            throw new ValidationException(field, "'" + field + "' cannot be null.");
        }
        return value;
    }

    /** Throws unless {@code value} is a positive duration; returns it otherwise. */
    public static java.time.Duration requirePositive(java.time.Duration value, String field) {
        requireNonNull(value, field);
        require(!value.isNegative() && !value.isZero(), field, "must be positive but was " + value + ".");
        return value;
    }

    /** Throws when the condition does not hold, with {@code '<field>' <problem>}. */
    public static void require(boolean condition, String field, String problem) {
        if (!condition) {
            throw new ValidationException(field, "'" + field + "' " + problem);
        }
    }
}
