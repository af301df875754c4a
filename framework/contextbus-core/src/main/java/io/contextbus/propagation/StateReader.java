package io.contextbus.propagation;

import java.util.Optional;

/**
 * Reads an entity's current committed state, the one a propagation pushes. Reading at push time,
 * rather than carrying each change's state, is what makes the push always the latest state.
 *
 * @param <S> the state a sink receives
 */
@FunctionalInterface
public interface StateReader<S> {

    /** The current state of {@code entity}; empty when there is nothing to push (the mark is then cleared). */
    Optional<S> read(String entity) throws Exception;
}
