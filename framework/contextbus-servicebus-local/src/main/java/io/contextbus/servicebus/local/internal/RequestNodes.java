package io.contextbus.servicebus.local.internal;

import java.util.HashMap;
import java.util.Map;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.message.Message;

import io.contextbus.servicebus.local.internal.entity.Broker;

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
        Map<String, Object> properties = new HashMap<>();
        properties.put("status-code", 202);
        properties.put("status-description", "Accepted");
        Message response = Proton.message();
        response.setApplicationProperties(new ApplicationProperties(properties));
        return response;
    }

    RequestHandler management(String entityPath) {
        return new ManagementNode(entityPath, broker.sendTarget(entityPath), broker.receiveSource(entityPath));
    }
}
