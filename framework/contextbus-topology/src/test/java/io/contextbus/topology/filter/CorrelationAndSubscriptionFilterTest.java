package io.contextbus.topology.filter;

import static io.contextbus.topology.filter.TestMessage.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.topology.ContextBusTopology;
import io.contextbus.topology.CorrelationRuleFilter;
import io.contextbus.topology.RuleDefinition;
import io.contextbus.topology.SqlRuleFilter;
import io.contextbus.topology.SubscriptionDefinition;
import io.contextbus.topology.Topology;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CorrelationAndSubscriptionFilterTest {

    @Nested
    @DisplayName("correlation filters")
    class Correlation {

        @Test
        void every_set_system_field_must_equal() {
            MessageFilter f = MessageFilters.correlation(new CorrelationRuleFilter("application/json", "corr-1",
                    "OrderPlaced", null, null, null, "s1", null, Map.of()));

            TestMessage full = message().sys(SystemProperty.CONTENT_TYPE, "application/json")
                    .sys(SystemProperty.CORRELATION_ID, "corr-1").sys(SystemProperty.LABEL, "OrderPlaced")
                    .sys(SystemProperty.SESSION_ID, "s1").sys(SystemProperty.MESSAGE_ID, "anything");
            assertTrue(f.matches(full));
            assertFalse(f.matches(full.sys(SystemProperty.SESSION_ID, "s2")));
            assertFalse(f.matches(message().sys(SystemProperty.CORRELATION_ID, "corr-1")));
        }

        @Test
        void each_system_field_is_read_from_its_own_property() {
            assertTrue(MessageFilters.correlation(new CorrelationRuleFilter(null, null, null, "m", "r", "rs", null,
                    "to", Map.of())).matches(message().sys(SystemProperty.MESSAGE_ID, "m")
                    .sys(SystemProperty.REPLY_TO, "r").sys(SystemProperty.REPLY_TO_SESSION_ID, "rs")
                    .sys(SystemProperty.TO, "to")));
            assertFalse(MessageFilters.correlation(new CorrelationRuleFilter(null, null, null, null, null, null, null,
                    "to", Map.of())).matches(message().sys(SystemProperty.REPLY_TO, "to")));
        }

        @Test
        void application_properties_must_equal_with_numeric_widening() {
            MessageFilter f = MessageFilters.correlation(CorrelationRuleFilter.ofProperties(
                    Map.of("env", "test", "n", 3L, "flag", true)));

            assertTrue(f.matches(message().with("env", "test").with("n", 3).with("flag", true).with("extra", 1)));
            assertTrue(f.matches(message().with("ENV", "test").with("n", 3.0).with("flag", true)));
            assertFalse(f.matches(message().with("env", "Test").with("n", 3).with("flag", true)));
            assertFalse(f.matches(message().with("env", "test").with("n", "3").with("flag", true)));
            assertFalse(f.matches(message().with("env", "test").with("flag", true)));
        }

        @Test
        void compiles_from_a_rule_filter() {
            assertTrue(MessageFilters.compile(CorrelationRuleFilter.ofCorrelationId("c"))
                    .matches(message().sys(SystemProperty.CORRELATION_ID, "c")));
            assertSame(MessageFilters.TRUE, MessageFilters.compile(SqlRuleFilter.TRUE));
            assertSame(MessageFilters.FALSE, MessageFilters.compile(SqlRuleFilter.FALSE));
        }
    }

    @Nested
    @DisplayName("subscription filters")
    class Subscriptions {

        @Test
        void the_sample_subscriptions_route_replays_to_their_target_only() {
            Topology t = ContextBusTopology.builder().context("ordering")
                    .context("inventory", ContextBusTopology.consumes("ordering"))
                    .context("shipping", ContextBusTopology.consumes("ordering")).build();
            MessageFilter inventory = MessageFilters.forSubscription(t.subscription("ordering.events", "inventory")
                    .orElseThrow());
            MessageFilter shipping = MessageFilters.forSubscription(t.subscription("ordering.events", "shipping")
                    .orElseThrow());
            TestMessage live = message().with("cb_source", "ordering").with("cb_seq", 1L);
            TestMessage replay = message().with("cb_source", "ordering").with("cb_replay_target", "shipping");

            assertTrue(inventory.matches(live));
            assertTrue(shipping.matches(live));
            assertFalse(inventory.matches(replay));
            assertTrue(shipping.matches(replay));
        }

        @Test
        void no_rules_means_everything() {
            assertSame(MessageFilters.TRUE, MessageFilters.forSubscription(SubscriptionDefinition.of("s")));
        }

        @Test
        void any_matching_rule_copies_the_message() {
            MessageFilter f = MessageFilters.forSubscription(SubscriptionDefinition.of("s",
                    RuleDefinition.of("a", new SqlRuleFilter("a = 1")), RuleDefinition.of("b", new SqlRuleFilter("b = 1"))));
            assertTrue(f.matches(message().with("b", 1)));
            assertFalse(f.matches(message().with("c", 1)));
        }

        @Test
        void a_failing_rule_surfaces_only_when_no_rule_matches() {
            MessageFilter f = MessageFilters.anyOf(List.of(MessageFilters.sql("s * 2 = 2"), MessageFilters.sql("b = 1")));
            assertTrue(f.matches(message().with("s", "x").with("b", 1)));
            FilterEvaluationException e = assertThrows(FilterEvaluationException.class,
                    () -> f.matches(message().with("s", "x").with("b", 2)));
            assertEquals("s * 2 = 2", e.expression());
        }
    }
}
