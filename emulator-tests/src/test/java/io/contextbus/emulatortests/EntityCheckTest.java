package io.contextbus.emulatortests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.topology.SubscriptionDefinition;
import io.contextbus.topology.TopicDefinition;
import io.contextbus.topology.Topology;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link EntityCheck}'s comparison, over a namespace held in maps (the admin client is the only reader in production). */
class EntityCheckTest {
    private final Topology topology = SystemTarget.topology();
    private final Map<String, EntityCheck.LiveTopic> topics = new HashMap<>();
    private final Map<String, EntityCheck.LiveSubscription> subscriptions = new HashMap<>();
    private final EntityCheck.Namespace namespace = new EntityCheck.Namespace() {
        @Override
        public Optional<EntityCheck.LiveTopic> topic(String name) {
            return Optional.ofNullable(topics.get(name));
        }

        @Override
        public Optional<EntityCheck.LiveSubscription> subscription(String topic, String name) {
            return Optional.ofNullable(subscriptions.get(Topology.subscriptionPath(topic, name)));
        }
    };

    /** The namespace holds exactly the topology. */
    EntityCheckTest() {
        for (TopicDefinition t : topology.topics()) {
            topics.put(t.name(), new EntityCheck.LiveTopic(t.properties().requiresDuplicateDetection(),
                    t.properties().duplicateDetectionHistoryTimeWindow()));
            for (SubscriptionDefinition s : t.subscriptions()) {
                subscriptions.put(Topology.subscriptionPath(t.name(), s.name()), new EntityCheck.LiveSubscription(
                        s.properties().requiresSession(), s.properties().maxDeliveryCount(), s.properties().lockDuration(),
                        EntityCheck.rules(s)));
            }
        }
    }

    @Test
    void a_namespace_holding_the_topology_has_no_difference() {
        assertEquals(List.of(), EntityCheck.differences(topology, namespace));
    }

    @Test
    void a_missing_topic_and_a_missing_subscription_are_named() {
        subscriptions.remove("orders.events/subscriptions/audit");
        assertEquals(List.of("subscription 'orders.events/subscriptions/audit' is missing"),
                EntityCheck.differences(topology, namespace));
        topics.clear();
        assertEquals(List.of("topic 'orders.events' is missing"), EntityCheck.differences(topology, namespace));
    }

    @Test
    void each_property_the_promises_need_is_compared() {
        topics.put("orders.events", new EntityCheck.LiveTopic(false, Duration.ofSeconds(20)));
        subscriptions.put("orders.events/subscriptions/billing", new EntityCheck.LiveSubscription(false, 3,
                Duration.ofSeconds(30), Map.of("$Default", "1=1")));
        assertEquals(List.of(
                "orders.events RequiresDuplicateDetection: topology has true, namespace has false",
                "orders.events DuplicateDetectionHistoryTimeWindow: topology has PT5M, namespace has PT20S",
                "orders.events/subscriptions/billing RequiresSession: topology has true, namespace has false",
                "orders.events/subscriptions/billing MaxDeliveryCount: topology has 10, namespace has 3",
                "orders.events/subscriptions/billing LockDuration: topology has PT1M, namespace has PT30S",
                "orders.events/subscriptions/billing Rules: topology has {replay-target=cb_replay_target IS NULL OR "
                        + "cb_replay_target = 'billing'}, namespace has {$Default=1=1}"),
                EntityCheck.differences(topology, namespace));
    }
}
