package io.contextbus.topology;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a contextbus {@link Topology} as the JSON that Bicep loads with {@code loadJsonContent}:
 * flat lists of queues, topics, subscriptions and rules whose {@code properties} objects are the
 * Azure Resource Manager properties of {@code Microsoft.ServiceBus/namespaces/...} (camelCase, ARM
 * filter names), plus the context that owns each topic and subscription, so role assignments can
 * follow the topology. The export targets a Standard namespace: a message size other than 256 KB
 * (Premium only) is refused, as are topics and subscriptions that are not named after a context
 * (roles could not be derived). ARM cannot delete the {@code $Default} rule that Service Bus adds
 * to every new subscription, so a subscription that declares rules gets {@code $Default} redefined
 * as the FalseFilter: it exists on Azure but never matches (the drift check ignores it).
 */
final class ArmExport {
    /** The only message size a Standard namespace has. */
    static final int STANDARD_MESSAGE_KB = 256;
    static final String GENERATED_NOTE = "Generated from the topology file by Topology.toArmJson(); do not edit. "
            + "Bicep (infra/modules/servicebus.bicep) loads it with loadJsonContent; a test fails when it differs "
            + "from a fresh export.";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String NS = "UserConfig.Namespaces[0]";

    private ArmExport() {
    }

    static String export(Topology topology) {
        ObjectNode root = JSON.objectNode();
        root.put("$comment", GENERATED_NOTE);
        Set<String> contexts = new LinkedHashSet<>();
        ArrayNode queues = root.putArray("queues");
        ArrayNode topics = root.putArray("topics");
        ArrayNode subscriptions = root.putArray("subscriptions");
        ArrayNode rules = root.putArray("rules");
        for (int i = 0; i < topology.queues().size(); i++) {
            QueueDefinition q = topology.queues().get(i);
            String at = NS + ".Queues[" + i + "]";
            requireStandardSize(q.properties().maxMessageSizeInKilobytes(), at);
            ObjectNode node = queues.addObject().put("name", q.name());
            node.set("properties", queue(q.properties()));
        }
        for (int i = 0; i < topology.topics().size(); i++) {
            TopicDefinition t = topology.topics().get(i);
            String at = NS + ".Topics[" + i + "]";
            String context = ContextBusTopology.contextOfTopic(t.name()).orElseThrow(() -> new TopologyException(
                    at + ".Name", "'" + t.name() + "' is not '<context>.events'; the Azure export assigns roles per "
                    + "context and cannot tell whose topic this is."));
            requireStandardSize(t.properties().maxMessageSizeInKilobytes(), at);
            contexts.add(context);
            ObjectNode node = topics.addObject().put("name", t.name()).put("context", context);
            node.set("properties", topic(t.properties()));
            for (int j = 0; j < t.subscriptions().size(); j++) {
                subscription(t.name(), t.subscriptions().get(j), at + ".Subscriptions[" + j + "]", subscriptions,
                        rules, contexts);
            }
        }
        ArrayNode contextList = JSON.arrayNode();
        contexts.forEach(contextList::add);
        root.set("contexts", contextList);
        return TopologyWriter.pretty(root);
    }

    private static void subscription(String topic, SubscriptionDefinition s, String at, ArrayNode subscriptions,
                                     ArrayNode rules, Set<String> contexts) {
        if (!ContextBusTopology.isContextName(s.name())) {
            throw new TopologyException(at + ".Name", "'" + s.name() + "' is not a context name; the Azure export "
                    + "gives the receive role on a subscription to the context it is named after.");
        }
        contexts.add(s.name());
        ObjectNode node = subscriptions.addObject().put("topic", topic).put("name", s.name()).put("context", s.name());
        node.set("properties", subscription(s.properties()));
        for (int k = 0; k < s.rules().size(); k++) {
            rule(topic, s.name(), s.rules().get(k), at + ".Rules[" + k + "]", rules);
        }
        boolean declaresDefault = s.rules().stream()
                .anyMatch(r -> r.name().equalsIgnoreCase(RuleDefinition.DEFAULT_RULE_NAME));
        if (!s.rules().isEmpty() && !declaresDefault) {
            rule(topic, s.name(), RuleDefinition.of(RuleDefinition.DEFAULT_RULE_NAME, SqlRuleFilter.FALSE), at, rules);
        }
    }

