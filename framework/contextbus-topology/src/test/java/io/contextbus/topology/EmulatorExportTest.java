package io.contextbus.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EmulatorExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Property names the emulator's Config-schema.json defines, per level.
    private static final Set<String> QUEUE_PROPS = Set.of("DeadLetteringOnMessageExpiration", "DefaultMessageTimeToLive",
            "DuplicateDetectionHistoryTimeWindow", "ForwardDeadLetteredMessagesTo", "ForwardTo", "LockDuration",
            "MaxDeliveryCount", "RequiresDuplicateDetection", "RequiresSession");
    private static final Set<String> TOPIC_PROPS = Set.of("DefaultMessageTimeToLive",
            "DuplicateDetectionHistoryTimeWindow", "RequiresDuplicateDetection");
    private static final Set<String> SUBSCRIPTION_PROPS = Set.of("DeadLetteringOnMessageExpiration",
            "DefaultMessageTimeToLive", "LockDuration", "MaxDeliveryCount", "ForwardDeadLetteredMessagesTo",
            "ForwardTo", "RequiresSession");

    private final Topology sample = Topology.parse(TopologyFiles.sample());

    @Test
    void writes_only_properties_the_emulator_schema_knows() throws IOException {
        JsonNode ns = JSON.readTree(sample.withQueues(List.of(QueueDefinition.of("jobs"))).toEmulatorConfigJson())
                .path("UserConfig").path("Namespaces").get(0);

        assertEquals("sbemulatorns", ns.path("Name").asText());
        assertEquals(QUEUE_PROPS, names(ns.path("Queues").get(0).path("Properties")));
        for (JsonNode topic : ns.path("Topics")) {
            assertEquals(TOPIC_PROPS, names(topic.path("Properties")));
            for (JsonNode sub : topic.path("Subscriptions")) {
                assertEquals(SUBSCRIPTION_PROPS, names(sub.path("Properties")));
            }
        }
    }

    @Test
    void clamps_values_to_the_emulator_limits_and_says_so() {
        EmulatorConfig config = sample.toEmulatorConfig();
        Topology written = Topology.parse(config.json());

        TopicDefinition ordering = written.topic("ordering.events").orElseThrow();
        assertEquals(Duration.ofMinutes(5), ordering.properties().duplicateDetectionHistoryTimeWindow());
        assertEquals(Duration.ofHours(1), ordering.properties().defaultMessageTimeToLive());
        assertTrue(config.adjustments().contains("UserConfig.Namespaces[0].Topics[0].Properties."
                + "DuplicateDetectionHistoryTimeWindow: PT10M written as PT5M (the emulator allows PT5S..PT5M)."),
                config.adjustments().toString());
    }

    @Test
    void keeps_what_fits_and_the_rules() {
        Topology written = Topology.parse(sample.toEmulatorConfigJson());
        SubscriptionDefinition sub = written.subscription("ordering.events", "inventory").orElseThrow();
        assertTrue(sub.properties().requiresSession());
        assertEquals(10, sub.properties().maxDeliveryCount());
        assertEquals(sample.subscription("ordering.events", "inventory").orElseThrow().rules(), sub.rules());
    }

    @Test
    void gives_a_topic_without_subscriptions_a_placeholder_that_receives_nothing() {
        Topology written = Topology.parse(sample.toEmulatorConfigJson());
        SubscriptionDefinition placeholder = written.subscription("shipping.events", "cb-unrouted").orElseThrow();
        assertEquals(SqlRuleFilter.FALSE, placeholder.rules().get(0).filter());
    }

    @Test
    void renames_the_namespace_and_caps_delivery_counts() {
        Topology t = Topology.empty().withNamespace("contoso-prod")
                .withQueues(List.of(new QueueDefinition("q", QueueProperties.DEFAULT.withMaxDeliveryCount(50))));
        EmulatorConfig config = t.toEmulatorConfig();
        Topology written = Topology.parse(config.json());
        assertEquals("sbemulatorns", written.namespace());
        assertEquals(10, written.queue("q").orElseThrow().properties().maxDeliveryCount());
        // namespace, TTL (Service Bus' "never" is PT1H at most), dedupe window, delivery count
        assertEquals(4, config.adjustments().size(), config.adjustments().toString());
    }

    @Test
    void refuses_more_than_fifty_entities() {
        List<QueueDefinition> queues = new ArrayList<>();
        IntStream.range(0, 51).forEach(i -> queues.add(QueueDefinition.of("q" + i)));
        TopologyException e = assertThrows(TopologyException.class,
                () -> Topology.empty().withQueues(queues).toEmulatorConfig());
        assertEquals("UserConfig.Namespaces[0]", e.path());
        assertEquals("holds 51 queues and topics; the emulator holds at most 50.", e.problem());
    }

    @Test
    void a_topology_that_already_fits_needs_no_adjustment() {
        Topology fits = ContextBusTopology.builder().context("aa").context("bb", ContextBusTopology.consumes("aa"))
                .duplicateDetectionWindow(Duration.ofMinutes(5)).build();
        Topology clamped = fits.withTopics(fits.topics().stream().map(t -> new TopicDefinition(t.name(),
                t.properties().withDefaultMessageTimeToLive(Duration.ofHours(1)), t.subscriptions().stream()
                .map(s -> new SubscriptionDefinition(s.name(), s.properties()
                        .withDefaultMessageTimeToLive(Duration.ofHours(1)), s.rules())).toList())).toList());
        List<String> notes = clamped.toEmulatorConfig().adjustments();
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("Topics[1].Subscriptions: empty"), notes.get(0));
    }

    @Test
    void the_committed_sample_emulator_config_is_current() throws IOException {
        // infra/topology holds the emulator Config.json of the sample for docker runs; it must not drift.
        Path committed = Path.of(System.getProperty("basedir", "."),
                "../../infra/topology/contextbus-sample.emulator-config.json");
        assertEquals(sample.toEmulatorConfigJson(), Files.readString(committed));
        assertFalse(sample.toEmulatorConfigJson().contains("SupportOrdering"));
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }
}
