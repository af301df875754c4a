package io.contextbus.emulatortests;

import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClient;
import com.azure.messaging.servicebus.administration.models.RuleProperties;
import com.azure.messaging.servicebus.administration.models.SubscriptionProperties;
import com.azure.messaging.servicebus.administration.models.TopicProperties;
import io.contextbus.topology.RuleDefinition;
import io.contextbus.topology.SqlRuleFilter;
import io.contextbus.topology.SubscriptionDefinition;
import io.contextbus.topology.TopicDefinition;
import io.contextbus.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Before the suite runs against a live namespace (the emulator's management endpoint or Azure), reads
 * every topic, subscription and rule of the topology and lists what differs: a missing entity or a
 * property the promises depend on (duplicate detection and its window, sessions, delivery count,
 * lock, the rules). The reading is behind {@link Namespace}, so the comparison is unit-tested.
 */
final class EntityCheck {
    private EntityCheck() {
    }

    /** What the suite needs to know of a live topic. */
    record LiveTopic(boolean duplicateDetection, Duration duplicateDetectionWindow) {
    }

    /** What the suite needs to know of a live subscription; rules by name, SQL filters as their text. */
    record LiveSubscription(boolean sessions, int maxDeliveryCount, Duration lockDuration, Map<String, String> rules) {
    }

    /** A namespace as the check reads it. */
    interface Namespace {
        Optional<LiveTopic> topic(String name);

        Optional<LiveSubscription> subscription(String topic, String name);
    }

    /** The namespace behind a Service Bus administration client. */
    static Namespace of(ServiceBusAdministrationClient admin) {
        return new Namespace() {
            @Override
            public Optional<LiveTopic> topic(String name) {
                if (!admin.getTopicExists(name)) {
                    return Optional.empty();
                }
                TopicProperties t = admin.getTopic(name);
                return Optional.of(new LiveTopic(t.isDuplicateDetectionRequired(), t.getDuplicateDetectionHistoryTimeWindow()));
            }

            @Override
            public Optional<LiveSubscription> subscription(String topic, String name) {
                if (!admin.getSubscriptionExists(topic, name)) {
                    return Optional.empty();
                }
                SubscriptionProperties s = admin.getSubscription(topic, name);
                Map<String, String> rules = new TreeMap<>();
                for (RuleProperties rule : admin.listRules(topic, name)) {
                    rules.put(rule.getName(), rule.getFilter()
                            instanceof com.azure.messaging.servicebus.administration.models.SqlRuleFilter sql
                            ? sql.getSqlExpression() : String.valueOf(rule.getFilter()));
                }
                return Optional.of(new LiveSubscription(s.isSessionRequired(), s.getMaxDeliveryCount(), s.getLockDuration(),
                        rules));
            }
        };
    }

    /** Every difference between {@code expected} and {@code live}; empty when none. */
    static List<String> differences(Topology expected, Namespace live) {
        List<String> found = new ArrayList<>();
        for (TopicDefinition topic : expected.topics()) {
            Optional<LiveTopic> t = live.topic(topic.name());
            if (t.isEmpty()) {
                found.add("topic '" + topic.name() + "' is missing");
                continue;
            }
            compare(found, topic.name(), "RequiresDuplicateDetection", topic.properties().requiresDuplicateDetection(),
                    t.get().duplicateDetection());
            compare(found, topic.name(), "DuplicateDetectionHistoryTimeWindow",
                    topic.properties().duplicateDetectionHistoryTimeWindow(), t.get().duplicateDetectionWindow());
            for (SubscriptionDefinition sub : topic.subscriptions()) {
                subscription(found, live, topic.name(), sub);
            }
        }
        return found;
    }

    private static void subscription(List<String> found, Namespace live, String topic, SubscriptionDefinition sub) {
        String path = Topology.subscriptionPath(topic, sub.name());
        Optional<LiveSubscription> s = live.subscription(topic, sub.name());
        if (s.isEmpty()) {
            found.add("subscription '" + path + "' is missing");
            return;
        }
        compare(found, path, "RequiresSession", sub.properties().requiresSession(), s.get().sessions());
        compare(found, path, "MaxDeliveryCount", sub.properties().maxDeliveryCount(), s.get().maxDeliveryCount());
        compare(found, path, "LockDuration", sub.properties().lockDuration(), s.get().lockDuration());
        compare(found, path, "Rules", rules(sub), new TreeMap<>(s.get().rules()));
    }

    /** The subscription's effective rules as the check compares them: name to SQL text. */
    static Map<String, String> rules(SubscriptionDefinition sub) {
        Map<String, String> rules = new TreeMap<>();
        for (RuleDefinition rule : sub.effectiveRules()) {
            rules.put(rule.name(), rule.filter() instanceof SqlRuleFilter sql ? sql.sqlExpression()
                    : String.valueOf(rule.filter()));
        }
        return rules;
    }

    private static void compare(List<String> found, String entity, String property, Object expected, Object live) {
        if (!expected.equals(live)) {
            found.add(entity + " " + property + ": topology has " + expected + ", namespace has " + live);
        }
    }
}
