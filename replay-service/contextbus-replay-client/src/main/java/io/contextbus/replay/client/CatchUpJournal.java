package io.contextbus.replay.client;

import io.contextbus.error.ValidationException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Remembers a context's catch-up across restarts: the replay it asked for and whether it has been
 * applied. Kept with the context's store, so that a context that loses its store loses this too
 * and catches up again: a file beside a SQLite store ({@link #file}), a document in a Cosmos DB
 * context's own container ({@link CosmosCatchUpJournal}). A write is atomic: a reader sees the
 * previous entry or the new one.
 */
public interface CatchUpJournal {

    /** The journal in {@code file}, written atomically (write, then rename). */
    static CatchUpJournal file(Path file) {
        return new FileCatchUpJournal(file);
    }

    /** The replay asked for, and whether it was applied; empty when the context never asked. */
    Optional<Entry> read();

    /** Replaces the entry. */
    void write(Entry entry);

    /** A catch-up replay and whether the context has applied everything it brings. */
    record Entry(String replayId, boolean applied) {
        public Entry {
            ValidationException.requireNonNull(replayId, "replayId");
            ValidationException.require(!replayId.isBlank(), "replayId", "cannot be blank.");
        }
    }
}
