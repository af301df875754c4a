package io.contextbus.replay.e2e;

import static io.contextbus.replay.e2e.EndToEnd.BILLING;
import static io.contextbus.replay.e2e.EndToEnd.ORDERING;
import static io.contextbus.replay.e2e.EndToEnd.PATIENCE;
import static io.contextbus.replay.e2e.EndToEnd.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.error.StoreException;
import io.contextbus.handler.GapRepair;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.service.ConfiguredSourceStores;
import io.contextbus.replay.service.ReplayService;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.servicebus.local.EntityCounts;
import io.contextbus.store.cosmos.CosmosEventStore;
import io.contextbus.store.cosmos.CosmosStoreOptions;
import io.contextbus.store.cosmos.CosmosStores;
import io.contextbus.store.cosmos.CosmosTestTarget;
import io.contextbus.testkit.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ordering} keeps its commits in Cosmos DB (the stand-in, or the account that
 * {@code CONTEXTBUS_COSMOS_ENDPOINT} names), {@code shipping} and {@code billing} consume it into
 * SQLite read models through the local Service Bus. The replay service is configured from a file
 * that names ordering's container and the environment variable holding its key, and is driven over
 * REST only.
 */
@DisplayName("Replays read from a Cosmos DB source")
class CosmosSourceReplayIT {
    static final int STREAMS = 60;
    static final String DATABASE = "contextbus-replay-tests";
    static final String KEY_ENV = "E2E_ORDERING_COSMOS_KEY";
    static final ContextName CATALOG = ContextName.of("catalog");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    /** The Cosmos DB account of this JVM's tests, and a container prefix no other test uses. */
    CosmosTestTarget cosmos;
    String prefix;

