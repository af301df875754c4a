package io.contextbus.emulatortests;

import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClient;
import com.azure.messaging.servicebus.administration.models.RuleProperties;
import com.azure.messaging.servicebus.administration.models.SqlRuleFilter;
import com.azure.messaging.servicebus.administration.models.SubscriptionProperties;
import com.azure.messaging.servicebus.administration.models.TopicProperties;
import io.contextbus.topology.RuleDefinition;
import io.contextbus.topology.SubscriptionDefinition;
import io.contextbus.topology.TopicDefinition;
import io.contextbus.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Before the suite runs against a live namespace (the emulator's management endpoint or Azure), reads
 * every topic, subscription and rule of the topology through the administration client and lists
 * what differs: a missing entity or a property the promises depend on (duplicate detection and its
 * window, sessions, delivery count, lock, the replay rule).
 */
final class EntityCheck {
    private EntityCheck() {
    }

    /** Every difference between {@code expected} and the namespace {@code admin} reads; empty when none. */
    static List<String> differences(Topology expected, ServiceBusAdministrationClient admin) {
        List<String> found = new ArrayList<>();
        for (TopicDefinition topic : expected.topics()) {
            if (!admin.getTopicExists(topic.name())) {
                found.add("topic '" + topic.name() + "' is missing");
                continue;
            }
            TopicProperties live = admin.getTopic(topic.name());
            compare(found, topic.name(), "RequiresDuplicateDetection", topic.properties().requiresDuplicateDetection(),
                    live.isDuplicateDetectionRequired());
            compare(found, topic.name(), "DuplicateDetectionHistoryTimeWindow",
                    topic.properties().duplicateDetectionHistoryTimeWindow(), live.getDuplicateDetectionHistoryTimeWindow());
            for (SubscriptionDefinition sub : topic.subscriptions()) {
                subscription(found, admin, topic.name(), sub);
            }
        }
        return found;
    }

    private static void subscription(List<String> found, ServiceBusAdministrationClient admin, String topic,
                                     SubscriptionDefinition sub) {
        String path = Topology.subscriptionPath(topic, sub.name());
        if (!admin.getSubscriptionExists(topic, sub.name())) {
            found.add("subscription '" + path + "' is missing");
            return;
        }
        SubscriptionProperties live = admin.getSubscription(topic, sub.name());
        compare(found, path, "RequiresSession", sub.properties().requiresSession(), live.isSessionRequired());
        compare(found, path, "MaxDeliveryCount", sub.properties().maxDeliveryCount(), live.getMaxDeliveryCount());
        compare(found, path, "LockDuration", sub.properties().lockDuration(), live.getLockDuration());
        Map<String, String> expectedRules = new TreeMap<>();
        for (RuleDefinition rule : sub.effectiveRules()) {
            expectedRules.put(rule.name(), rule.filter() instanceof io.contextbus.topology.SqlRuleFilter sql
                    ? sql.sqlExpression() : rule.filter().toString());
        }
        Map<String, String> liveRules = new TreeMap<>();
        for (RuleProperties rule : admin.listRules(topic, sub.name())) {
            liveRules.put(rule.getName(), rule.getFilter() instanceof SqlRuleFilter sql
                    ? sql.getSqlExpression() : rule.getFilter().toString());
        }
        compare(found, path, "Rules", expectedRules, liveRules);
    }

    private static void compare(List<String> found, String entity, String property, Object expected, Object live) {
        if (!expected.equals(live)) {
            found.add(entity + " " + property + ": topology has " + expected + ", namespace has " + live);
        }
    }
}
