package io.contextbus.replay.e2e;

import static io.contextbus.replay.e2e.EndToEnd.ORDERING;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosClientBuilder;
import io.contextbus.model.StreamId;
import io.contextbus.store.cosmos.CosmosEventStore;
import io.contextbus.store.cosmos.CosmosStoreOptions;
import io.contextbus.store.cosmos.CosmosStores;
import io.contextbus.store.cosmos.CosmosTestTarget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The replay service's Azure configuration against local stand-ins: the environment variables the
 * Bicep sets (the local broker's connection string and the Cosmos DB stand-in's key in place of the
 * namespace and the managed identity), a database of its own per test, and ordering's writer,
 * which puts commits in {@code events-ordering} as the context itself would.
 */
final class AzureEnvironment implements AutoCloseable {
    final CosmosTestTarget cosmos = CosmosTestTarget.get();
    final String database = "contextbus-" + UUID.randomUUID().toString().substring(0, 8);
    final CosmosStores writer;
    private final EndToEnd e2e;

    AzureEnvironment(EndToEnd e2e) {
        this.e2e = e2e;
        this.writer = CosmosStores.connect(CosmosStoreOptions.builder().endpoint(cosmos.endpoint()).key(cosmos.key())
                .database(database).build());
    }

    /** Exactly the variables the service is given on Azure, with the local stand-ins' values. */
    Map<String, String> variables() {
        Map<String, String> env = new HashMap<>();
        env.put("CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", e2e.bus.connectionString());
        env.put("CONTEXTBUS_COSMOS_ENDPOINT", cosmos.endpoint());
        if (cosmos.key() != null) {
            // Without one (an account named by CONTEXTBUS_COSMOS_ENDPOINT alone) the service uses DefaultAzureCredential.
            env.put("CONTEXTBUS_COSMOS_KEY", cosmos.key());
        }
        env.put("CONTEXTBUS_COSMOS_DATABASE", database);
        env.put("CONTEXTBUS_TOPOLOGY", e2e.topologyFile().toString());
        env.put("CONTEXTBUS_HTTP_PORT", "0");
        env.put("CONTEXTBUS_REPLAY_TOKEN", EndToEnd.TOKEN);
        return env;
    }

    /** Ordering's store in its container {@code events-ordering}. */
    CosmosEventStore ordering() {
        return writer.eventStore(ORDERING);
    }

    /** Commits {@code from..to} of every stream, streams in parallel, each stream in order. */
    void append(List<StreamId> streams, long from, long to) {
        CosmosEventStore store = ordering();
        streams.parallelStream().forEach(s -> {
            for (long seq = from; seq <= to; seq++) {
                store.append(EndToEnd.attempt(s, seq));
            }
        });
    }

    /** A client of the test's own, e.g. to look at the registry's container. */
    CosmosClient client() {
        return new CosmosClientBuilder().endpoint(cosmos.endpoint()).key(cosmos.key()).gatewayMode().buildClient();
    }

    @Override
    public void close() {
        writer.close();
    }
}
