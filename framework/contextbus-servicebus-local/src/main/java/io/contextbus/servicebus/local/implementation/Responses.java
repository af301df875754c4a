package io.contextbus.servicebus.local.implementation;

import java.util.HashMap;
import java.util.Map;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.message.Message;

/** Management responses: {@code statusCode} (int), {@code statusDescription}, an AMQP map body. */
final class Responses {

    private Responses() {
    }

    static Message ok(Map<String, ?> body) {
        return status(200, "OK", body);
    }

    static Message status(int code, String description, Map<String, ?> body) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("statusCode", code);
        properties.put("statusDescription", description);
        Message message = Proton.message();
        message.setApplicationProperties(new ApplicationProperties(properties));
        message.setBody(new AmqpValue(new HashMap<>(body)));
        return message;
    }

    static Message error(int code, Symbol condition, String description) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("statusCode", code);
        properties.put("statusDescription", description);
        properties.put("errorCondition", condition);
        Message message = Proton.message();
        message.setApplicationProperties(new ApplicationProperties(properties));
        message.setBody(new AmqpValue(null));
        return message;
    }
}
