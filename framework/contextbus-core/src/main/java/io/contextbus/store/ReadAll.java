package io.contextbus.store;

import io.contextbus.model.CommitPage;
import io.contextbus.model.Position;
import java.time.Instant;

/**
 * Reads every commit of the store in store order: per stream in commitSequence order, and never
 * skipping a commit that a later read could still reveal before it (gap-free). This is what the
 * dispatcher and the replay service read.
 */
public interface ReadAll {
    /** At most {@code maxCount} commits after {@code after}, in store order. */
    CommitPage readAll(Position after, int maxCount);

    /**
     * A position from which {@link #readAll} returns every commit stamped at or after {@code time}
     * (it may also return a few earlier ones; readers filter by stamp when they must be exact).
     */
    Position positionAt(Instant time);
}
