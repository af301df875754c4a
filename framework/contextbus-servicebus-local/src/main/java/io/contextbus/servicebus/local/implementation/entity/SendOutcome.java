package io.contextbus.servicebus.local.implementation.entity;

import org.apache.qpid.proton.amqp.Symbol;

/**
 * The broker's answer to one transfer: accepted (possibly with duplicates dropped), or rejected
 * with an AMQP error condition and a description.
 */
public record SendOutcome(Symbol errorCondition, String description, long[] sequenceNumbers) {

    static final Symbol NOT_ALLOWED = Symbol.valueOf("amqp:not-allowed");
    static final Symbol SIZE_EXCEEDED = Symbol.valueOf("amqp:link:message-size-exceeded");
    static final Symbol ARGUMENT = Symbol.valueOf("com.microsoft:argument-out-of-range");

    public static SendOutcome accepted(long[] sequenceNumbers) {
        return new SendOutcome(null, null, sequenceNumbers);
    }

    public static SendOutcome rejected(Symbol condition, String description) {
        return new SendOutcome(condition, description, new long[0]);
    }

    public boolean isAccepted() {
        return errorCondition == null;
    }
}
