package io.contextbus.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every Config.json the export writes is valid against the emulator's official schema, and the
 * check is not vacuous: raw topology files that break the emulator's limits fail it, naming the
 * offending element.
 */
@DisplayName("Emulator Config.json against the official schema")
class EmulatorConfigSchemaTest {
    private final Topology sample = Topology.parse(TopologyFiles.sample());

    private static void assertValid(String json) {
        List<String> errors = EmulatorConfigSchema.errors(json);
        assertEquals(List.of(), errors, "the emulator's schema refuses the generated Config.json");
    }

    private static void assertInvalid(String json, String expectedFragment) {
        List<String> errors = EmulatorConfigSchema.errors(json);
        assertTrue(errors.stream().anyMatch(e -> e.contains(expectedFragment)),
                "expected a schema error mentioning '" + expectedFragment + "' but got " + errors);
    }

    @Test
    void the_sample_export_is_valid() {
        assertValid(sample.toEmulatorConfigJson());
    }

    @Test
    void the_committed_sample_emulator_config_is_valid() throws IOException {
        Path committed = Path.of(System.getProperty("basedir", "."),
                "../../infra/topology/contextbus-sample.emulator-config.json");
        assertValid(Files.readString(committed));
    }

    @Test
    void exports_of_built_topologies_with_queues_and_every_option_are_valid() {
        Topology built = ContextBusTopology.builder()
                .context("ordering", ContextBusTopology.consumes("inventory"))
                .context("inventory", ContextBusTopology.consumes("ordering"))
                .context("shipping", ContextBusTopology.consumes("ordering", "inventory"))
                .duplicateDetectionWindow(Duration.ofDays(1)).lockDuration(Duration.ofSeconds(10))
                .maxDeliveryCount(50).namespace("contoso-prod").build();
        Topology withQueue = built.withQueues(List.of(new QueueDefinition("jobs", QueueProperties.DEFAULT
                .withRequiresSession(true).withMaxDeliveryCount(100).withForwardTo(java.util.Optional.of("ordering.events")))));
        assertValid(withQueue.toEmulatorConfigJson());
    }

    @Test
    void the_schema_check_fails_on_a_namespace_the_emulator_does_not_accept() {
        String raw = sample.withNamespace("contoso-prod").toJson();
        assertInvalid(raw, "/UserConfig/Namespaces/0/Name: does not have a value in the enumeration");
        assertValid(sample.withNamespace("contoso-prod").toEmulatorConfigJson());
    }

    @Test
    void the_schema_check_fails_on_a_delivery_count_over_ten() {
        Topology t = Topology.empty().withQueues(List.of(new QueueDefinition("q",
                QueueProperties.DEFAULT.withMaxDeliveryCount(11))));
        assertInvalid(t.toJson(), "/UserConfig/Namespaces/0/Queues/0/Properties/MaxDeliveryCount: must have a maximum value of 10");
        assertValid(t.toEmulatorConfigJson());
    }

    @Test
    void the_schema_check_fails_on_a_topic_without_subscriptions() {
        Topology t = ContextBusTopology.builder().context("aa").build();
        assertInvalid(t.toJson(), "/UserConfig/Namespaces/0/Topics/0/Subscriptions: must have at least 1 items");
        assertValid(t.toEmulatorConfigJson());
    }

    @Test
    void the_schema_check_fails_on_service_bus_never_expiring_ttl_which_the_export_clamps() {
        // Service Bus' default TTL (P10675199DT2H48M5.4775807S) has fractional seconds: not the schema's pattern.
        assertInvalid(sample.toJson(), "/UserConfig/Namespaces/0/Topics/0/Properties/DefaultMessageTimeToLive: "
                + "does not match the regex pattern");
    }

    @Test
    void the_schema_check_fails_on_a_hand_broken_file() {
        String broken = sample.toEmulatorConfigJson().replace("\"Logging\"", "\"Logs\"");
        assertInvalid(broken, "Logging");
    }
}
