package io.contextbus.servicebus.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.model.ContextName;
import io.contextbus.topology.ContextBusTopology;
import io.contextbus.topology.RuleDefinition;
import io.contextbus.topology.SqlRuleFilter;
import io.contextbus.topology.SubscriptionDefinition;
import io.contextbus.topology.TopicDefinition;
import io.contextbus.topology.Topology;
import io.contextbus.topology.TopologyViolation;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The live check's drift: {@link LiveTopology#drift} over the topology module's comparison. */
class LiveTopologyDriftTest {
    private static final ContextName SHIPPING = ContextName.of("shipping");
    private static final Topology DECLARED = ContextBusTopology.builder()
            .context("ordering")
            .context("shipping", ContextBusTopology.consumes("ordering"))
            .build();

    private static List<TopologyViolation> drift(Topology live) {
        return LiveTopology.drift(DECLARED, live, SHIPPING, true, Set.of(ContextName.of("ordering")));
    }

    @Test
    void the_same_topology_has_no_drift() {
        assertEquals(List.of(), drift(DECLARED));
    }

    @Test
    void sql_reformatted_by_service_bus_is_not_drift() {
        Topology live = DECLARED.withTopics(DECLARED.topics().stream().map(t -> new TopicDefinition(t.name(),
                t.properties(), t.subscriptions().stream().map(s -> new SubscriptionDefinition(s.name(), s.properties(),
                        List.of(RuleDefinition.of("replay-target", new SqlRuleFilter(
                                "cb_replay_target IS NULL  OR cb_replay_target='shipping'"))))).toList())).toList());
        assertEquals(List.of(), drift(live));
    }

    @Test
    void a_changed_window_a_missing_session_flag_and_a_missing_entity_are_reported() {
        Topology live = DECLARED.withTopics(List.of(
                new TopicDefinition("ordering.events", DECLARED.topic("ordering.events").get().properties(),
                        List.of(new SubscriptionDefinition("shipping", DECLARED.subscription("ordering.events", "shipping")
                                .get().properties().withRequiresSession(false),
                                DECLARED.subscription("ordering.events", "shipping").get().rules())))));
        Topology liveWithWindow = live.withTopics(List.of(live.topics().get(0), new TopicDefinition("shipping.events",
                DECLARED.topic("shipping.events").get().properties()
                        .withDuplicateDetectionHistoryTimeWindow(Duration.ofMinutes(1)), List.of())));

        assertEquals(List.of("ordering.events/subscriptions/shipping.RequiresSession"),
                drift(live).stream().filter(v -> !v.path().startsWith("shipping.events")).map(TopologyViolation::path).toList());
        assertEquals(List.of("shipping.events.exists"),
                drift(live).stream().filter(v -> v.path().startsWith("shipping.events")).map(TopologyViolation::path).toList());
        assertEquals("is PT1M on the namespace but PT10M in the topology file.", drift(liveWithWindow).stream()
                .filter(v -> v.path().endsWith("DuplicateDetectionHistoryTimeWindow")).findFirst().orElseThrow().message());
    }
}
