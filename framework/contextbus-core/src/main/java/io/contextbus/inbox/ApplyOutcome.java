package io.contextbus.inbox;

import io.contextbus.error.ContextBusException;
import io.contextbus.error.ValidationException;
import java.time.Duration;

/**
 * What applying one commit came to, as a value that travels from the handlers through the
 * {@link Inbox} to whatever settles the message: {@link Applied}, or one of the
 * {@link NotApplied} cases, after which the inbox rolls its transaction back entirely and says so
 * with {@link InboxResult.RolledBack}. {@link Retry} and a transient {@link Failed} are worth
 * another try (the Service Bus consumer abandons the message); {@link Reject} and a non-transient
 * {@link Failed} never succeed as they are: the inbox parks the stream at that commit (see
 * {@link NotApplied#holdsStream()}). {@link WaitFor} is a handler's "not yet": the inbox holds the
 * commit until the dependency is met, or parks it when the time limit passes.
 *
 * <p>An exception thrown while applying becomes an outcome in one place, {@link #failed(Throwable)}:
 * a non-transient {@link ContextBusException} can never succeed, anything else may.
 */
public sealed interface ApplyOutcome {

    /** The commit's effects are written in the transaction. */
    ApplyOutcome APPLIED = new Applied();

    /** Try the whole commit again later; {@code why} names the event and the reason. */
    static Retry retry(String why) {
        return new Retry(why);
    }

    /** The commit can never be applied as it is; {@code why} names the event and the reason. */
    static Reject reject(Refusal refusal, String why) {
        return new Reject(refusal, why);
    }

    /**
     * Not yet: hold the commit (and its stream behind it) until this consumer has applied
     * {@code dependency}, at most {@code timeLimit}; then the stream parks with a reason.
     */
    static WaitFor waitFor(Dependency dependency, Duration timeLimit, String why) {
        return new WaitFor(dependency, timeLimit, why);
    }

    /**
     * The one rule turning what an applier or a handler threw into an outcome: retryable unless it is
     * a non-transient {@link ContextBusException}. The cause is kept for the logs.
     */
    static Failed failed(Throwable cause) {
        ValidationException.requireNonNull(cause, "cause");
        return new Failed(cause, !(cause instanceof ContextBusException c) || c.isTransient());
    }

    /** Whether this outcome lets the inbox commit its transaction. */
    default boolean isApplied() {
        return this instanceof Applied;
    }

    /** See {@link #APPLIED}. */
    record Applied() implements ApplyOutcome {
    }

    /** Every outcome after which the inbox rolls back: the commit is not applied. */
    sealed interface NotApplied extends ApplyOutcome {
        /** One line for a log or a dead-letter description. */
        String describe();

        /**
         * Whether the inbox holds the stream at this commit (parks it, or makes it wait) and keeps
         * the commits applied before it in the same receive, instead of rolling the receive back:
         * true for {@link Reject}, a non-retryable {@link Failed} and {@link WaitFor}.
         */
        default boolean holdsStream() {
            return false;
        }
    }

    /** See {@link #retry(String)}: a handler asked for it, or a decorator turned a failure into it. */
    record Retry(String why) implements NotApplied {
        public Retry {
            ValidationException.requireNonNull(why, "why");
        }

        @Override
        public String describe() {
            return why;
        }
    }

    /** See {@link #reject(Refusal, String)}. */
    record Reject(Refusal refusal, String why) implements NotApplied {
        public Reject {
            ValidationException.requireNonNull(refusal, "refusal");
            ValidationException.requireNonNull(why, "why");
        }

        @Override
        public String describe() {
            return why;
        }

        @Override
        public boolean holdsStream() {
            return true;
        }
    }

    /** See {@link #waitFor(Dependency, Duration, String)}. */
    record WaitFor(Dependency dependency, Duration timeLimit, String why) implements NotApplied {
        public WaitFor {
            ValidationException.requireNonNull(dependency, "dependency");
            ValidationException.requirePositive(timeLimit, "timeLimit");
            ValidationException.requireNonNull(why, "why");
        }

        @Override
        public String describe() {
            return "waiting for " + dependency + ": " + why;
        }

        @Override
        public boolean holdsStream() {
            return true;
        }
    }

    /**
     * Applying threw {@code cause}; {@code retryable} follows {@link #failed(Throwable)}'s rule (build
     * it with that method).
     */
    record Failed(Throwable cause, boolean retryable) implements NotApplied {
        public Failed {
            ValidationException.requireNonNull(cause, "cause");
        }

        @Override
        public String describe() {
            return cause.toString();
        }

        @Override
        public boolean holdsStream() {
            return !retryable;
        }
    }

    /** Why a commit can never be applied as it is. */
    enum Refusal {
        /** A handler returned {@code HandlerResult.reject}. */
        REJECTED,
        /** An event's type (or schema version) is neither handled, ignored nor readable. */
        UNKNOWN_EVENT_TYPE,
        /** An event's data could not be read into its registered class. */
        UNDECODABLE_EVENT
    }
}
