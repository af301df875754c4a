package io.contextbus.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a topology against the contextbus rules (see {@link ContextBusTopology}). Topics named
 * {@code *.events} are context topics; other entities are not contextbus's business and are left
 * alone. Each broken rule is one {@link TopologyViolation} naming the JSON path.
 */
final class ContextBusRules {
    private static final String NS = "UserConfig.Namespaces[0]";

    private ContextBusRules() {
    }

    static List<TopologyViolation> check(Topology topology, Duration minimumWindow) {
        List<TopologyViolation> found = new ArrayList<>();
        for (int i = 0; i < topology.topics().size(); i++) {
            TopicDefinition topic = topology.topics().get(i);
            if (topic.name().endsWith(ContextBusTopology.TOPIC_SUFFIX)) {
                checkTopic(topic, NS + ".Topics[" + i + "]", minimumWindow, found);
            }
        }
        return found;
    }

    private static void checkTopic(TopicDefinition topic, String at, Duration minimumWindow,
                                   List<TopologyViolation> found) {
        if (ContextBusTopology.contextOfTopic(topic.name()).isEmpty()) {
            found.add(new TopologyViolation(at + ".Name", "'" + topic.name() + "' is not <context>.events with a "
                    + "context name matching [a-z][a-z0-9-]{1,39}."));
        }
        TopicProperties p = topic.properties();
        if (!p.requiresDuplicateDetection()) {
            found.add(new TopologyViolation(at + ".Properties.RequiresDuplicateDetection", "must be true: broker "
                    + "duplicate detection drops the dispatcher's re-publishes."));
        }
        if (p.duplicateDetectionHistoryTimeWindow().compareTo(minimumWindow) < 0) {
            found.add(new TopologyViolation(at + ".Properties.DuplicateDetectionHistoryTimeWindow", "is "
                    + IsoDurations.format(p.duplicateDetectionHistoryTimeWindow()) + " but must cover the dispatcher's "
                    + "retry horizon of " + IsoDurations.format(minimumWindow) + "."));
        }
        if (!p.supportOrdering()) {
            found.add(new TopologyViolation(at + ".Properties.SupportOrdering", "must be true: commits are "
                    + "published in order per stream."));
        }
        for (int j = 0; j < topic.subscriptions().size(); j++) {
            checkSubscription(topic.subscriptions().get(j), at + ".Subscriptions[" + j + "]", found);
        }
    }

    private static void checkSubscription(SubscriptionDefinition sub, String at, List<TopologyViolation> found) {
        if (!ContextBusTopology.isContextName(sub.name())) {
            found.add(new TopologyViolation(at + ".Name", "'" + sub.name() + "' must be the consuming context's "
                    + "name, matching [a-z][a-z0-9-]{1,39}."));
        }
        SubscriptionProperties p = sub.properties();
        if (!p.requiresSession()) {
            found.add(new TopologyViolation(at + ".Properties.RequiresSession", "must be true: each stream is "
                    + "one session, which keeps its commits in order."));
        }
        if (!p.deadLetteringOnFilterEvaluationExceptions()) {
            found.add(new TopologyViolation(at + ".Properties.DeadLetteringOnFilterEvaluationExceptions",
                    "must be true: a message the filter cannot evaluate is dead-lettered, not dropped."));
        }
        checkRules(sub, at, found);
    }

    private static void checkRules(SubscriptionDefinition sub, String at, List<TopologyViolation> found) {
        List<RuleDefinition> rules = sub.rules();
        String expected = ContextBusTopology.isContextName(sub.name())
                ? ContextBusTopology.replayRuleExpression(sub.name()) : null;
        if (rules.isEmpty()) {
            found.add(new TopologyViolation(at + ".Rules", "has no rule, so Service Bus adds $Default (1=1), which "
                    + "lets other contexts' replays through; declare only the rule '"
                    + ContextBusTopology.REPLAY_RULE_NAME + "': " + expected));
            return;
        }
        for (int k = 0; k < rules.size(); k++) {
            RuleDefinition rule = rules.get(k);
            String ruleAt = at + ".Rules[" + k + "]";
            if (!rule.name().equals(ContextBusTopology.REPLAY_RULE_NAME)) {
                found.add(new TopologyViolation(ruleAt + ".Name", "'" + rule.name() + "' is not allowed: a "
                        + "contextbus subscription has exactly one rule, '" + ContextBusTopology.REPLAY_RULE_NAME
                        + "', so replays for other contexts never reach it."));
            } else if (expected != null && !ReplayRuleCheck.isReplayRule(rule, sub.name())) {
                found.add(new TopologyViolation(ruleAt + ".Properties", "must be the SQL filter " + expected
                        + " (a replay must reach only its target)."));
            }
        }
    }
}
