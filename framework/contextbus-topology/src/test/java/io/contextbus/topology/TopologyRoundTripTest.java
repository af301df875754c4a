package io.contextbus.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyRoundTripTest {

    @Test
    void the_sample_file_is_exactly_what_to_json_writes() {
        Topology sample = Topology.parse(TopologyFiles.sample());
        assertEquals(TopologyFiles.sample(), sample.toJson());
    }

    @Test
    void every_kind_of_element_survives_a_round_trip() {
        Topology rich = Topology.empty()
                .withQueues(List.of(QueueDefinition.of("dead"), new QueueDefinition("jobs", QueueProperties.DEFAULT
                        .withRequiresSession(true).withLockDuration(Duration.ofSeconds(30)).withMaxDeliveryCount(3)
                        .withDefaultMessageTimeToLive(Duration.ofDays(14)).withRequiresDuplicateDetection(true)
                        .withDuplicateDetectionHistoryTimeWindow(Duration.ofSeconds(90))
                        .withForwardDeadLetteredMessagesTo(Optional.of("dead")).withMaxMessageSizeInKilobytes(1024)
                        .withDeadLetteringOnMessageExpiration(true))))
                .withTopics(List.of(new TopicDefinition("t", TopicProperties.DEFAULT.withSupportOrdering(true),
                        List.of(new SubscriptionDefinition("s", SubscriptionProperties.DEFAULT
                                .withForwardTo(Optional.of("jobs")).withDeadLetteringOnFilterEvaluationExceptions(false),
                                List.of(
                                        new RuleDefinition("sql", new SqlRuleFilter("a = 'it''s'"),
                                                Optional.of(new RuleAction("SET b = 2"))),
                                        RuleDefinition.of("corr", new CorrelationRuleFilter("application/json", "c1",
                                                "L", "m", "r", "rs", "s1", "to",
                                                Map.<String, Object>of("i", 1, "d", 2.5, "b", false, "s", "x")))))))));

        Topology again = Topology.parse(rich.toJson());

        assertEquals(rich, again);
        assertEquals(rich.toJson(), again.toJson());
    }

    @Test
    void reads_a_file_from_disk(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("topology.json");
        Files.writeString(file, TopologyFiles.sample());
        assertEquals(Topology.parse(TopologyFiles.sample()), Topology.read(file));
    }

    @Test
    void the_infra_copy_is_the_sample() throws IOException {
        // Bicep loads infra/topology with loadJsonContent; it must not drift from the tested sample.
        Path infra = Path.of(System.getProperty("basedir", "."),
                "../../infra/topology/contextbus-sample.topology.json");
        assertEquals(TopologyFiles.sample(), Files.readString(infra));
    }
}
