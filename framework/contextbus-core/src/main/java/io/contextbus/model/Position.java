package io.contextbus.model;

import io.contextbus.error.ValidationException;

/**
 * A point in a store's global order of commits, opaque to everyone but the store that issued it
 * (a row number for SQLite, a change-feed continuation for Cosmos DB). {@link #BEGINNING} is before
 * the first commit. Positions are what the dispatcher checkpoints.
 */
public record Position(String token) {
    public static final Position BEGINNING = new Position("");

    public Position {
        ValidationException.requireNonNull(token, "position");
    }

    public static Position of(long value) {
        ValidationException.require(value >= 0, "position", "must be non-negative but was " + value + ".");
        return value == 0 ? BEGINNING : new Position(Long.toString(value));
    }

    public boolean isBeginning() {
        return token.isEmpty();
    }

    /** This position as a number, for stores whose positions are numbers. */
    public long asLong() {
        if (token.isEmpty()) {
            return 0L;
        }
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw new ValidationException("position", "'position' is not a numeric position: '" + token + "'.");
        }
    }

    @Override
    public String toString() {
        return token.isEmpty() ? "BEGINNING" : token;
    }
}
