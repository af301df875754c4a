package io.contextbus.inbox;

import io.contextbus.model.Commit;
import java.util.List;
import java.util.Optional;

/** What {@link Inbox#receive} did with a commit. */
public sealed interface InboxResult {

    /**
     * The commit was applied, followed by the stashed commits it unblocked (in order, the received
     * commit first). {@code remainingGap} is set when commits are still stashed behind a gap.
     */
    record Applied(List<Commit> applied, Optional<Gap> remainingGap) implements InboxResult {
        public Applied {
            applied = List.copyOf(applied);
        }
    }

    /** The commit was applied before; nothing happened. */
    record Duplicate(long lastApplied) implements InboxResult {
    }

    /** The commit arrived ahead of a gap and is stashed until {@code gap} is filled. */
    record Stashed(Gap gap) implements InboxResult {
    }
}