    @BeforeEach
    void cosmos() {
        cosmos = CosmosTestTarget.get();
        prefix = "replay-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    /** The stores of the contexts themselves (ordering's writer), creating containers as they go. */
    private CosmosStores connectWriter() {
        return CosmosStores.connect(CosmosStoreOptions.builder().endpoint(cosmos.endpoint()).key(cosmos.key())
                .database(DATABASE).containerPrefix(prefix).build());
    }

    @Test
    @DisplayName("the target converges to the fold of the source's events; no other consumer receives any of it")
    void consumer_converges_from_a_cosmos_source_and_no_one_else_receives_the_replay() throws Exception {
        try (EndToEnd e2e = new EndToEnd(dir); CosmosStores ordering = connectWriter()) {
            // given: ordering's commits in its container, never published (its dispatcher is not running);
            // commits 1..3 of every stream stamped before 'since', 4..5 after it
            CosmosEventStore source = ordering.eventStore(ORDERING);
            List<StreamId> streams = EndToEnd.streams("order-", STREAMS);
            append(source, streams, 1, 3);
            Instant before = Instant.now();
            Await.until(() -> Instant.now().isAfter(before.plusMillis(1)), PATIENCE, "the clock moved on");
            Instant since = before.plusMillis(1);
            append(source, streams, 4, 5);
            Map<String, String> expected = FoldedReadModel.expected(source, streams);
            e2e.consumer(SHIPPING, GapRepair.LOG_ONLY);
            e2e.consumer(BILLING, GapRepair.LOG_ONLY);

            // and: the service configured from its file, ordering read from Cosmos with the key from the environment
            ReplayServiceConfig config = ReplayServiceConfig.load(configFile(e2e),
                    Map.of("E2E_REPLAY_TOKEN", EndToEnd.TOKEN, "E2E_SERVICEBUS", e2e.bus.connectionString(),
                            KEY_ENV, cosmos.key()));
            assertTrue(config.contexts().get(ORDERING).cosmos().isPresent(), "ordering is a Cosmos source");
            ReplayClient client = EndToEnd.client(e2e.track(ReplayService.start(config)));

            // when: a dry run since 'since' (positionAt and readAll on the container)
            ReplayStatus dry = finished(client, client.submit(
                    ReplayRequest.everything(SHIPPING, List.of(ORDERING)).withSince(since).withDryRun(true)));
            // then: it plans exactly commits 4..5 of every stream and sends nothing
            assertEquals(2L * STREAMS, dry.planned(), dry.toString());
            assertEquals(0, dry.sent());

            // when: everything is replayed to shipping
            ReplayStatus all = finished(client, client.submit(ReplayRequest.everything(SHIPPING, List.of(ORDERING))));
            // then: every commit is sent, shipping converges to the fold from scratch, billing receives nothing
            assertEquals(5L * STREAMS, all.sent(), all.toString());
            Await.until(() -> e2e.model(SHIPPING).matches(ORDERING, expected), PATIENCE, "shipping converged");
            e2e.model(SHIPPING).assertMatches(ORDERING, expected);

            // when: one stream is replayed from commit 4 (readStream on the container), as gap repair asks
            StreamId first = streams.get(0);
            ReplayStatus one = finished(client, client.submit(ReplayRequest.stream(SHIPPING, ORDERING, first, 4)));
            // then: its two commits are sent again, the inbox drops them, and shipping's fold is unchanged
            assertEquals(2, one.sent(), one.toString());
            long shippingTotal = 5L * STREAMS + 2;
            Await.until(() -> settled(e2e.bus.counts(EndToEnd.subscription(SHIPPING)), shippingTotal), PATIENCE,
                    "shipping's subscription received and settled " + shippingTotal + " messages");
            e2e.model(SHIPPING).assertMatches(ORDERING, expected);

            // and: no replayed commit reached billing's subscription
            assertEquals(0, e2e.enqueued(BILLING), "billing's subscription received none of the replays");
            assertEquals(Map.of(), e2e.model(BILLING).folds(ORDERING));
        }
    }

    @Test
    @DisplayName("the configured source is opened read-only; a missing container is named, not created")
    void the_configured_cosmos_source_is_opened_read_only_and_a_missing_container_is_named() throws Exception {
        try (CosmosStores ordering = connectWriter()) {
            // given: one commit in ordering's container; catalog configured on a container that does not exist
            StreamId stream = StreamId.of("order-1");
            Commit written = ordering.eventStore(ORDERING).append(EndToEnd.attempt(stream, 1));
            ObjectNode contexts = JSON.createObjectNode();
            contexts.putObject(ORDERING.value()).set("cosmos", cosmosEntry(prefix));
            contexts.putObject(CATALOG.value()).set("cosmos", cosmosEntry(prefix + "missing-"));
            ReplayServiceConfig config = ReplayServiceConfig.load(configFile(contexts, Optional.empty()),
                    Map.of("E2E_REPLAY_TOKEN", EndToEnd.TOKEN, "E2E_SERVICEBUS", "unused", KEY_ENV, cosmos.key()));

            // when: the service's source stores open them
            try (ConfiguredSourceStores sources = new ConfiguredSourceStores(config.contexts())) {
                // then: ordering's is read-only, reads what the writer wrote, and refuses to write
                CosmosEventStore store = (CosmosEventStore) sources.store(ORDERING);
                assertTrue(store.isReadOnly());
                assertEquals(List.of(written), store.readStream(stream, 1));
                StoreException refused = assertThrows(StoreException.class,
                        () -> store.append(EndToEnd.attempt(stream, 2)));
                assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
                assertEquals(1, ordering.eventStore(ORDERING).lastCommitSequence(stream));

                // and: catalog's missing container is named, not created
                StoreException missing = assertThrows(StoreException.class, () -> sources.store(CATALOG));
                assertFalse(missing.isTransient());
                assertTrue(missing.getMessage().contains("container '" + prefix + "missing-catalog' does not exist"),
                        missing.getMessage());
            }
        }
    }

    private static boolean settled(EntityCounts counts, long enqueued) {
        return counts.messagesEnqueued() == enqueued && counts.activeMessages() == 0 && counts.deadLetterMessages() == 0;
    }

    private static ReplayStatus finished(ReplayClient client, ReplayStatus accepted) {
        ReplayStatus done = Await.value(() -> client.status(accepted.id()).filter(s -> s.state().isTerminal()), PATIENCE,
                "replay " + accepted.id() + " finished");
        assertEquals(ReplayState.COMPLETED, done.state(), done.toString());
        return done;
    }

    /** Commits {@code from..to} of every stream, streams in parallel, each stream in order. */
    private static void append(CosmosEventStore store, List<StreamId> streams, long from, long to) {
        streams.parallelStream().forEach(s -> {
            for (long seq = from; seq <= to; seq++) {
                store.append(EndToEnd.attempt(s, seq));
            }
        });
    }

    /** The service's config file: ordering on Cosmos, shipping and billing targets. */
    private Path configFile(EndToEnd e2e) throws IOException {
        ObjectNode contexts = JSON.createObjectNode();
        contexts.putObject(ORDERING.value()).set("cosmos", cosmosEntry(prefix));
        contexts.putObject(SHIPPING.value());
        contexts.putObject(BILLING.value());
        return configFile(contexts, Optional.of(e2e.topologyFile()));
    }

    /** A config file with these contexts; secrets only by the names of their environment variables. */
    private Path configFile(ObjectNode contexts, Optional<Path> topologyFile) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("http").put("port", 0);
        root.put("dataFile", "replay/replays.db");
        root.put("authTokenEnv", "E2E_REPLAY_TOKEN");
        root.putObject("serviceBus").put("connectionStringEnv", "E2E_SERVICEBUS");
        topologyFile.ifPresent(f -> root.put("topologyFile", f.getFileName().toString()));
        root.set("contexts", contexts);
        return Files.writeString(dir.resolve("replay.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /** A {@code cosmos} entry naming a container with {@code containerPrefix} in the test database. */
    private ObjectNode cosmosEntry(String containerPrefix) {
        return JSON.createObjectNode().put("endpoint", cosmos.endpoint()).put("database", DATABASE)
                .put("containerPrefix", containerPrefix).put("keyEnv", KEY_ENV);
    }
}
