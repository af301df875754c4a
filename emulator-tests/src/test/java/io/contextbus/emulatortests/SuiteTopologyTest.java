package io.contextbus.emulatortests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.topology.EmulatorConfigSchema;
import io.contextbus.topology.Topology;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The suite's own topology file runs on the official emulator unchanged: no limit is exceeded, so
 * the generated Config.json holds exactly the file's values, and the emulator's schema accepts it.
 */
class SuiteTopologyTest {
    private final Topology topology = SystemTarget.topology();

    @Test
    void the_suite_topology_is_within_every_emulator_limit() {
        assertEquals(List.of(), topology.checkEmulatorLimits());
        assertEquals(List.of(), topology.toEmulatorConfig().adjustments());
    }

    @Test
    void its_emulator_config_is_valid_against_the_official_schema() {
        assertEquals(List.of(), EmulatorConfigSchema.errors(topology.toEmulatorConfigJson()));
    }

    @Test
    void it_follows_the_contextbus_rules_with_the_emulator_dedupe_window() {
        assertEquals(List.of(), topology.validateForContextBus(Duration.ofMinutes(1)));
        assertEquals(Duration.ofMinutes(5), topology.topic("orders.events").orElseThrow().properties()
                .duplicateDetectionHistoryTimeWindow());
    }
}
