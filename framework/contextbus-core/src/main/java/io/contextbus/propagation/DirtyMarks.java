package io.contextbus.propagation;

/**
 * {@link PropagationMarks} that a handler writes through its store's transaction, so that the
 * state change and its dirty mark commit together or not at all: a crash between the local commit
 * and the sink call leaves the entity dirty, and the next start pushes it.
 *
 * @param <T> the store's transaction handle (a JDBC connection for SQLite)
 */
public interface DirtyMarks<T> extends PropagationMarks {

    /**
     * Marks {@code entity} dirty at {@code version} inside {@code transaction}; a stored mark keeps
     * the higher of its version and {@code version}.
     *
     * @throws io.contextbus.error.ValidationException naming the argument when one is null, blank or negative
     */
    void mark(T transaction, String entity, long version);
}
