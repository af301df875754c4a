package io.contextbus.topology;

import static io.contextbus.topology.ContextBusTopology.consumes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyDriftTest {
    private final Topology file = ContextBusTopology.builder()
            .context("ordering", consumes("inventory"))
            .context("inventory", consumes("ordering"))
            .build();

    @Test
    void identical_namespaces_have_no_difference() {
        assertEquals(List.of(), file.differencesFrom(Topology.parse(file.toJson()).withNamespace("contoso-live")));
    }

    @Test
    void names_differing_only_in_case_are_the_same_entity() {
        Topology live = file.withTopics(file.topics().stream()
                .map(t -> new TopicDefinition(t.name().toUpperCase(), t.properties(), t.subscriptions())).toList());
        assertEquals(List.of(), file.differencesFrom(live));
    }

    @Test
    void reports_a_shorter_dedupe_window_and_a_lock_that_differs() {
        Topology live = ContextBusTopology.builder()
                .context("ordering", consumes("inventory"))
                .context("inventory", consumes("ordering"))
                .duplicateDetectionWindow(Duration.ofMinutes(1)).lockDuration(Duration.ofSeconds(30))
                .build();

        assertEquals(List.of(
                new TopologyDifference("ordering.events", "DuplicateDetectionHistoryTimeWindow", "PT10M", "PT1M"),
                new TopologyDifference("ordering.events/subscriptions/inventory", "LockDuration", "PT1M", "PT30S"),
                new TopologyDifference("inventory.events", "DuplicateDetectionHistoryTimeWindow", "PT10M", "PT1M"),
                new TopologyDifference("inventory.events/subscriptions/ordering", "LockDuration", "PT1M", "PT30S")),
                file.differencesFrom(live));
    }

    @Test
    void reports_missing_and_extra_entities_and_rules() {
        List<TopicDefinition> topics = new ArrayList<>(file.topics());
        TopicDefinition ordering = topics.get(0);
        SubscriptionDefinition inventory = ordering.subscriptions().get(0);
        topics.set(0, new TopicDefinition(ordering.name(), ordering.properties(), List.of(
                new SubscriptionDefinition(inventory.name(), inventory.properties(), List.of()))));
        topics.remove(1);
        Topology live = file.withTopics(topics).withQueues(List.of(QueueDefinition.of("stray")));

        assertEquals(List.of(
                new TopologyDifference("stray", "exists", "absent", "present"),
                new TopologyDifference("ordering.events/subscriptions/inventory/rules/replay-target", "exists",
                        "present", "absent"),
                new TopologyDifference("ordering.events/subscriptions/inventory/rules/$Default", "exists",
                        "absent", "present"),
                new TopologyDifference("inventory.events", "exists", "present", "absent")),
                file.differencesFrom(live));
    }

    @Test
    void reports_a_changed_rule_filter() {
        Topology live = file.withTopics(List.of(file.topics().get(0), new TopicDefinition("inventory.events",
                file.topics().get(1).properties(), List.of(new SubscriptionDefinition("ordering",
                file.topics().get(1).subscriptions().get(0).properties(), List.of(ContextBusTopology.replayRule("x1")))))));

        List<TopologyDifference> found = file.differencesFrom(live);
        assertEquals(1, found.size(), found.toString());
        assertEquals("inventory.events/subscriptions/ordering/rules/replay-target", found.get(0).entity());
        assertEquals("SqlFilter", found.get(0).property());
    }

    @Test
    void sql_that_service_bus_returned_reformatted_is_no_difference_but_another_literal_is() {
        Topology reformatted = withReplayRule("cb_replay_target IS NULL  OR cb_replay_target='ordering'");
        Topology otherTarget = withReplayRule("CB_REPLAY_TARGET is null or cb_replay_target = 'Ordering'");

        assertEquals(List.of(), file.differencesFrom(reformatted));
        List<TopologyDifference> found = file.differencesFrom(otherTarget);
        assertEquals(1, found.size(), found.toString());
        assertEquals("inventory.events/subscriptions/ordering/rules/replay-target", found.get(0).entity());
        assertEquals("SqlFilter", found.get(0).property());
    }

    private Topology withReplayRule(String sql) {
        TopicDefinition inventory = file.topics().get(1);
        SubscriptionDefinition ordering = inventory.subscriptions().get(0);
        return file.withTopics(List.of(file.topics().get(0), new TopicDefinition(inventory.name(),
                inventory.properties(), List.of(new SubscriptionDefinition(ordering.name(), ordering.properties(),
                        List.of(RuleDefinition.of("replay-target", new SqlRuleFilter(sql))))))));
    }

    @Test
    void a_live_false_filter_default_rule_is_no_difference_but_a_true_one_is() {
        // The Azure deployment redefines $Default as 1=0 because ARM cannot delete it.
        Topology inert = withRuleAdded(RuleDefinition.of("$Default", SqlRuleFilter.FALSE));
        Topology open = withRuleAdded(RuleDefinition.DEFAULT);

        assertEquals(List.of(), file.differencesFrom(inert));
        assertEquals(List.of(new TopologyDifference("ordering.events/subscriptions/inventory/rules/$Default",
                "exists", "absent", "present")), file.differencesFrom(open));
    }

    private Topology withRuleAdded(RuleDefinition rule) {
        TopicDefinition ordering = file.topics().get(0);
        SubscriptionDefinition inventory = ordering.subscriptions().get(0);
        List<RuleDefinition> rules = new ArrayList<>(inventory.rules());
        rules.add(rule);
        return file.withTopics(List.of(new TopicDefinition(ordering.name(), ordering.properties(), List.of(
                new SubscriptionDefinition(inventory.name(), inventory.properties(), rules))), file.topics().get(1)));
    }
}
