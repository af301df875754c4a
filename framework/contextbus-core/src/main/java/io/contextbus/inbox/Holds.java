package io.contextbus.inbox;

import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The one rule, for inbox implementations, of which hold an outcome puts a stream under, so that
 * every store holds streams alike: a "not yet" ({@link ApplyOutcome.WaitFor}) waits until its
 * deadline (set when the commit first waited, kept across later tries) and parks once the deadline
 * has passed; every other outcome that holds the stream parks it with its description as the reason.
 * A commit held again counts one more attempt and keeps the time it was first held. Times are kept
 * to the millisecond.
 */
public final class Holds {
    private Holds() {
    }

    /**
     * The hold of {@code commit}'s stream after {@code outcome}, given the hold it was under before
     * (at the same commit) if any.
     *
     * @throws io.contextbus.error.ValidationException when {@code outcome} does not hold a stream
     */
    public static StreamHold after(Optional<StreamHold> previous, ContextName source, Commit commit,
                                   ApplyOutcome.NotApplied outcome, Instant now) {
        ValidationException.requireNonNull(previous, "previous");
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(commit, "commit");
        ValidationException.requireNonNull(outcome, "outcome");
        ValidationException.requireNonNull(now, "now");
        ValidationException.require(outcome.holdsStream(), "outcome", "does not hold a stream: " + outcome.describe());
        // stores keep times to the millisecond: a hold reads back equal to what was written
        now = now.truncatedTo(ChronoUnit.MILLIS);
        Optional<StreamHold> same = previous.filter(p -> p.commitSequence() == commit.commitSequence());
        int attempts = same.map(p -> p.attempts() + 1).orElse(1);
        Instant since = same.map(StreamHold::since).orElse(now);
        if (outcome instanceof ApplyOutcome.WaitFor w) {
            Instant deadline = same.flatMap(StreamHold::deadline).orElse(now.plus(w.timeLimit()));
            if (!now.isBefore(deadline)) {
                return StreamHold.parked(source, commit.streamId(), commit.commitSequence(), "waited longer than its"
                        + " time limit (" + w.timeLimit() + ", until " + deadline + ") " + w.describe(), attempts, since);
            }
            return StreamHold.waiting(source, commit.streamId(), commit.commitSequence(), w.describe(), attempts, since,
                    w.dependency(), deadline);
        }
        return StreamHold.parked(source, commit.streamId(), commit.commitSequence(), outcome.describe(), attempts, since);
    }
}
