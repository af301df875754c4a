package io.contextbus.topology;

import static io.contextbus.topology.ContextBusTopology.consumes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArmExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Topology sample = Topology.parse(TopologyFiles.sample());

    @Test
    void the_committed_sample_arm_export_is_current() throws IOException {
        // Bicep loads infra/topology/contextbus-sample.arm.json; it must be what the code exports now.
        Path committed = Path.of(System.getProperty("basedir", "."),
                "../../infra/topology/contextbus-sample.arm.json");
        assertEquals(sample.toArmJson(), Files.readString(committed));
    }

    @Test
    void writes_flat_lists_with_arm_property_names_and_owning_contexts() throws IOException {
        JsonNode arm = JSON.readTree(sample.toArmJson());

        assertEquals(List.of("ordering", "inventory", "shipping", "billing"), texts(arm.path("contexts")));
        JsonNode topic = arm.path("topics").get(0);
        assertEquals("ordering.events", topic.path("name").asText());
        assertEquals("ordering", topic.path("context").asText());
        assertEquals("PT10M", topic.path("properties").path("duplicateDetectionHistoryTimeWindow").asText());
        assertTrue(topic.path("properties").path("requiresDuplicateDetection").asBoolean());
        assertTrue(topic.path("properties").path("supportOrdering").asBoolean());
        assertTrue(topic.path("properties").path("maxMessageSizeInKilobytes").isMissingNode(), "Premium only");

        JsonNode sub = arm.path("subscriptions").get(0);
        assertEquals(List.of("ordering.events", "inventory", "inventory"),
                List.of(sub.path("topic").asText(), sub.path("name").asText(), sub.path("context").asText()));
        JsonNode props = sub.path("properties");
        assertEquals("PT1M", props.path("lockDuration").asText());
        assertEquals(10, props.path("maxDeliveryCount").asInt());
        assertTrue(props.path("requiresSession").asBoolean());
        assertTrue(props.path("deadLetteringOnFilterEvaluationExceptions").asBoolean());
        assertTrue(props.path("forwardTo").isMissingNode(), "no forwarding: left out, not empty");
        assertEquals(4, arm.path("subscriptions").size());
    }

    @Test
    void writes_each_declared_rule_and_redefines_default_as_the_false_filter() throws IOException {
        JsonNode rules = JSON.readTree(sample.toArmJson()).path("rules");

        assertEquals(8, rules.size());
        JsonNode replay = rules.get(0);
        assertEquals("replay-target", replay.path("name").asText());
        assertEquals("SqlFilter", replay.path("properties").path("filterType").asText());
        assertEquals("cb_replay_target IS NULL OR cb_replay_target = 'inventory'",
                replay.path("properties").path("sqlFilter").path("sqlExpression").asText());
        JsonNode inert = rules.get(1);
        assertEquals(List.of("ordering.events", "inventory", "$Default"), List.of(inert.path("topic").asText(),
                inert.path("subscription").asText(), inert.path("name").asText()));
        assertEquals("1=0", inert.path("properties").path("sqlFilter").path("sqlExpression").asText());
    }

    @Test
    void a_subscription_without_rules_keeps_the_default_rule_and_gets_no_override() throws IOException {
        Topology open = Topology.empty().withTopics(List.of(new TopicDefinition("aa.events", TopicProperties.DEFAULT,
                List.of(new SubscriptionDefinition("bb", SubscriptionProperties.DEFAULT, List.of())))));
        assertEquals(0, JSON.readTree(open.toArmJson()).path("rules").size());
    }

    @Test
    void writes_correlation_filters_actions_and_queues() throws IOException {
        RuleDefinition correlated = new RuleDefinition("only-eu", new CorrelationRuleFilter(null, null, "Placed", null,
                null, null, null, null, Map.of("region", "eu")), Optional.of(new RuleAction("SET seen = 1")));
        Topology t = Topology.empty()
                .withQueues(List.of(new QueueDefinition("jobs", QueueProperties.DEFAULT.withRequiresSession(true))))
                .withTopics(List.of(new TopicDefinition("aa.events", TopicProperties.DEFAULT, List.of(
                        new SubscriptionDefinition("bb", SubscriptionProperties.DEFAULT, List.of(correlated))))));
        JsonNode arm = JSON.readTree(t.toArmJson());

        JsonNode rule = arm.path("rules").get(0).path("properties");
        assertEquals("CorrelationFilter", rule.path("filterType").asText());
        assertEquals("Placed", rule.path("correlationFilter").path("label").asText());
        assertEquals("eu", rule.path("correlationFilter").path("properties").path("region").asText());
        assertEquals("SET seen = 1", rule.path("action").path("sqlExpression").asText());
        assertEquals("jobs", arm.path("queues").get(0).path("name").asText());
        assertTrue(arm.path("queues").get(0).path("properties").path("requiresSession").asBoolean());
    }

    @Test
    void refuses_what_a_standard_namespace_or_per_context_roles_cannot_express() {
        Topology premium = ContextBusTopology.builder().context("aa").maxMessageSizeInKilobytes(1024).build();
        TopologyException size = assertThrows(TopologyException.class, premium::toArmJson);
        assertEquals("UserConfig.Namespaces[0].Topics[0].Properties.MaxMessageSizeInKilobytes", size.path());

        Topology odd = Topology.empty().withTopics(List.of(new TopicDefinition("audit", TopicProperties.DEFAULT,
                List.of())));
        assertEquals("UserConfig.Namespaces[0].Topics[0].Name",
                assertThrows(TopologyException.class, odd::toArmJson).path());

        Topology oddSub = Topology.empty().withTopics(List.of(new TopicDefinition("aa.events", TopicProperties.DEFAULT,
                List.of(SubscriptionDefinition.of("Audit_1")))));
        assertEquals("UserConfig.Namespaces[0].Topics[0].Subscriptions[0].Name",
                assertThrows(TopologyException.class, oddSub::toArmJson).path());

        RuleDefinition numeric = RuleDefinition.of("n", CorrelationRuleFilter.ofProperties(Map.of("n", 1L)));
        Topology numbers = Topology.empty().withTopics(List.of(new TopicDefinition("aa.events",
                TopicProperties.DEFAULT, List.of(SubscriptionDefinition.of("bb", numeric)))));
        assertTrue(assertThrows(TopologyException.class, numbers::toArmJson).problem().contains("strings only"));
    }

    @Test
    void a_changed_setting_changes_the_export() {
        Topology longer = ContextBusTopology.builder()
                .context("ordering", consumes("inventory")).context("inventory", consumes("ordering"))
                .context("shipping", consumes("ordering")).duplicateDetectionWindow(Duration.ofMinutes(20)).build();
        assertTrue(longer.toArmJson().contains("\"duplicateDetectionHistoryTimeWindow\": \"PT20M\""));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
