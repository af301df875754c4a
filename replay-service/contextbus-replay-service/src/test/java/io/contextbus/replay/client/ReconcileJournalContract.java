package io.contextbus.replay.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReconcileJournal} does: the beginning until written, then the last position per
 * source, sources independent, also for a journal opened again on the same storage. One-line
 * subclasses run it on each implementation.
 */
abstract class ReconcileJournalContract {
    static final ContextName ORDERING = ContextName.of("ordering");
    static final ContextName CATALOG = ContextName.of("catalog");

    /** A journal; a second call opens the same storage again. */
    abstract ReconcileJournal journal();

    @Test
    @DisplayName("the beginning until written; then the last position per source, also when opened again")
    void remembers_the_last_position_per_source() {
        ReconcileJournal journal = journal();
        assertEquals(Position.BEGINNING, journal.position(ORDERING));

        journal.write(ORDERING, Position.of(17));
        // An opaque continuation token with spaces, quotes and a line break survives as it is.
        Position token = new Position("[{\"token\":\"\\\"42\\\"\",\"range\":{\"min\":\"\",\"max\":\"FF\"}}]\n x");
        journal.write(CATALOG, token);
        journal.write(ORDERING, Position.of(23));

        assertEquals(Position.of(23), journal().position(ORDERING), "a journal opened again on the same storage sees it");
        assertEquals(token, journal().position(CATALOG));
    }

    @Test
    @DisplayName("a missing source or position is refused naming it")
    void refuses_bad_arguments() {
        assertEquals("source", assertThrows(ValidationException.class, () -> journal().position(null)).field());
        assertEquals("source", assertThrows(ValidationException.class, () -> journal().write(null, Position.BEGINNING)).field());
        assertEquals("position", assertThrows(ValidationException.class, () -> journal().write(ORDERING, null)).field());
    }
}
