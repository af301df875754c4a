package io.contextbus.handler;

import io.contextbus.error.ContextBusException;

/**
 * An event of a consumed commit that {@link Handlers} could not hand to a handler, or whose handler
 * declined it; the commit is not applied. {@link #reason()} says why, and a consumer adapter maps it
 * to the message's fate at its edge (the Service Bus consumer: dead-letter reason, or abandon).
 * Transient only for {@link Reason#RETRY_REQUESTED}: nothing else changes by trying again.
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
        UNDECODABLE_EVENT,
        /** Its handler returned {@link HandlerResult#reject}. */
        REJECTED,
        /** Its handler returned {@link HandlerResult#retry}. */
        RETRY_REQUESTED
    }

    private final Reason reason;

    UnhandledEventException(Reason reason, String message) {
        super(message, reason == Reason.RETRY_REQUESTED);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
