package io.contextbus.inbox;

import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import java.util.List;
import java.util.Optional;

/**
 * What {@link Inbox#receive} did with a commit: applied it (and what it unblocked), dropped it as a
 * duplicate, stashed it ahead of a gap, or rolled everything back because the applier did not apply
 * a commit, or held the stream: parked or waiting at a commit ({@link Held}), or stashed the commit
 * behind such a hold ({@link Behind}). A caller switches over these six cases to settle the message.
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
     * The applier did not apply {@code hold.commitSequence()} and its outcome holds the stream
     * ({@link ApplyOutcome.NotApplied#holdsStream()}): that commit is kept (stashed) under
     * {@code hold}, and the commits of {@code applied} (applied before it in this receive, in
     * order; maybe none) stay applied. {@code outcome} is what the applier answered.
     */
    record Held(StreamHold hold, ApplyOutcome.NotApplied outcome, List<Commit> applied) implements InboxResult {
        public Held {
            ValidationException.requireNonNull(hold, "hold");
            ValidationException.requireNonNull(outcome, "outcome");
            applied = List.copyOf(ValidationException.requireNonNull(applied, "applied"));
        }
    }

    /**
     * The stream is held at an earlier commit ({@code hold}): the received commit is stashed behind it
     * (once) and waits; nothing is missing, so there is no gap to report.
     */
    record Behind(StreamHold hold) implements InboxResult {
        public Behind {
            ValidationException.requireNonNull(hold, "hold");
        }
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
