package io.contextbus.inbox;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.time.Instant;
import java.util.Optional;

/**
 * A stream of a source context that waits, durably in the consumer's inbox, behind one commit
 * ({@code commitSequence}, the next one to apply): {@link State#PARKED} until an operator retries or
 * skips it, or {@link State#WAITING} until {@link #waitingFor()} is met (then it is applied at once)
 * or {@link #deadline()} passes (then it parks). Later commits of the stream are stashed behind it;
 * every other stream flows.
 *
 * @param reason   one line: why it parked, or what it waits for
 * @param attempts how often the held commit was tried (1 when it first held the stream)
 * @param since    when the stream was first held at this commit
 */
public record StreamHold(ContextName source, StreamId streamId, long commitSequence, State state, String reason,
                         int attempts, Instant since, Optional<Dependency> waitingFor, Optional<Instant> deadline) {

    /** Why the stream is held. */
    public enum State {
        /** The commit cannot be applied as it is; an operator retries (after a fix), skips or replays it. */
        PARKED,
        /** A handler answered "not yet": the commit is applied as soon as its dependency is met. */
        WAITING
    }

    public StreamHold {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        ValidationException.require(commitSequence >= 1, "commitSequence", "must be at least 1 but was " + commitSequence + ".");
        ValidationException.requireNonNull(state, "state");
        ValidationException.requireNonNull(reason, "reason");
        ValidationException.require(attempts >= 1, "attempts", "must be at least 1 but was " + attempts + ".");
        ValidationException.requireNonNull(since, "since");
        ValidationException.requireNonNull(waitingFor, "waitingFor");
        ValidationException.requireNonNull(deadline, "deadline");
        ValidationException.require((state == State.WAITING) == waitingFor.isPresent(), "waitingFor",
                "must be present exactly when the state is WAITING.");
        ValidationException.require(waitingFor.isPresent() == deadline.isPresent(), "deadline",
                "must be present exactly when waitingFor is.");
    }

    /** A parked hold. */
    public static StreamHold parked(ContextName source, StreamId streamId, long commitSequence, String reason,
                                    int attempts, Instant since) {
        return new StreamHold(source, streamId, commitSequence, State.PARKED, reason, attempts, since,
                Optional.empty(), Optional.empty());
    }

    /** A hold waiting for {@code dependency} until {@code deadline}. */
    public static StreamHold waiting(ContextName source, StreamId streamId, long commitSequence, String reason,
                                     int attempts, Instant since, Dependency dependency, Instant deadline) {
        return new StreamHold(source, streamId, commitSequence, State.WAITING, reason, attempts, since,
                Optional.of(dependency), Optional.of(deadline));
    }

    public boolean isParked() {
        return state == State.PARKED;
    }

    /** {@code <source>/<streamId>:<commitSequence>}, as logs name the held commit. */
    public String key() {
        return source + "/" + streamId.value() + ":" + commitSequence;
    }
}
