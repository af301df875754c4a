package io.contextbus.samples.common.domain;

/**
 * Argument checks for the samples' value records. They throw {@link IllegalArgumentException}
 * naming the field ({@code 'sku' cannot be blank.}), the same wording as the framework uses.
 */
public final class Require {
    private Require() {
    }

    public static String notBlank(String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' cannot be null.");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' cannot be blank.");
        }
        return value;
    }

    public static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' cannot be null.");
        }
        return value;
    }

    public static int positive(int value, String field) {
        if (value < 1) {
            throw new IllegalArgumentException("'" + field + "' must be at least 1 but was " + value + ".");
        }
        return value;
    }

    public static int notNegative(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException("'" + field + "' cannot be negative but was " + value + ".");
        }
        return value;
    }
}
