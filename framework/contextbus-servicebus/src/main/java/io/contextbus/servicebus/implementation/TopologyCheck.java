package io.contextbus.servicebus.implementation;

import io.contextbus.model.ContextName;
import io.contextbus.topology.SubscriptionDefinition;
import io.contextbus.topology.TopicDefinition;
import io.contextbus.topology.Topology;
import io.contextbus.topology.TopologyViolation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The startup check of one context against a topology (declared, or read from the live namespace):
 * the entities it publishes to and consumes from exist and follow the contextbus rules, and the
 * topic's duplicate-detection window outlasts the dispatcher's retry horizon, so that a re-send of
 * a commit the broker did accept is still recognized as a duplicate.
 */
public final class TopologyCheck {
    private static final String NS = "UserConfig.Namespaces[0]";

    private TopologyCheck() {
    }

    /**
     * @param publishes    whether the context publishes (runs a dispatcher) to {@code <context>.events}
     * @param sources      the contexts whose topics it consumes
     * @param retryHorizon the dispatcher's retry horizon; ignored when it does not publish
     * @return the problems found; empty when the context can run safely on {@code topology}
     */
    public static List<TopologyViolation> check(Topology topology, ContextName context, boolean publishes,
                                                Collection<ContextName> sources, Duration retryHorizon) {
        List<TopologyViolation> found = new ArrayList<>();
        List<TopologyViolation> rules = topology.validateForContextBus();
        if (publishes) {
            checkOwnTopic(topology, context, retryHorizon, rules, found);
        }
        for (ContextName source : sources) {
            checkSubscription(topology, context, source, rules, found);
        }
        return found;
    }

    private static void checkOwnTopic(Topology topology, ContextName context, Duration retryHorizon,
                                      List<TopologyViolation> rules, List<TopologyViolation> found) {
        Optional<TopicDefinition> topic = topology.topic(context.topicName());
        if (topic.isEmpty()) {
            found.add(new TopologyViolation(NS + ".Topics", "has no topic '" + context.topicName()
                    + "', which context '" + context + "' publishes to."));
            return;
        }
        String at = NS + ".Topics[" + topology.topics().indexOf(topic.get()) + "]";
        rules.stream().filter(v -> v.path().startsWith(at + ".") && !v.path().startsWith(at + ".Subscriptions"))
                .forEach(found::add);
        Duration window = topic.get().properties().duplicateDetectionHistoryTimeWindow();
        if (topic.get().properties().requiresDuplicateDetection() && window.compareTo(retryHorizon) <= 0) {
            found.add(new TopologyViolation(at + ".Properties.DuplicateDetectionHistoryTimeWindow", "is " + window
                    + " but must be longer than the dispatcher's retry horizon (" + retryHorizon + "), or a re-send "
                    + "after a long outage is no longer recognized as a duplicate; widen the window or shorten "
                    + "the dispatcher's backoff."));
        }
    }

    private static void checkSubscription(Topology topology, ContextName consumer, ContextName source,
                                          List<TopologyViolation> rules, List<TopologyViolation> found) {
        Optional<TopicDefinition> topic = topology.topic(source.topicName());
        if (topic.isEmpty()) {
            found.add(new TopologyViolation(NS + ".Topics", "has no topic '" + source.topicName()
                    + "', which context '" + consumer + "' consumes."));
            return;
        }
        Optional<SubscriptionDefinition> sub = topic.get().subscription(consumer.value());
        String topicAt = NS + ".Topics[" + topology.topics().indexOf(topic.get()) + "]";
        if (sub.isEmpty()) {
            found.add(new TopologyViolation(topicAt + ".Subscriptions", "has no subscription '" + consumer
                    + "' on '" + source.topicName() + "', which context '" + consumer + "' consumes."));
            return;
        }
        String at = topicAt + ".Subscriptions[" + topic.get().subscriptions().indexOf(sub.get()) + "]";
        rules.stream().filter(v -> v.path().startsWith(at + ".") || v.path().equals(at)).forEach(found::add);
    }
}
