package io.contextbus.servicebus.implementation;

import java.util.Map;

/**
 * The parts of a received Service Bus message the consumer pipeline decides on, free of the SDK so
 * that the decisions can be unit-tested. {@code body} is null when the message has no data body;
 * {@code bodyProblem} then says what it has instead.
 */
public record InboundMessage(
        String messageId,
        String sessionId,
        String contentType,
        long deliveryCount,
        Map<String, Object> properties,
        byte[] body,
        String bodyProblem) {

    public InboundMessage {
        properties = properties == null ? Map.of() : properties;
    }

    /** {@code key=value} context for the log line about this message. */
    String logContext() {
        return "messageId=" + messageId + " session=" + sessionId + " deliveryCount=" + deliveryCount;
    }
}
