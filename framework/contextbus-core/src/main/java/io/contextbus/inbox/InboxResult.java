package io.contextbus.inbox;

import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import java.util.List;
import java.util.Optional;

/**
 * What {@link Inbox#receive} did with a commit: applied it (and what it unblocked), dropped it as a
 * duplicate, stashed it ahead of a gap, or rolled everything back because the applier did not apply
 * a commit. A caller switches over these four cases to settle the message.
 */
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

    /**
     * The applier did not apply {@code commit} and said why ({@code outcome}); the inbox rolled its
     * transaction back entirely: no write of the applier, no inbox change, the stash as it was.
     * {@code commit} is the received commit, or a stashed one that the received commit unblocked
     * (then the received commit is not applied either, and the receive's fate is that outcome).
     */
    record RolledBack(Commit commit, ApplyOutcome.NotApplied outcome) implements InboxResult {
        public RolledBack {
            ValidationException.requireNonNull(commit, "commit");
            ValidationException.requireNonNull(outcome, "outcome");
        }
    }
}
