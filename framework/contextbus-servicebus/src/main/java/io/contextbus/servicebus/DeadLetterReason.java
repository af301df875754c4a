package io.contextbus.servicebus;

/**
 * Why a consumer dead-lettered a message; {@link #value()} is what goes into the message's
 * {@code DeadLetterReason}, and {@code DeadLetterErrorDescription} names the field or event at fault.
 * A dead-lettered message never blocks its session: the next message of the session is processed.
 */
public enum DeadLetterReason {
    /** A {@code cb_*} application property is absent or of the wrong type. */
    MISSING_PROPERTY("MissingProperty"),
    /** A {@code cb_*} property disagrees with the body, or the message came from another context's topic. */
    PROPERTY_MISMATCH("PropertyMismatch"),
    /** The body is not a commit as {@code CommitCodec} writes it (not JSON, a field missing...). */
    UNDECODABLE_BODY("UndecodableBody"),
    /** An event's type (or schema version) is one this consumer cannot read. */
    UNKNOWN_EVENT_TYPE("UnknownEventType"),
    /** An event's data could not be read into its class. */
    UNDECODABLE_EVENT("UndecodableEvent"),
    /** A handler returned {@link io.contextbus.handler.HandlerResult#reject}. */
    HANDLER_REJECTED("HandlerRejected"),
    /** A handler threw an error that retrying cannot fix (a non-transient contextbus exception). */
    HANDLER_FAILED("HandlerFailed");

    private final String value;

    DeadLetterReason(String value) {
        this.value = value;
    }

    /** The {@code DeadLetterReason} property value, e.g. {@code UndecodableBody}. */
    public String value() {
        return value;
    }
}
