package io.contextbus.servicebus.local.implementation;

import java.util.HashMap;
import java.util.Map;

import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

import io.contextbus.servicebus.local.implementation.entity.Settlement;

/**
 * Maps AMQP outcomes to Service Bus settlements, as the Service Bus AMQP guide defines them:
 * accepted = complete, released = release, modified = abandon (a failed attempt), modified with
 * undeliverable-here = defer, rejected = dead-letter (reason and description from the error info).
 */
final class Dispositions {

    static final String REASON = "DeadLetterReason";
    static final String DESCRIPTION = "DeadLetterErrorDescription";

    record Decision(Settlement settlement, Map<String, Object> deadLetterProperties) {
    }

    private Dispositions() {
    }

    /** The settlement for an outcome, or null for a non-terminal state. */
    static Decision decide(DeliveryState state) {
        if (state instanceof Accepted) {
            return new Decision(Settlement.COMPLETE, Map.of());
        }
        if (state instanceof Released) {
            return new Decision(Settlement.RELEASE, Map.of());
        }
        if (state instanceof Modified modified) {
            boolean defer = Boolean.TRUE.equals(modified.getUndeliverableHere());
            return new Decision(defer ? Settlement.DEFER : Settlement.ABANDON, Map.of());
        }
        if (state instanceof Rejected rejected) {
            return new Decision(Settlement.DEAD_LETTER, deadLetterProperties(rejected.getError()));
        }
        return null;
    }

    /**
     * The outcome the broker settles a client's settlement with: the same outcome type, as clients
     * require; a dead-letter (Rejected) is acknowledged with a plain Rejected carrying no error, as
     * Service Bus does, because clients (the Node SDK among them) read an error there as a failure.
     */
    static DeliveryState acknowledgement(DeliveryState state) {
        return state instanceof Rejected ? new Rejected() : state;
    }

    /** Dead-letter application properties from a rejection's error info (keys may be symbols or strings). */
    static Map<String, Object> deadLetterProperties(ErrorCondition error) {
        Map<String, Object> properties = new HashMap<>();
        if (error != null && error.getInfo() != null) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) error.getInfo()).entrySet()) {
                if (entry.getKey() != null && entry.getValue() != null) {
                    properties.put(entry.getKey().toString(), entry.getValue());
                }
            }
        }
        if (!properties.containsKey(REASON) && error != null && error.getDescription() != null) {
            properties.put(DESCRIPTION, error.getDescription());
        }
        return properties;
    }

    /** Dead-letter properties from a management update-disposition request. */
    static Map<String, Object> deadLetterProperties(Object reason, Object description, Object modify) {
        Map<String, Object> properties = new HashMap<>();
        if (modify instanceof Map<?, ?> map) {
            map.forEach((k, v) -> properties.put(String.valueOf(k), v));
        }
        if (reason != null) {
            properties.put(REASON, reason.toString());
        }
        if (description != null) {
            properties.put(DESCRIPTION, description.toString());
        }
        return properties;
    }
}
