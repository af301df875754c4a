package io.contextbus.servicebus;

import io.contextbus.error.ContextBusException;

/** A received message that can never be processed as it is; carries the dead-letter reason. Never transient. */
final class PoisonMessageException extends ContextBusException {
    private final DeadLetterReason reason;

    PoisonMessageException(DeadLetterReason reason, String description) {
        super(description, false);
        this.reason = reason;
    }

    DeadLetterReason reason() {
        return reason;
    }

    Disposition.DeadLetter toDisposition() {
        return new Disposition.DeadLetter(reason, getMessage());
    }
}
