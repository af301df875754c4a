package io.contextbus.replay.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.error.ValidationException;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CatchUpJournal} does: empty until written, the last entry afterwards, also for
 * a journal opened again on the same storage. One-line subclasses run it on each implementation.
 */
abstract class CatchUpJournalContract {

    /** A journal; a second call opens the same storage again. */
    abstract CatchUpJournal journal();

    @Test
    @DisplayName("empty until written; then the last entry, also when opened again")
    void remembers_the_last_entry() {
        CatchUpJournal journal = journal();
        assertEquals(Optional.empty(), journal.read());

        journal.write(new CatchUpJournal.Entry("r0123456789a", false));
        assertEquals(Optional.of(new CatchUpJournal.Entry("r0123456789a", false)), journal.read());

        journal.write(new CatchUpJournal.Entry("r0123456789a", true));
        assertEquals(Optional.of(new CatchUpJournal.Entry("r0123456789a", true)), journal().read(),
                "a journal opened again on the same storage sees it");
    }

    @Test
    @DisplayName("a missing entry or replay id is refused naming it")
    void refuses_bad_entries() {
        assertEquals("entry", assertThrows(ValidationException.class, () -> journal().write(null)).field());
        assertEquals("replayId", assertThrows(ValidationException.class, () -> new CatchUpJournal.Entry(" ", true)).field());
    }
}
