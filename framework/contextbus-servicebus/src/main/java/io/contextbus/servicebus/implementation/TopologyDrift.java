package io.contextbus.servicebus.implementation;

import io.contextbus.model.ContextName;
import io.contextbus.topology.RuleFilter;
import io.contextbus.topology.SqlRuleFilter;
import io.contextbus.topology.SubscriptionDefinition;
import io.contextbus.topology.SubscriptionProperties;
import io.contextbus.topology.TopicDefinition;
import io.contextbus.topology.TopicProperties;
import io.contextbus.topology.Topology;
import io.contextbus.topology.TopologyViolation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the live entities of one context differ from the declared topology, in the settings
 * contextbus relies on: duplicate detection and its window, ordering, sessions, lock duration, max
 * delivery count, dead-lettering on filter errors and the rules.
 */
public final class TopologyDrift {
    private TopologyDrift() {
    }

    public static List<TopologyViolation> compare(Topology declared, Topology live, ContextName context, boolean publishes,
                                           Collection<ContextName> sources) {
        List<TopologyViolation> drift = new ArrayList<>();
        if (publishes) {
            compareTopic(declared, live, context.topicName(), drift);
        }
        for (ContextName source : sources) {
            compareSubscription(declared, live, source.topicName(), context.value(), drift);
        }
        return drift;
    }

    private static void compareTopic(Topology declared, Topology live, String name, List<TopologyViolation> drift) {
        Optional<TopicDefinition> d = declared.topic(name);
        Optional<TopicDefinition> l = live.topic(name);
        if (d.isEmpty() || l.isEmpty()) {
            differ(drift, name, "exists", d.isPresent(), l.isPresent());
            return;
        }
        TopicProperties dp = d.get().properties();
        TopicProperties lp = l.get().properties();
        differ(drift, name, "RequiresDuplicateDetection", dp.requiresDuplicateDetection(), lp.requiresDuplicateDetection());
        differ(drift, name, "DuplicateDetectionHistoryTimeWindow", dp.duplicateDetectionHistoryTimeWindow(),
                lp.duplicateDetectionHistoryTimeWindow());
        differ(drift, name, "SupportOrdering", dp.supportOrdering(), lp.supportOrdering());
    }

    private static void compareSubscription(Topology declared, Topology live, String topic, String name,
                                            List<TopologyViolation> drift) {
        Optional<SubscriptionDefinition> d = declared.subscription(topic, name);
        Optional<SubscriptionDefinition> l = live.subscription(topic, name);
        String path = Topology.subscriptionPath(topic, name);
        if (d.isEmpty() || l.isEmpty()) {
            differ(drift, path, "exists", d.isPresent(), l.isPresent());
            return;
        }
        SubscriptionProperties dp = d.get().properties();
        SubscriptionProperties lp = l.get().properties();
        differ(drift, path, "RequiresSession", dp.requiresSession(), lp.requiresSession());
        differ(drift, path, "LockDuration", dp.lockDuration(), lp.lockDuration());
        differ(drift, path, "MaxDeliveryCount", dp.maxDeliveryCount(), lp.maxDeliveryCount());
        differ(drift, path, "DeadLetteringOnFilterEvaluationExceptions",
                dp.deadLetteringOnFilterEvaluationExceptions(), lp.deadLetteringOnFilterEvaluationExceptions());
        differ(drift, path, "Rules", rules(d.get()), rules(l.get()));
    }

    /** Rule names with their filter, spaced and cased freely: Service Bus returns SQL reformatted. */
    private static List<String> rules(SubscriptionDefinition sub) {
        return sub.effectiveRules().stream().map(r -> r.name() + ": " + describe(r.filter())
                + r.action().map(a -> " SET " + a.sqlExpression()).orElse("")).toList();
    }

    private static String describe(RuleFilter filter) {
        return filter instanceof SqlRuleFilter sql
                ? sql.sqlExpression().replaceAll("\\s+", "").toLowerCase(Locale.ROOT) : filter.toString();
    }

    private static void differ(List<TopologyViolation> drift, String entity, String setting, Object declared, Object live) {
        if (!Objects.equals(declared, live)) {
            drift.add(new TopologyViolation(entity + "." + setting, "is " + live + " on the namespace but "
                    + declared + " in the topology file."));
        }
    }
}
