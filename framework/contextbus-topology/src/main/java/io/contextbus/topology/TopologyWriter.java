package io.contextbus.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a {@link Topology} as a topology file. Every property is written explicitly, so the file
 * means the same to every reader whatever its defaults (the emulator's differ from Azure's). In
 * emulator mode the contextbus extras are left out, giving a file the emulator's schema accepts.
 */
final class TopologyWriter {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    // "Name": "x" and one array element per line: the layout of the emulator's own samples.
    private static final ObjectWriter PRETTY = JSON.writer(new DefaultPrettyPrinter(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
            .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n")));

    private TopologyWriter() {
    }

    static String write(Topology topology, boolean emulator) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode user = root.putObject("UserConfig");
        ObjectNode ns = user.putArray("Namespaces").addObject();
        ns.put("Name", topology.namespace());
        ArrayNode queues = ns.putArray("Queues");
        topology.queues().forEach(q -> queue(queues.addObject(), q, emulator));
        ArrayNode topics = ns.putArray("Topics");
        topology.topics().forEach(t -> topic(topics.addObject(), t, emulator));
        user.putObject("Logging").put("Type", topology.logging());
        return pretty(root);
    }

    /** The layout every file the topology module writes uses, ending with a line feed. */
    static String pretty(ObjectNode root) {
        try {
            return PRETTY.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static void queue(ObjectNode node, QueueDefinition queue, boolean emulator) {
        node.put("Name", queue.name());
        node.set("Properties", properties(queue.properties(), emulator));
    }

    static ObjectNode properties(QueueProperties p, boolean emulator) {
        ObjectNode props = JSON.createObjectNode();
        props.put("DeadLetteringOnMessageExpiration", p.deadLetteringOnMessageExpiration());
        props.put("DefaultMessageTimeToLive", iso(p.defaultMessageTimeToLive()));
        props.put("DuplicateDetectionHistoryTimeWindow", iso(p.duplicateDetectionHistoryTimeWindow()));
        props.put("ForwardDeadLetteredMessagesTo", target(p.forwardDeadLetteredMessagesTo()));
        props.put("ForwardTo", target(p.forwardTo()));
        props.put("LockDuration", iso(p.lockDuration()));
        props.put("MaxDeliveryCount", p.maxDeliveryCount());
        props.put("RequiresDuplicateDetection", p.requiresDuplicateDetection());
        props.put("RequiresSession", p.requiresSession());
        if (!emulator) {
            props.put("MaxMessageSizeInKilobytes", p.maxMessageSizeInKilobytes());
        }
        return props;
    }

    private static void topic(ObjectNode node, TopicDefinition topic, boolean emulator) {
        node.put("Name", topic.name());
        node.set("Properties", properties(topic.properties(), emulator));
        ArrayNode subs = node.putArray("Subscriptions");
        topic.subscriptions().forEach(s -> subscription(subs.addObject(), s, emulator));
    }

    static ObjectNode properties(TopicProperties p, boolean emulator) {
        ObjectNode props = JSON.createObjectNode();
        props.put("DefaultMessageTimeToLive", iso(p.defaultMessageTimeToLive()));
        props.put("DuplicateDetectionHistoryTimeWindow", iso(p.duplicateDetectionHistoryTimeWindow()));
        props.put("RequiresDuplicateDetection", p.requiresDuplicateDetection());
        if (!emulator) {
            props.put("MaxMessageSizeInKilobytes", p.maxMessageSizeInKilobytes());
            props.put("SupportOrdering", p.supportOrdering());
        }
        return props;
    }

    private static void subscription(ObjectNode node, SubscriptionDefinition sub, boolean emulator) {
        node.put("Name", sub.name());
        node.set("Properties", properties(sub.properties(), emulator));
        ArrayNode rules = node.putArray("Rules");
        sub.rules().forEach(r -> rule(rules.addObject(), r));
    }

    static ObjectNode properties(SubscriptionProperties p, boolean emulator) {
        ObjectNode props = JSON.createObjectNode();
        props.put("DeadLetteringOnMessageExpiration", p.deadLetteringOnMessageExpiration());
        props.put("DefaultMessageTimeToLive", iso(p.defaultMessageTimeToLive()));
        props.put("LockDuration", iso(p.lockDuration()));
        props.put("MaxDeliveryCount", p.maxDeliveryCount());
        props.put("ForwardDeadLetteredMessagesTo", target(p.forwardDeadLetteredMessagesTo()));
        props.put("ForwardTo", target(p.forwardTo()));
        props.put("RequiresSession", p.requiresSession());
        if (!emulator) {
            props.put("DeadLetteringOnFilterEvaluationExceptions", p.deadLetteringOnFilterEvaluationExceptions());
        }
        return props;
    }

    private static void rule(ObjectNode node, RuleDefinition rule) {
        node.put("Name", rule.name());
        node.set("Properties", properties(rule));
    }

    static ObjectNode properties(RuleDefinition rule) {
        ObjectNode props = JSON.createObjectNode();
        props.put("FilterType", rule.filter().filterType());
        if (rule.filter() instanceof SqlRuleFilter sql) {
            props.putObject("SqlFilter").put("SqlExpression", sql.sqlExpression());
        } else if (rule.filter() instanceof CorrelationRuleFilter c) {
            correlation(props.putObject("CorrelationFilter"), c);
        }
        rule.action().ifPresent(a -> props.putObject("Action").put("SqlExpression", a.sqlExpression()));
        return props;
    }

    private static void correlation(ObjectNode node, CorrelationRuleFilter c) {
        putIfSet(node, "ContentType", c.contentType());
        putIfSet(node, "CorrelationId", c.correlationId());
        putIfSet(node, "Label", c.label());
        putIfSet(node, "MessageId", c.messageId());
        putIfSet(node, "ReplyTo", c.replyTo());
        putIfSet(node, "ReplyToSessionId", c.replyToSessionId());
        putIfSet(node, "SessionId", c.sessionId());
        putIfSet(node, "To", c.to());
        if (!c.properties().isEmpty()) {
            ObjectNode props = node.putObject("Properties");
            for (Map.Entry<String, Object> e : c.properties().entrySet()) {
                props.set(e.getKey(), JSON.valueToTree(e.getValue()));
            }
        }
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String iso(Duration d) {
        return IsoDurations.format(d);
    }

    private static String target(Optional<String> target) {
        return target.orElse("");
    }
}
