package io.contextbus.replay.client;

import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import java.nio.file.Path;

/**
 * Remembers, per source, the position up to which the {@link Reconciler} has compared the source's
 * stream heads with the consumer's inbox, so that each run reads only what changed since. Kept with
 * the consumer's store, like the {@link CatchUpJournal}: a consumer that loses its store loses this
 * too and compares from the beginning. A write is atomic.
 */
public interface ReconcileJournal {

    /** The journal in {@code file}, written atomically (write, then rename). */
    static ReconcileJournal file(Path file) {
        return new FileReconcileJournal(file);
    }

    /** Where the comparison with {@code source} resumes; {@link Position#BEGINNING} when never written. */
    Position position(ContextName source);

    /** Records that everything of {@code source} before {@code position} has been compared. */
    void write(ContextName source, Position position);
}
