package io.contextbus.servicebus;

import io.contextbus.error.ContextBusException;

/**
 * A dead letter that {@link DeadLetters#resubmit} refuses because it is not a readable commit of its
 * source (a {@code cb_*} property missing, a body that is not a commit...): sending it again could only
 * dead-letter it again. {@link #reason()} says what breaks the message contract; discard it, or fix
 * the sender. Never transient.
 */
public final class NotResubmittableException extends ContextBusException {
    private final long sequenceNumber;
    private final DeadLetterReason reason;

    public NotResubmittableException(long sequenceNumber, DeadLetterReason reason, String why) {
        super("Dead letter " + sequenceNumber + " is not a readable commit (" + reason.value() + "), so it cannot be"
                + " resubmitted: " + why, false);
        this.sequenceNumber = sequenceNumber;
        this.reason = reason;
    }

    public long sequenceNumber() {
        return sequenceNumber;
    }

    /** What breaks the message contract. */
    public DeadLetterReason reason() {
        return reason;
    }
}
