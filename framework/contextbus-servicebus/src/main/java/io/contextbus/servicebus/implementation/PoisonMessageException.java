package io.contextbus.servicebus.implementation;

import io.contextbus.error.ContextBusException;
import io.contextbus.servicebus.DeadLetterReason;

/** A received message that can never be processed as it is; carries the dead-letter reason. Never transient. */
public final class PoisonMessageException extends ContextBusException {
    private final DeadLetterReason reason;

    PoisonMessageException(DeadLetterReason reason, String description) {
        super(description, false);
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }

    Disposition.DeadLetter toDisposition() {
        return new Disposition.DeadLetter(reason, getMessage());
    }
}
