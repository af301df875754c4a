package io.contextbus.topology;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** Reads a topology file (the emulator's Config.json format plus contextbus extras) into a {@link Topology}. */
final class TopologyReader {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private TopologyReader() {
    }

    static Topology read(String json) {
        Checks.notNull(json, "json");
        JsonCursor root = JsonCursor.object(tree(json), "");
        root.allowOnly(Set.of("UserConfig"));
        JsonCursor user = root.child("UserConfig")
                .orElseThrow(() -> new TopologyException("UserConfig", "is required."));
        user.allowOnly(Set.of("Namespaces", "Logging"));
        List<JsonCursor> namespaces = user.array("Namespaces");
        if (namespaces.size() != 1) {
            throw new TopologyException("UserConfig.Namespaces", "must hold exactly one namespace (as the "
                    + "emulator's Config.json does) but holds " + namespaces.size() + ".");
        }
        JsonCursor ns = namespaces.get(0);
        ns.allowOnly(Set.of("Name", "Queues", "Topics"));
        List<QueueDefinition> queues = ns.array("Queues").stream().map(TopologyReader::queue).toList();
        List<TopicDefinition> topics = ns.array("Topics").stream().map(TopologyReader::topic).toList();
        String logging = Topology.DEFAULT_LOGGING;
        Optional<JsonCursor> log = user.child("Logging");
        if (log.isPresent()) {
            log.get().allowOnly(Set.of("Type"));
            logging = log.get().requiredString("Type");
        }
        return new Topology(ns.requiredString("Name"), queues, topics, logging);
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new TopologyException("", "The topology file is not valid JSON" + where + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private static QueueDefinition queue(JsonCursor q) {
        q.allowOnly(Set.of("Name", "Properties"));
        String name = q.requiredString("Name");
        QueueProperties d = QueueProperties.DEFAULT;
        QueueProperties props = q.child("Properties").map(p -> {
            p.allowOnly(Set.of("DeadLetteringOnMessageExpiration", "DefaultMessageTimeToLive",
                    "DuplicateDetectionHistoryTimeWindow", "ForwardDeadLetteredMessagesTo", "ForwardTo",
                    "LockDuration", "MaxDeliveryCount", "RequiresDuplicateDetection", "RequiresSession",
                    "MaxMessageSizeInKilobytes"));
            return at(p.path(), () -> new QueueProperties(
                    p.bool("DeadLetteringOnMessageExpiration", d.deadLetteringOnMessageExpiration()),
                    p.duration("DefaultMessageTimeToLive", d.defaultMessageTimeToLive()),
                    p.duration("DuplicateDetectionHistoryTimeWindow", d.duplicateDetectionHistoryTimeWindow()),
                    p.target("ForwardDeadLetteredMessagesTo"),
                    p.target("ForwardTo"),
                    p.duration("LockDuration", d.lockDuration()),
                    p.integer("MaxDeliveryCount", d.maxDeliveryCount()),
                    p.bool("RequiresDuplicateDetection", d.requiresDuplicateDetection()),
                    p.bool("RequiresSession", d.requiresSession()),
                    p.integer("MaxMessageSizeInKilobytes", d.maxMessageSizeInKilobytes())));
        }).orElse(d);
        return at(q.path(), () -> new QueueDefinition(name, props));
    }

    private static TopicDefinition topic(JsonCursor t) {
        t.allowOnly(Set.of("Name", "Properties", "Subscriptions"));
        String name = t.requiredString("Name");
        TopicProperties d = TopicProperties.DEFAULT;
        TopicProperties props = t.child("Properties").map(p -> {
            p.allowOnly(Set.of("DefaultMessageTimeToLive", "DuplicateDetectionHistoryTimeWindow",
                    "RequiresDuplicateDetection", "MaxMessageSizeInKilobytes", "SupportOrdering"));
            return at(p.path(), () -> new TopicProperties(
                    p.duration("DefaultMessageTimeToLive", d.defaultMessageTimeToLive()),
                    p.duration("DuplicateDetectionHistoryTimeWindow", d.duplicateDetectionHistoryTimeWindow()),
                    p.bool("RequiresDuplicateDetection", d.requiresDuplicateDetection()),
                    p.integer("MaxMessageSizeInKilobytes", d.maxMessageSizeInKilobytes()),
                    p.bool("SupportOrdering", d.supportOrdering())));
        }).orElse(d);
        List<SubscriptionDefinition> subs = t.array("Subscriptions").stream()
                .map(TopologyReader::subscription).toList();
        return at(t.path(), () -> new TopicDefinition(name, props, subs));
    }

    private static SubscriptionDefinition subscription(JsonCursor s) {
        s.allowOnly(Set.of("Name", "Properties", "Rules"));
        String name = s.requiredString("Name");
        SubscriptionProperties d = SubscriptionProperties.DEFAULT;
        SubscriptionProperties props = s.child("Properties").map(p -> {
            p.allowOnly(Set.of("DeadLetteringOnMessageExpiration", "DefaultMessageTimeToLive", "LockDuration",
                    "MaxDeliveryCount", "ForwardDeadLetteredMessagesTo", "ForwardTo", "RequiresSession",
                    "DeadLetteringOnFilterEvaluationExceptions"));
            return at(p.path(), () -> new SubscriptionProperties(
                    p.bool("DeadLetteringOnMessageExpiration", d.deadLetteringOnMessageExpiration()),
                    p.duration("DefaultMessageTimeToLive", d.defaultMessageTimeToLive()),
                    p.duration("LockDuration", d.lockDuration()),
                    p.integer("MaxDeliveryCount", d.maxDeliveryCount()),
                    p.target("ForwardDeadLetteredMessagesTo"),
                    p.target("ForwardTo"),
                    p.bool("RequiresSession", d.requiresSession()),
                    p.bool("DeadLetteringOnFilterEvaluationExceptions",
                            d.deadLetteringOnFilterEvaluationExceptions())));
        }).orElse(d);
        List<RuleDefinition> rules = s.array("Rules").stream().map(TopologyReader::rule).toList();
        return at(s.path(), () -> new SubscriptionDefinition(name, props, rules));
    }

    private static RuleDefinition rule(JsonCursor r) {
        r.allowOnly(Set.of("Name", "Properties"));
        String name = r.requiredString("Name");
        JsonCursor p = r.child("Properties")
                .orElseThrow(() -> new TopologyException(r.path("Properties"), "is required."));
        p.allowOnly(Set.of("FilterType", "SqlFilter", "CorrelationFilter", "Action"));
        RuleFilter filter = RuleFilterReader.filter(p);
        Optional<RuleAction> action = p.child("Action").map(a -> {
            a.allowOnly(Set.of("SqlExpression"));
            String sql = a.requiredString("SqlExpression");
            return at(a.path(), () -> new RuleAction(sql));
        });
        return at(r.path(), () -> new RuleDefinition(name, filter, action));
    }

    /**
     * Runs a record constructor, prefixing {@code path} to the relative path of a
     * {@link TopologyException} it throws. Errors raised while reading the JSON values (the
     * constructor's arguments) already carry their absolute path, which starts at the root.
     */
    static <T> T at(String path, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (TopologyException e) {
            if (e.path().startsWith("UserConfig")) {
                throw e;
            }
            throw e.under(path);
        }
    }

    /** Reads the {@code FilterType} and the matching filter object of a rule's Properties. */
    static final class RuleFilterReader {
        private static final Set<String> CORRELATION_FIELDS = Set.of("ContentType", "CorrelationId", "Label",
                "MessageId", "ReplyTo", "ReplyToSessionId", "SessionId", "To", "Properties");

        private RuleFilterReader() {
        }

        static RuleFilter filter(JsonCursor p) {
            String type = p.requiredString("FilterType");
            switch (type) {
                case "Sql" -> {
                    JsonCursor sql = p.child("SqlFilter").orElseThrow(() -> new TopologyException(
                            p.path("SqlFilter"), "is required when FilterType is Sql."));
                    sql.allowOnly(Set.of("SqlExpression"));
                    String expression = sql.requiredString("SqlExpression");
                    return at(sql.path(), () -> new SqlRuleFilter(expression));
                }
                case "Correlation" -> {
                    JsonCursor c = p.child("CorrelationFilter").orElseThrow(() -> new TopologyException(
                            p.path("CorrelationFilter"), "is required when FilterType is Correlation."));
                    return correlation(c);
                }
                default -> throw new TopologyException(p.path("FilterType"), "must be Sql or Correlation but was '"
                        + type + "'.");
            }
        }

        private static CorrelationRuleFilter correlation(JsonCursor c) {
            c.allowOnly(CORRELATION_FIELDS);
            Map<String, Object> properties = c.child("Properties").map(RuleFilterReader::values).orElse(Map.of());
            return at(c.path(), () -> new CorrelationRuleFilter(
                    c.string("ContentType").orElse(null), c.string("CorrelationId").orElse(null),
                    c.string("Label").orElse(null), c.string("MessageId").orElse(null),
                    c.string("ReplyTo").orElse(null), c.string("ReplyToSessionId").orElse(null),
                    c.string("SessionId").orElse(null), c.string("To").orElse(null), properties));
        }

        private static Map<String, Object> values(JsonCursor props) {
            Map<String, Object> values = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = props.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                JsonNode v = f.getValue();
                Object value;
                if (v.isTextual()) {
                    value = v.asText();
                } else if (v.isBoolean()) {
                    value = v.booleanValue();
                } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                    value = v.longValue();
                } else if (v.isFloatingPointNumber()) {
                    value = v.doubleValue();
                } else {
                    throw new TopologyException(props.path(f.getKey()), "must be a string, number or boolean but was "
                            + JsonCursor.describe(v) + ".");
                }
                values.put(f.getKey(), value);
            }
            return values;
        }
    }
}
