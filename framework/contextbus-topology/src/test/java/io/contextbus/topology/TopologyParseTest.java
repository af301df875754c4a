package io.contextbus.topology;

import static io.contextbus.topology.TopologyFiles.withEntities;
import static io.contextbus.topology.TopologyFiles.withQueue;
import static io.contextbus.topology.TopologyFiles.withTopic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TopologyParseTest {

    private static TopologyException failure(String json) {
        return assertThrows(TopologyException.class, () -> Topology.parse(json));
    }

    @Nested
    @DisplayName("a valid file")
    class Valid {

        @Test
        void the_sample_reads_with_every_entity() {
            Topology t = Topology.parse(TopologyFiles.sample());

            assertEquals("sbemulatorns", t.namespace());
            assertEquals(List.of("ordering.events", "inventory.events", "shipping.events", "billing.events"),
                    t.topics().stream().map(TopicDefinition::name).toList());
            SubscriptionDefinition inventory = t.subscription("ordering.events", "inventory").orElseThrow();
            assertTrue(inventory.properties().requiresSession());
            assertEquals(Duration.ofMinutes(1), inventory.properties().lockDuration());
            assertEquals(new SqlRuleFilter("cb_replay_target IS NULL OR cb_replay_target = 'inventory'"),
                    inventory.rule("replay-target").orElseThrow().filter());
            assertEquals(Duration.ofMinutes(10),
                    t.topic("ordering.events").orElseThrow().properties().duplicateDetectionHistoryTimeWindow());
        }

        @Test
        void missing_properties_take_service_bus_defaults() {
            Topology t = Topology.parse(withEntities("[{\"Name\": \"jobs\"}]",
                    "[{\"Name\": \"t\", \"Subscriptions\": [{\"Name\": \"s\"}]}]"));

            assertEquals(QueueProperties.DEFAULT, t.queue("jobs").orElseThrow().properties());
            assertEquals(10, t.queue("jobs").orElseThrow().properties().maxDeliveryCount());
            assertEquals(TopicProperties.DEFAULT, t.topic("t").orElseThrow().properties());
            assertEquals(SubscriptionProperties.DEFAULT, t.subscription("t", "s").orElseThrow().properties());
            assertEquals("File", t.logging());
        }

        @Test
        @DisplayName("a subscription without rules gets the $Default TrueFilter rule")
        void no_rules_means_default_rule() {
            SubscriptionDefinition s = Topology.parse(withTopic("{\"Name\": \"t\", \"Subscriptions\": [{\"Name\": \"s\"}]}"))
                    .subscription("t", "s").orElseThrow();

            assertTrue(s.rules().isEmpty());
            assertEquals(List.of(RuleDefinition.DEFAULT), s.effectiveRules());
            assertEquals(SqlRuleFilter.TRUE, s.effectiveRules().get(0).filter());
        }

        @Test
        void lookups_ignore_case_as_service_bus_does() {
            Topology t = Topology.parse(TopologyFiles.sample());
            assertTrue(t.topic("Ordering.Events").isPresent());
            assertTrue(t.subscription("ORDERING.EVENTS", "Shipping").isPresent());
            assertFalse(t.queue("ordering.events").isPresent());
            assertFalse(t.subscription("ordering.events", "ordering").isPresent());
        }

        @Test
        void reads_correlation_filters_and_actions() {
            Topology t = Topology.parse(withTopic("""
                    {"Name": "t", "Subscriptions": [{"Name": "s", "Rules": [
                      {"Name": "by-env", "Properties": {"FilterType": "Correlation",
                        "CorrelationFilter": {"Label": "subject1", "To": "xyz",
                          "Properties": {"env": "test", "n": 3, "x": 1.5, "b": true}}}},
                      {"Name": "with-action", "Properties": {"FilterType": "Sql",
                        "SqlFilter": {"SqlExpression": "1=1"}, "Action": {"SqlExpression": "SET a = 1"}}}]}]}
                    """));

            SubscriptionDefinition s = t.subscription("t", "s").orElseThrow();
            CorrelationRuleFilter c = (CorrelationRuleFilter) s.rules().get(0).filter();
            assertEquals("subject1", c.label());
            assertEquals("xyz", c.to());
            assertEquals(null, c.messageId());
            assertEquals(Map.of("env", "test", "n", 3L, "x", 1.5, "b", true), c.properties());
            assertEquals(Optional.of(new RuleAction("SET a = 1")), s.rules().get(1).action());
        }

        @Test
        void empty_forward_targets_mean_none_and_real_ones_must_exist() {
            Topology t = Topology.parse(withEntities("""
                    [{"Name": "dead", "Properties": {"ForwardTo": ""}},
                     {"Name": "jobs", "Properties": {"ForwardDeadLetteredMessagesTo": "dead"}}]""", "[]"));

            assertEquals(Optional.empty(), t.queue("dead").orElseThrow().properties().forwardTo());
            assertEquals(Optional.of("dead"), t.queue("jobs").orElseThrow().properties().forwardDeadLetteredMessagesTo());
        }
    }

    @Nested
    @DisplayName("an invalid file fails naming the JSON path")
    class Invalid {

        @Test
        void unknown_property() {
            TopologyException e = failure(withTopic("{\"Name\": \"t\", \"Properties\": {\"MaxSizeInMegabytes\": 1024}}"));
            assertEquals("UserConfig.Namespaces[0].Topics[0].Properties.MaxSizeInMegabytes", e.path());
            assertTrue(e.getMessage().startsWith(
                    "'UserConfig.Namespaces[0].Topics[0].Properties.MaxSizeInMegabytes' is not a known property"));
            assertFalse(e.isTransient());
        }

        @Test
        void wrongly_cased_property_gets_a_hint() {
            TopologyException e = failure(withQueue("{\"Name\": \"q\", \"Properties\": {\"lockDuration\": \"PT1M\"}}"));
            assertEquals("UserConfig.Namespaces[0].Queues[0].Properties.lockDuration", e.path());
            assertEquals("is not a known property; did you mean 'LockDuration'?", e.problem());
        }

        @Test
        void lock_duration_out_of_range() {
            TopologyException e = failure(withTopic("""
                    {"Name": "a"}, {"Name": "b"}, {"Name": "c", "Subscriptions": [
                      {"Name": "s"}, {"Name": "s2", "Properties": {"LockDuration": "PT10M"}}]}"""));
            assertEquals("UserConfig.Namespaces[0].Topics[2].Subscriptions[1].Properties.LockDuration", e.path());
            assertEquals("must be between PT5S and PT5M but was PT10M.", e.problem());
        }

        @Test
        void not_a_duration() {
            TopologyException e = failure(withTopic("{\"Name\": \"t\", \"Properties\": "
                    + "{\"DuplicateDetectionHistoryTimeWindow\": \"10 minutes\"}}"));
            assertEquals("UserConfig.Namespaces[0].Topics[0].Properties.DuplicateDetectionHistoryTimeWindow", e.path());
            assertTrue(e.problem().startsWith("must be an ISO-8601 duration"), e.problem());
        }

        @Test
        void wrong_types() {
            assertEquals("must be true or false but was the string \"yes\".", failure(withQueue(
                    "{\"Name\": \"q\", \"Properties\": {\"RequiresSession\": \"yes\"}}")).problem());
            assertEquals("must be a whole number but was 2.5.", failure(withQueue(
                    "{\"Name\": \"q\", \"Properties\": {\"MaxDeliveryCount\": 2.5}}")).problem());
            assertEquals("must be a string but was 7.", failure(withQueue("{\"Name\": 7}")).problem());
            assertEquals("UserConfig.Namespaces[0].Topics", failure(withEntities("[]", "{}")).path());
        }

        @Test
        void max_delivery_count_below_one() {
            TopologyException e = failure(withQueue("{\"Name\": \"q\", \"Properties\": {\"MaxDeliveryCount\": 0}}"));
            assertEquals("UserConfig.Namespaces[0].Queues[0].Properties.MaxDeliveryCount", e.path());
        }

        @Test
        void missing_name() {
            assertEquals("UserConfig.Namespaces[0].Queues[0].Name", failure(withQueue("{}")).path());
        }

        @Test
        void bad_entity_names() {
            assertEquals("UserConfig.Namespaces[0].Queues[0].Name", failure(withQueue("{\"Name\": \"-bad\"}")).path());
            assertEquals("UserConfig.Namespaces[0].Topics[0].Subscriptions[0].Name",
                    failure(withTopic("{\"Name\": \"t\", \"Subscriptions\": [{\"Name\": \"a/b\"}]}")).path());
        }

        @Test
        void duplicate_entity_names_ignoring_case() {
            TopologyException e = failure(withEntities("[{\"Name\": \"Orders\"}]", "[{\"Name\": \"orders\"}]"));
            assertEquals("UserConfig.Namespaces[0].Topics[0].Name", e.path());
            assertTrue(e.problem().contains("UserConfig.Namespaces[0].Queues[0].Name"), e.problem());
        }

        @Test
        void duplicate_subscription_and_rule_names() {
            assertEquals("UserConfig.Namespaces[0].Topics[0].Subscriptions[1].Name", failure(withTopic(
                    "{\"Name\": \"t\", \"Subscriptions\": [{\"Name\": \"s\"}, {\"Name\": \"S\"}]}")).path());
            assertEquals("UserConfig.Namespaces[0].Topics[0].Subscriptions[0].Rules[1].Name", failure(withTopic("""
                    {"Name": "t", "Subscriptions": [{"Name": "s", "Rules": [
                      {"Name": "r", "Properties": {"FilterType": "Sql", "SqlFilter": {"SqlExpression": "1=1"}}},
                      {"Name": "r", "Properties": {"FilterType": "Sql", "SqlFilter": {"SqlExpression": "1=0"}}}]}]}
                    """)).path());
        }

        @Test
        void forward_to_an_unknown_entity() {
            TopologyException e = failure(withQueue("{\"Name\": \"q\", \"Properties\": {\"ForwardTo\": \"nowhere\"}}"));
            assertEquals("UserConfig.Namespaces[0].Queues[0].Properties.ForwardTo", e.path());
        }

        @Test
        void rule_filter_problems() {
            String base = "UserConfig.Namespaces[0].Topics[0].Subscriptions[0].Rules[0].Properties.";
            assertEquals(base + "FilterType", failure(rule("{\"FilterType\": \"Boolean\"}")).path());
            assertEquals(base + "FilterType", failure(rule("{\"SqlFilter\": {\"SqlExpression\": \"1=1\"}}")).path());
            assertEquals(base + "SqlFilter", failure(rule("{\"FilterType\": \"Sql\"}")).path());
            assertEquals(base + "SqlFilter.SqlExpression", failure(rule(
                    "{\"FilterType\": \"Sql\", \"SqlFilter\": {\"SqlExpression\": \" \"}}")).path());
            assertEquals(base + "CorrelationFilter", failure(rule(
                    "{\"FilterType\": \"Correlation\", \"CorrelationFilter\": {}}")).path());
            assertEquals(base + "CorrelationFilter.Properties.nested", failure(rule("{\"FilterType\": \"Correlation\","
                    + " \"CorrelationFilter\": {\"Properties\": {\"nested\": {\"a\": 1}}}}")).path());
            assertEquals(base + "CorrelationFilter.Sessionid", failure(rule(
                    "{\"FilterType\": \"Correlation\", \"CorrelationFilter\": {\"Sessionid\": \"x\"}}")).path());
        }

        @Test
        void sql_filter_that_does_not_compile() {
            TopologyException e = failure(rule(
                    "{\"FilterType\": \"Sql\", \"SqlFilter\": {\"SqlExpression\": \"cb_replay_target = \"}}"));
            assertEquals("UserConfig.Namespaces[0].Topics[0].Subscriptions[0].Rules[0].Properties.SqlFilter."
                    + "SqlExpression", e.path());
            assertEquals("is not a valid SQL filter: expected an expression at offset 19 but found the end of the "
                    + "expression.", e.problem());
        }

        private String rule(String properties) {
            return withTopic("{\"Name\": \"t\", \"Subscriptions\": [{\"Name\": \"s\", \"Rules\": [{\"Name\": \"r\", "
                    + "\"Properties\": " + properties + "}]}]}");
        }

        @Test
        void not_json_at_all() {
            TopologyException e = failure("{\"UserConfig\": ");
            assertEquals("", e.path());
            assertTrue(e.getMessage().startsWith("The topology file is not valid JSON at line 1"), e.getMessage());
        }

        @Test
        void duplicate_json_keys() {
            TopologyException e = failure("{\"UserConfig\": {}, \"UserConfig\": {}}");
            assertTrue(e.getMessage().contains("Duplicate field 'UserConfig'"), e.getMessage());
        }

        @Test
        void more_than_one_namespace() {
            TopologyException e = failure("{\"UserConfig\": {\"Namespaces\": [{\"Name\": \"sbemulatorns\"}, "
                    + "{\"Name\": \"second\"}]}}");
            assertEquals("UserConfig.Namespaces", e.path());
        }

        @Test
        void bad_logging_type() {
            TopologyException e = failure("{\"UserConfig\": {\"Namespaces\": [{\"Name\": \"sbemulatorns\"}], "
                    + "\"Logging\": {\"Type\": \"Syslog\"}}}");
            assertEquals("UserConfig.Logging.Type", e.path());
        }
    }

    @Test
    void records_built_in_code_are_validated_too() {
        TopologyException e = assertThrows(TopologyException.class,
                () -> TopicProperties.DEFAULT.withDuplicateDetectionHistoryTimeWindow(Duration.ofSeconds(5)));
        assertEquals("DuplicateDetectionHistoryTimeWindow", e.path());
        assertEquals("must be between PT20S and P7D but was PT5S.", e.problem());
    }
}
