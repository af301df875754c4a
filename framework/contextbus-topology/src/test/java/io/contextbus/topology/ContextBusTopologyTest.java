package io.contextbus.topology;

import static io.contextbus.topology.ContextBusTopology.consumes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ContextBusTopologyTest {

    private static Topology sampleSystem() {
        return ContextBusTopology.builder()
                .context("ordering", consumes("inventory"))
                .context("inventory", consumes("ordering"))
                .context("shipping", consumes("ordering"))
                .context("billing", consumes("ordering"))
                .build();
    }

    @Nested
    @DisplayName("the builder")
    class Builder {

        @Test
        void builds_the_committed_sample() {
            assertEquals(Topology.parse(TopologyFiles.sample()), sampleSystem());
        }

        @Test
        void gives_each_context_its_topic_with_dedupe_and_ordering() {
            TopicProperties p = sampleSystem().topic("shipping.events").orElseThrow().properties();
            assertTrue(p.requiresDuplicateDetection());
            assertTrue(p.supportOrdering());
            assertEquals(Duration.ofMinutes(10), p.duplicateDetectionHistoryTimeWindow());
            assertEquals(256, p.maxMessageSizeInKilobytes());
        }

        @Test
        void subscribes_each_consumer_with_sessions_and_its_replay_rule() {
            SubscriptionDefinition s = sampleSystem().subscription("ordering.events", "shipping").orElseThrow();
            assertTrue(s.properties().requiresSession());
            assertEquals(10, s.properties().maxDeliveryCount());
            assertEquals(Duration.ofMinutes(1), s.properties().lockDuration());
            assertTrue(s.properties().deadLetteringOnFilterEvaluationExceptions());
            assertEquals(List.of(RuleDefinition.of("replay-target",
                    new SqlRuleFilter("cb_replay_target IS NULL OR cb_replay_target = 'shipping'"))), s.rules());
        }

        @Test
        void applies_the_options() {
            Topology t = ContextBusTopology.builder().namespace("contoso-bus")
                    .duplicateDetectionWindow(Duration.ofHours(1)).lockDuration(Duration.ofSeconds(30))
                    .maxDeliveryCount(5).maxMessageSizeInKilobytes(1024)
                    .context("aa").context("bb", consumes("aa")).build();
            assertEquals("contoso-bus", t.namespace());
            assertEquals(Duration.ofHours(1), t.topic("aa.events").orElseThrow().properties()
                    .duplicateDetectionHistoryTimeWindow());
            assertEquals(1024, t.topic("aa.events").orElseThrow().properties().maxMessageSizeInKilobytes());
            assertEquals(5, t.subscription("aa.events", "bb").orElseThrow().properties().maxDeliveryCount());
            assertEquals(Duration.ofSeconds(30), t.subscription("aa.events", "bb").orElseThrow().properties().lockDuration());
        }

        @Test
        void refuses_bad_declarations() {
            assertEquals("context", assertThrows(TopologyException.class,
                    () -> ContextBusTopology.builder().context("Ordering")).path());
            assertEquals("contexts[ab].consumes", assertThrows(TopologyException.class,
                    () -> ContextBusTopology.builder().context("ab", consumes("ab"))).path());
            assertEquals("contexts[cd].consumes", assertThrows(TopologyException.class,
                    () -> ContextBusTopology.builder().context("cd", consumes("x_y"))).path());
            assertEquals("contexts[ab]", assertThrows(TopologyException.class,
                    () -> ContextBusTopology.builder().context("ab").context("ab")).path());
            TopologyException undeclared = assertThrows(TopologyException.class,
                    () -> ContextBusTopology.builder().context("ab", consumes("billing")).build());
            assertEquals("contexts[ab].consumes", undeclared.path());
            assertEquals("names 'billing', which is not a declared context.", undeclared.problem());
            assertEquals("duplicateDetectionWindow", assertThrows(TopologyException.class,
                    () -> ContextBusTopology.builder().duplicateDetectionWindow(Duration.ofSeconds(1))).path());
        }
    }

    @Nested
    @DisplayName("names")
    class Names {
        @Test
        void topic_and_context_names() {
            assertEquals("ordering.events", ContextBusTopology.topicName("ordering"));
            assertEquals(Optional.of("ordering"), ContextBusTopology.contextOfTopic("ordering.events"));
            assertEquals(Optional.empty(), ContextBusTopology.contextOfTopic("Ordering.events"));
            assertEquals(Optional.empty(), ContextBusTopology.contextOfTopic("ordering"));
            assertEquals("cb_replay_target IS NULL OR cb_replay_target = 'shipping'",
                    ContextBusTopology.replayRuleExpression("shipping"));
            assertThrows(TopologyException.class, () -> ContextBusTopology.replayRuleExpression("x' OR '1'='1"));
        }
    }

    @Nested
    @DisplayName("validateForContextBus")
    class Validation {

        @Test
        void the_sample_has_no_violation() {
            assertEquals(List.of(), sampleSystem().validateForContextBus());
        }

        @Test
        void reports_a_topic_without_duplicate_detection_or_ordering() {
            Topology t = replaceTopic(sampleSystem(), 0, topic -> new TopicDefinition(topic.name(),
                    topic.properties().withRequiresDuplicateDetection(false).withSupportOrdering(false),
                    topic.subscriptions()));
            assertEquals(List.of("UserConfig.Namespaces[0].Topics[0].Properties.RequiresDuplicateDetection",
                    "UserConfig.Namespaces[0].Topics[0].Properties.SupportOrdering"), paths(t));
        }

        @Test
        void reports_a_dedupe_window_shorter_than_the_retry_horizon() {
            assertEquals(List.of(), sampleSystem().validateForContextBus(Duration.ofMinutes(10)));
            List<TopologyViolation> found = sampleSystem().validateForContextBus(Duration.ofMinutes(15));
            assertEquals(4, found.size());
            assertEquals(new TopologyViolation("UserConfig.Namespaces[0].Topics[0].Properties."
                    + "DuplicateDetectionHistoryTimeWindow", "is PT10M but must cover the dispatcher's retry horizon "
                    + "of PT15M."), found.get(0));
        }

        @Test
        void reports_sessions_off_and_filter_errors_not_dead_lettered() {
            Topology t = replaceSubscription(sampleSystem(), s -> new SubscriptionDefinition(s.name(),
                    s.properties().withRequiresSession(false).withDeadLetteringOnFilterEvaluationExceptions(false),
                    s.rules()));
            assertEquals(List.of(
                    "UserConfig.Namespaces[0].Topics[0].Subscriptions[1].Properties.RequiresSession",
                    "UserConfig.Namespaces[0].Topics[0].Subscriptions[1].Properties."
                            + "DeadLetteringOnFilterEvaluationExceptions"), paths(t));
        }

        @Test
        void reports_a_missing_replay_rule() {
            Topology t = replaceSubscription(sampleSystem(), s -> new SubscriptionDefinition(s.name(), s.properties(),
                    List.of()));
            List<TopologyViolation> found = t.validateForContextBus();
            assertEquals(1, found.size());
            assertEquals("UserConfig.Namespaces[0].Topics[0].Subscriptions[1].Rules", found.get(0).path());
            assertTrue(found.get(0).message().contains("$Default"), found.get(0).message());
        }

        @Test
        void reports_a_replay_rule_for_the_wrong_consumer() {
            Topology t = replaceSubscription(sampleSystem(), s -> new SubscriptionDefinition(s.name(), s.properties(),
                    List.of(ContextBusTopology.replayRule("inventory"))));
            assertEquals(List.of("UserConfig.Namespaces[0].Topics[0].Subscriptions[1].Rules[0].Properties"), paths(t));
        }

        @Test
        void accepts_a_replay_rule_written_differently() {
            Topology t = replaceSubscription(sampleSystem(), s -> new SubscriptionDefinition(s.name(), s.properties(),
                    List.of(RuleDefinition.of("replay-target", new SqlRuleFilter(
                            "cb_replay_target is null  or\n cb_replay_target='shipping'")))));
            assertEquals(List.of(), t.validateForContextBus());
        }

        @Test
        void reports_an_extra_rule_that_would_let_other_replays_through() {
            Topology t = replaceSubscription(sampleSystem(), s -> new SubscriptionDefinition(s.name(), s.properties(),
                    List.of(s.rules().get(0), RuleDefinition.DEFAULT)));
            assertEquals(List.of("UserConfig.Namespaces[0].Topics[0].Subscriptions[1].Rules[1].Name"), paths(t));
        }

        @Test
        void reports_subscription_names_that_are_not_contexts_and_ignores_other_topics() {
            Topology t = sampleSystem().withTopics(List.of(
                    new TopicDefinition("ordering.events", ContextBusTopology.topicProperties(Duration.ofMinutes(10), 256),
                            List.of(SubscriptionDefinition.of("Audit_Log"))),
                    new TopicDefinition("legacy-feed", TopicProperties.DEFAULT, List.of(SubscriptionDefinition.of("x")))));
            List<String> paths = paths(t);
            assertTrue(paths.contains("UserConfig.Namespaces[0].Topics[0].Subscriptions[0].Name"), paths.toString());
            assertTrue(paths.stream().noneMatch(p -> p.contains("Topics[1]")), paths.toString());
        }
    }

    private static List<String> paths(Topology t) {
        return t.validateForContextBus().stream().map(TopologyViolation::path).toList();
    }

    private static Topology replaceTopic(Topology t, int index,
                                         java.util.function.UnaryOperator<TopicDefinition> change) {
        List<TopicDefinition> topics = new java.util.ArrayList<>(t.topics());
        topics.set(index, change.apply(topics.get(index)));
        return t.withTopics(topics);
    }

    /** Changes subscription 'shipping' of ordering.events (Topics[0].Subscriptions[1]). */
    private static Topology replaceSubscription(Topology t,
                                                java.util.function.UnaryOperator<SubscriptionDefinition> change) {
        return replaceTopic(t, 0, topic -> {
            List<SubscriptionDefinition> subs = new java.util.ArrayList<>(topic.subscriptions());
            subs.set(1, change.apply(subs.get(1)));
            return new TopicDefinition(topic.name(), topic.properties(), subs);
        });
    }
}
