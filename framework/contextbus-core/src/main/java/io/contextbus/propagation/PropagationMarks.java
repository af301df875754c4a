package io.contextbus.propagation;

import java.util.List;
import java.util.function.Consumer;

/**
 * The durable side of a {@link DebouncedPropagation}: which entities are dirty (changed, not yet
 * pushed), read at startup, cleared once the sink accepted a version, and announced once durable.
 *
 * <p>Guarantee: a mark is removed only by {@link #clear} with a version at least as new as the
 * stored one, so a change that arrives while an older version is being pushed stays dirty.
 */
public interface PropagationMarks {

    /** Every dirty entity with the version of its latest change; what a propagation pushes at startup. */
    List<DirtyMark> pending();

    /**
     * Removes the mark of {@code pushed.entity()} if its stored version is at most
     * {@code pushed.version()}; a newer mark stays.
     *
     * @return whether a mark was removed
     */
    boolean clear(DirtyMark pushed);

    /**
     * Calls {@code listener} with each mark once it is durable (after the transaction that wrote it
     * committed), on the thread that committed: the listener must only signal, never block.
     * A mark of a transaction that rolled back may be announced too; a propagation tolerates that.
     *
     * @return closing it removes the listener
     */
    AutoCloseable onMarked(Consumer<DirtyMark> listener);
}
