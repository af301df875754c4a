package io.contextbus.servicebus.local.implementation;

import java.util.HashMap;
import java.util.Map;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.message.Message;

import io.contextbus.servicebus.local.implementation.entity.Broker;

/**
 * The request/response nodes: {@code $cbs}, which accepts every token (the local broker does not
 * authenticate), and each entity's {@code $management} node.
 */
final class RequestNodes {

    private final Broker broker;

    RequestNodes(Broker broker) {
        this.broker = broker;
    }

    RequestHandler cbs() {
        return RequestNodes::putToken;
    }

    private static Message putToken(Message request) {
        Object operation = request.getApplicationProperties() == null ? null
                : request.getApplicationProperties().getValue().get("operation");
        if (!"put-token".equals(operation)) {
            return cbsStatus(501, "The $cbs operation '" + operation + "' is not supported by the local broker "
                    + "(only put-token).");
        }
        return cbsStatus(202, "Accepted");
    }

    /** $cbs responses carry {@code status-code} (int) and {@code status-description}. */
    private static Message cbsStatus(int code, String description) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("status-code", code);
        properties.put("status-description", description);
        Message response = Proton.message();
        response.setApplicationProperties(new ApplicationProperties(properties));
        return response;
    }

    RequestHandler management(String entityPath) {
        return new ManagementNode(entityPath, broker.sendTarget(entityPath), broker.receiveSource(entityPath));
    }
}
