package io.contextbus.servicebus;

import com.azure.messaging.servicebus.ServiceBusMessage;
import io.contextbus.servicebus.implementation.InboundMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Turns a message as the publisher builds it into what the consumer receives, optionally tampered with. */
final class Inbound {
    private Inbound() {
    }

    static InboundMessage of(ServiceBusMessage m) {
        return of(m, p -> { });
    }

    static InboundMessage of(ServiceBusMessage m, Consumer<Map<String, Object>> tamper) {
        Map<String, Object> props = new HashMap<>(m.getApplicationProperties());
        tamper.accept(props);
        return new InboundMessage(m.getMessageId(), m.getSessionId(), m.getContentType(), 0, props,
                m.getBody().toBytes(), null);
    }

    static InboundMessage withBody(ServiceBusMessage m, byte[] body) {
        return new InboundMessage(m.getMessageId(), m.getSessionId(), m.getContentType(), 0,
                new HashMap<>(m.getApplicationProperties()), body, null);
    }
}
