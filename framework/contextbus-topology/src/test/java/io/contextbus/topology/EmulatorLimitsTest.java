package io.contextbus.topology;

import static io.contextbus.topology.EmulatorLimitViolation.Severity.ERROR;
import static io.contextbus.topology.EmulatorLimitViolation.Severity.WARNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link Topology#checkEmulatorLimits()}: what the official emulator would refuse is an error (and
 * the export refuses it too), what the export clamps is a warning that says exactly how.
 */
@DisplayName("Emulator limits check")
class EmulatorLimitsTest {
    private static final String TOPIC0 = "UserConfig.Namespaces[0].Topics[0]";

    /** Fits the emulator: dedupe PT5M, TTL PT1H everywhere, every topic consumed. */
    private static Topology fitting() {
        Topology t = ContextBusTopology.builder().context("aa", ContextBusTopology.consumes("bb"))
                .context("bb", ContextBusTopology.consumes("aa")).duplicateDetectionWindow(Duration.ofMinutes(5)).build();
        return t.withTopics(t.topics().stream().map(topic -> new TopicDefinition(topic.name(),
                topic.properties().withDefaultMessageTimeToLive(Duration.ofHours(1)), topic.subscriptions().stream()
                .map(s -> new SubscriptionDefinition(s.name(), s.properties()
                        .withDefaultMessageTimeToLive(Duration.ofHours(1)), s.rules())).toList())).toList());
    }

    private static Topology withRule(RuleDefinition rule) {
        Topology t = fitting();
        TopicDefinition topic = t.topics().get(0);
        SubscriptionDefinition sub = topic.subscriptions().get(0);
        return t.withTopics(List.of(new TopicDefinition(topic.name(), topic.properties(),
                List.of(new SubscriptionDefinition(sub.name(), sub.properties(), List.of(rule)))), t.topics().get(1)));
    }

    @Test
    void a_topology_within_the_limits_has_no_finding() {
        assertEquals(List.of(), fitting().checkEmulatorLimits());
    }

