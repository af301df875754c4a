package io.contextbus.servicebus.local.implementation.codec;

/**
 * A transfer payload that is not a well-formed AMQP message (or a batch with such a message); the
 * message says what is wrong and where. The broker answers the transfer with {@code amqp:decode-error}.
 */
public final class MalformedMessageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