    private static void rule(String topic, String subscription, RuleDefinition r, String at, ArrayNode rules) {
        ObjectNode node = rules.addObject().put("topic", topic).put("subscription", subscription).put("name", r.name());
        ObjectNode props = node.putObject("properties");
        if (r.filter() instanceof SqlRuleFilter sql) {
            props.put("filterType", "SqlFilter");
            props.putObject("sqlFilter").put("sqlExpression", sql.sqlExpression());
        } else if (r.filter() instanceof CorrelationRuleFilter c) {
            props.put("filterType", "CorrelationFilter");
            correlation(props.putObject("correlationFilter"), c, at);
        }
        r.action().ifPresent(a -> props.putObject("action").put("sqlExpression", a.sqlExpression()));
    }

    private static void correlation(ObjectNode node, CorrelationRuleFilter c, String at) {
        putIfSet(node, "contentType", c.contentType());
        putIfSet(node, "correlationId", c.correlationId());
        putIfSet(node, "label", c.label());
        putIfSet(node, "messageId", c.messageId());
        putIfSet(node, "replyTo", c.replyTo());
        putIfSet(node, "replyToSessionId", c.replyToSessionId());
        putIfSet(node, "sessionId", c.sessionId());
        putIfSet(node, "to", c.to());
        if (!c.properties().isEmpty()) {
            ObjectNode props = node.putObject("properties");
            for (Map.Entry<String, Object> e : c.properties().entrySet()) {
                if (!(e.getValue() instanceof String value)) {
                    throw new TopologyException(at + ".Properties.CorrelationFilter.Properties." + e.getKey(),
                            "is " + e.getValue() + "; ARM correlation filter properties are strings only.");
                }
                props.put(e.getKey(), value);
            }
        }
    }

    private static ObjectNode queue(QueueProperties p) {
        ObjectNode props = JSON.objectNode();
        props.put("deadLetteringOnMessageExpiration", p.deadLetteringOnMessageExpiration());
        props.put("defaultMessageTimeToLive", iso(p.defaultMessageTimeToLive()));
        props.put("duplicateDetectionHistoryTimeWindow", iso(p.duplicateDetectionHistoryTimeWindow()));
        putIfSet(props, "forwardDeadLetteredMessagesTo", p.forwardDeadLetteredMessagesTo());
        putIfSet(props, "forwardTo", p.forwardTo());
        props.put("lockDuration", iso(p.lockDuration()));
        props.put("maxDeliveryCount", p.maxDeliveryCount());
        props.put("requiresDuplicateDetection", p.requiresDuplicateDetection());
        props.put("requiresSession", p.requiresSession());
        return props;
    }

    private static ObjectNode topic(TopicProperties p) {
        ObjectNode props = JSON.objectNode();
        props.put("defaultMessageTimeToLive", iso(p.defaultMessageTimeToLive()));
        props.put("duplicateDetectionHistoryTimeWindow", iso(p.duplicateDetectionHistoryTimeWindow()));
        props.put("requiresDuplicateDetection", p.requiresDuplicateDetection());
        props.put("supportOrdering", p.supportOrdering());
        return props;
    }

    private static ObjectNode subscription(SubscriptionProperties p) {
        ObjectNode props = JSON.objectNode();
        props.put("deadLetteringOnFilterEvaluationExceptions", p.deadLetteringOnFilterEvaluationExceptions());
        props.put("deadLetteringOnMessageExpiration", p.deadLetteringOnMessageExpiration());
        props.put("defaultMessageTimeToLive", iso(p.defaultMessageTimeToLive()));
        putIfSet(props, "forwardDeadLetteredMessagesTo", p.forwardDeadLetteredMessagesTo());
        putIfSet(props, "forwardTo", p.forwardTo());
        props.put("lockDuration", iso(p.lockDuration()));
        props.put("maxDeliveryCount", p.maxDeliveryCount());
        props.put("requiresSession", p.requiresSession());
        return props;
    }

    private static void requireStandardSize(int kilobytes, String at) {
        if (kilobytes != STANDARD_MESSAGE_KB) {
            throw new TopologyException(at + ".Properties.MaxMessageSizeInKilobytes", "is " + kilobytes
                    + "; a Standard namespace (what the Azure export deploys) has " + STANDARD_MESSAGE_KB
                    + " KB messages only.");
        }
    }

    private static void putIfSet(ObjectNode node, String field, Optional<String> value) {
        value.ifPresent(v -> node.put(field, v));
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String iso(Duration d) {
        return IsoDurations.format(d);
    }
}
