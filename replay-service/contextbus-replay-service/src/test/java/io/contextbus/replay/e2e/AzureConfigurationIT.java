package io.contextbus.replay.e2e;

import static io.contextbus.replay.e2e.EndToEnd.BILLING;
import static io.contextbus.replay.e2e.EndToEnd.ORDERING;
import static io.contextbus.replay.e2e.EndToEnd.PATIENCE;
import static io.contextbus.replay.e2e.EndToEnd.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.models.PartitionKey;
import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.handler.GapRepair;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.service.ReplayService;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.replay.service.ReplayServiceMain;
import io.contextbus.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay service started through {@link ReplayServiceMain} with nothing but the environment
 * variables the Bicep sets on its container app (local values: the local broker's connection
 * string, the Cosmos DB stand-in's endpoint and key), no config file: its sources and its registry
 * are in Cosmos DB, and a replay posted over REST reaches only the target's subscription.
 */
@DisplayName("The replay service in its Azure configuration: environment variables only, Cosmos DB sources and registry")
class AzureConfigurationIT {
    static final int STREAMS = 40;
    static final int COMMITS = 5;

    @TempDir
    Path dir;

    @Test
    void replays_from_cosmos_to_the_target_only_configured_by_environment_alone() throws Exception {
        try (EndToEnd e2e = new EndToEnd(dir); AzureEnvironment azure = new AzureEnvironment(e2e);
             CosmosClient look = azure.client()) {
            // given: ordering's commits in its Cosmos DB container, never published; shipping and billing consuming
            List<StreamId> streams = EndToEnd.streams("order-", STREAMS);
            azure.append(streams, 1, COMMITS);
            Map<String, String> expected = FoldedReadModel.expected(azure.ordering(), streams);
            e2e.consumer(SHIPPING, GapRepair.LOG_ONLY);
            e2e.consumer(BILLING, GapRepair.LOG_ONLY);

            // when: the service starts from the environment alone, as main does on Azure
            Map<String, String> env = azure.variables();
            ReplayService service = e2e.track(ReplayServiceMain.start(new String[0], env));
            ReplayClient client = ReplayClient.create(service.uri(), EndToEnd.TOKEN);
            ReplayStatus accepted = client.submit(ReplayRequest.everything(SHIPPING, List.of(ORDERING)));
            ReplayStatus done = Await.value(() -> client.status(accepted.id()).filter(s -> s.state().isTerminal()), PATIENCE,
                    "replay finished");

            // then: every commit was sent, shipping converged, billing's subscription received nothing
            assertEquals(ReplayState.COMPLETED, done.state(), done.toString());
            assertEquals((long) STREAMS * COMMITS, done.sent(), done.toString());
            Await.until(() -> e2e.model(SHIPPING).matches(ORDERING, expected), PATIENCE, "shipping converged");
            e2e.model(SHIPPING).assertMatches(ORDERING, expected);
            assertEquals((long) STREAMS * COMMITS, e2e.enqueued(SHIPPING));
            assertEquals(0, e2e.enqueued(BILLING), "billing's subscription received none of the replay");

            // and: the replay is recorded in the registry's Cosmos DB container, nothing on the container's disk
            JsonNode recorded = look.getDatabase(azure.database).getContainer(ReplayServiceConfig.REGISTRY_CONTAINER)
                    .readItem(accepted.id(), new PartitionKey(accepted.id()), JsonNode.class).getItem();
            assertEquals("COMPLETED", recorded.path("state").asText());
            assertFalse(Files.exists(ReplayServiceConfig.fromEnvironment(env).dataFile()), "no SQLite registry file");
            assertTrue(service.uri().getHost().equals("127.0.0.1"), "tests bind to 127.0.0.1: " + service.uri());
        }
    }
}