    @Test
    void the_sample_gets_a_warning_for_each_clamp_naming_the_value_written() {
        List<EmulatorLimitViolation> found = Topology.parse(TopologyFiles.sample()).checkEmulatorLimits();
        assertTrue(found.stream().allMatch(f -> f.severity() == WARNING), found.toString());
        assertTrue(found.contains(new EmulatorLimitViolation(WARNING, TOPIC0 + ".Properties.DuplicateDetectionHistoryTimeWindow",
                "PT10M written as PT5M (the emulator allows PT5S..PT5M).")), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.path().equals(TOPIC0 + ".Properties.DefaultMessageTimeToLive")
                && f.message().endsWith("written as PT1H (the emulator allows PT5M..PT1H).")), found.toString());
        // The same findings are the export's adjustments, so callers log one list.
        assertEquals(found.stream().map(f -> f.path() + ": " + f.message()).toList(),
                Topology.parse(TopologyFiles.sample()).toEmulatorConfig().adjustments());
    }

    @Test
    void a_short_subscription_lock_and_a_high_delivery_count_are_clamped_with_a_warning() {
        Topology t = ContextBusTopology.builder().context("aa").context("bb", ContextBusTopology.consumes("aa"))
                .duplicateDetectionWindow(Duration.ofMinutes(5)).lockDuration(Duration.ofSeconds(10))
                .maxDeliveryCount(20).build();
        List<String> found = t.checkEmulatorLimits().stream().map(EmulatorLimitViolation::toString).toList();
        assertTrue(found.contains("WARNING " + TOPIC0 + ".Subscriptions[0].Properties.LockDuration: PT10S written as PT1M "
                + "(the emulator allows PT1M..PT5M)."), found.toString());
        assertTrue(found.contains("WARNING " + TOPIC0 + ".Subscriptions[0].Properties.MaxDeliveryCount: 20 written as 10 "
                + "(the emulator allows 1..10)."), found.toString());
    }

    @Test
    void a_sql_filter_over_1024_characters_is_an_error_and_the_export_refuses_it() {
        String longFilter = "cb_source = '" + "x".repeat(1020) + "'";
        Topology t = withRule(RuleDefinition.of("long", new SqlRuleFilter(longFilter)));
        EmulatorLimitViolation expected = new EmulatorLimitViolation(ERROR,
                TOPIC0 + ".Subscriptions[0].Rules[0].Properties.SqlFilter.SqlExpression",
                "is " + longFilter.length() + " characters; the emulator refuses a filter over 1024.");
        assertEquals(List.of(expected), t.checkEmulatorLimits());
        TopologyException e = assertThrows(TopologyException.class, t::toEmulatorConfig);
        assertEquals(expected.path(), e.path());
    }

    @Test
    void a_filter_of_exactly_1024_characters_fits() {
        String filter = "cb_source = '" + "x".repeat(1024 - 14) + "'";
        assertEquals(1024, filter.length());
        assertEquals(List.of(), withRule(RuleDefinition.of("edge", new SqlRuleFilter(filter))).checkEmulatorLimits());
    }

    @Test
    void an_action_over_1024_characters_is_an_error() {
        RuleDefinition rule = new RuleDefinition("act", SqlRuleFilter.TRUE,
                Optional.of(new RuleAction("SET a = '" + "y".repeat(1100) + "'")));
        List<EmulatorLimitViolation> found = withRule(rule).checkEmulatorLimits();
        assertEquals(1, found.size(), found.toString());
        assertEquals(ERROR, found.get(0).severity());
        assertTrue(found.get(0).path().endsWith("Rules[0].Properties.Action.SqlExpression"), found.toString());
    }

    @Test
    void more_than_fifty_entities_is_an_error() {
        List<QueueDefinition> queues = new ArrayList<>();
        IntStream.range(0, 51).forEach(i -> queues.add(QueueDefinition.of("q" + i)));
        List<EmulatorLimitViolation> found = Topology.empty().withQueues(queues).checkEmulatorLimits().stream()
                .filter(f -> f.severity() == ERROR).toList();
        assertEquals(List.of(new EmulatorLimitViolation(ERROR, "UserConfig.Namespaces[0]",
                "holds 51 queues and topics; the emulator holds at most 50.")), found);
    }

    @Test
    void more_than_fifty_subscriptions_on_a_topic_is_an_error() {
        List<SubscriptionDefinition> subs = new ArrayList<>();
        IntStream.range(0, 51).forEach(i -> subs.add(SubscriptionDefinition.of("s" + i)));
        Topology t = Topology.empty().withTopics(List.of(new TopicDefinition("t", TopicProperties.DEFAULT, subs)));
        assertTrue(t.checkEmulatorLimits().contains(new EmulatorLimitViolation(ERROR, TOPIC0 + ".Subscriptions",
                "holds 51 subscriptions; the emulator holds at most 50 per topic.")), t.checkEmulatorLimits().toString());
    }

    @Test
    void more_than_ten_contexts_warn_about_the_connection_limit() {
        ContextBusTopology.Builder b = ContextBusTopology.builder().duplicateDetectionWindow(Duration.ofMinutes(5));
        IntStream.range(0, 11).forEach(i -> b.context("ctx" + i, ContextBusTopology.consumes(i == 0 ? "ctx1" : "ctx0")));
        List<EmulatorLimitViolation> found = b.build().checkEmulatorLimits().stream()
                .filter(f -> f.path().equals("UserConfig.Namespaces[0]")).toList();
        assertEquals(List.of(new EmulatorLimitViolation(WARNING, "UserConfig.Namespaces[0]",
                "11 contexts each open one AMQP connection when they run at once; the emulator accepts 10 "
                        + "concurrent connections (test clients count too).")), found);
        assertTrue(b.build().toEmulatorConfig().adjustments().stream().noneMatch(a -> a.contains("connection")),
                "a limit of running, not of the file: not an adjustment of the Config.json");
    }
}
