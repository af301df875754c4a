package io.contextbus.handler;

import io.contextbus.error.ContextBusException;
import io.contextbus.inbox.ApplyOutcome;

/**
 * An event of a consumed commit that {@link Handlers#prepare} cannot hand to a handler: its type is
 * unknown or its data unreadable, so the commit can never be applied as it is. {@link #reason()} says
 * why. Never transient. A handler's own retry or reject is not an exception: it travels as an
 * {@link ApplyOutcome} ({@link Handlers#apply} returns this refusal as {@link #toOutcome()} too).
 */
public final class UnhandledEventException extends ContextBusException {

    /** Why the event was not handled. */
    public enum Reason {
        /**
         * Its type (or schema version) is neither handled, ignored, nor readable, and the policy is
         * {@link UnknownEventPolicy#DEAD_LETTER}.
         */
        UNKNOWN_EVENT_TYPE,
        /** Its data could not be read into its registered class. */
        UNDECODABLE_EVENT
    }

    private final Reason reason;

    UnhandledEventException(Reason reason, String message) {
        super(message, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** This refusal as the outcome of applying the commit. */
    public ApplyOutcome.Reject toOutcome() {
        return ApplyOutcome.reject(reason == Reason.UNKNOWN_EVENT_TYPE ? ApplyOutcome.Refusal.UNKNOWN_EVENT_TYPE
                : ApplyOutcome.Refusal.UNDECODABLE_EVENT, getMessage());
    }
}
