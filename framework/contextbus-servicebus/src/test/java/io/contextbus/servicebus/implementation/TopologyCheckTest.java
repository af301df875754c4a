package io.contextbus.servicebus.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.model.ContextName;
import io.contextbus.topology.ContextBusTopology;
import io.contextbus.topology.RuleDefinition;
import io.contextbus.topology.SubscriptionDefinition;
import io.contextbus.topology.TopicDefinition;
import io.contextbus.topology.Topology;
import io.contextbus.topology.TopologyViolation;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TopologyCheckTest {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final ContextName SHIPPING = ContextName.of("shipping");
    private static final Duration HORIZON = Duration.ofMinutes(3);

    private static final Topology SAFE = ContextBusTopology.builder()
            .context("ordering")
            .context("shipping", ContextBusTopology.consumes("ordering"))
            .context("billing", ContextBusTopology.consumes("ordering", "shipping"))
            .build();

    private static List<TopologyViolation> checkShipping(Topology t) {
        return TopologyCheck.check(t, SHIPPING, true, Set.of(ORDERING), HORIZON);
    }

    private static Topology editTopic(Topology t, String name, UnaryOperator<TopicDefinition> edit) {
        return t.withTopics(t.topics().stream().map(x -> x.name().equals(name) ? edit.apply(x) : x).toList());
    }

    private static Topology editShippingSubscription(UnaryOperator<SubscriptionDefinition> edit) {
        return editTopic(SAFE, "ordering.events", t -> new TopicDefinition(t.name(), t.properties(),
                t.subscriptions().stream().map(s -> s.name().equals("shipping") ? edit.apply(s) : s).toList()));
    }

    @Test
    void the_builders_topology_is_safe() {
        assertEquals(List.of(), checkShipping(SAFE));
    }

    @Test
    void duplicate_detection_off_on_the_own_topic_is_refused() {
        Topology t = editTopic(SAFE, "shipping.events", x -> new TopicDefinition(x.name(),
                x.properties().withRequiresDuplicateDetection(false), x.subscriptions()));

        List<TopologyViolation> v = checkShipping(t);

        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).path().endsWith(".Properties.RequiresDuplicateDetection"), v.toString());
    }

    @Test
    void a_dedupe_window_not_longer_than_the_retry_horizon_is_refused_naming_both() {
        Topology t = editTopic(SAFE, "shipping.events", x -> new TopicDefinition(x.name(),
                x.properties().withDuplicateDetectionHistoryTimeWindow(Duration.ofMinutes(3)), x.subscriptions()));

        List<TopologyViolation> v = checkShipping(t);

        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).path().endsWith("DuplicateDetectionHistoryTimeWindow"));
        assertTrue(v.get(0).message().contains("PT3M"), v.get(0).message());
    }

    @Test
    void sessions_off_on_a_consumed_subscription_are_refused() {
        Topology t = editShippingSubscription(s -> new SubscriptionDefinition(s.name(),
                s.properties().withRequiresSession(false), s.rules()));

        List<TopologyViolation> v = checkShipping(t);

        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).path().endsWith(".Properties.RequiresSession"), v.toString());
    }

    @Test
    void a_missing_replay_rule_is_refused() {
        Topology t = editShippingSubscription(s -> new SubscriptionDefinition(s.name(), s.properties(),
                List.of(RuleDefinition.DEFAULT)));

        List<TopologyViolation> v = checkShipping(t);

        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).path().contains(".Rules[0]"), v.toString());
    }

    @Test
    void a_missing_topic_or_subscription_is_refused() {
        Topology noSubscription = editTopic(SAFE, "ordering.events", x -> new TopicDefinition(x.name(), x.properties(),
                x.subscriptions().stream().filter(s -> !s.name().equals("shipping")).toList()));
        assertTrue(checkShipping(noSubscription).get(0).message().contains("no subscription 'shipping'"));

        List<TopologyViolation> v = TopologyCheck.check(SAFE, ContextName.of("audit"), true, Set.of(), HORIZON);
        assertTrue(v.get(0).message().contains("no topic 'audit.events'"), v.toString());
    }

    @Test
    void another_consumers_broken_subscription_is_not_this_contexts_problem() {
        Topology t = editTopic(SAFE, "ordering.events", x -> new TopicDefinition(x.name(), x.properties(),
                x.subscriptions().stream().map(s -> s.name().equals("billing") ? new SubscriptionDefinition(s.name(),
                        s.properties().withRequiresSession(false), s.rules()) : s).toList()));

        assertEquals(List.of(), checkShipping(t));
    }

    @Test
    void a_context_that_only_consumes_is_not_checked_for_a_topic() {
        Topology t = editTopic(SAFE, "shipping.events", x -> new TopicDefinition(x.name(),
                x.properties().withRequiresDuplicateDetection(false), x.subscriptions()));
        assertEquals(List.of(), TopologyCheck.check(t, SHIPPING, false, Set.of(ORDERING), HORIZON));
    }
}
