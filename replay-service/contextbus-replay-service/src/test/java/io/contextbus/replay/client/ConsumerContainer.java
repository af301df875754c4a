package io.contextbus.replay.client;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosClientBuilder;
import com.azure.cosmos.CosmosContainer;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.store.cosmos.CosmosEventStore;
import io.contextbus.store.cosmos.CosmosStoreOptions;
import io.contextbus.store.cosmos.CosmosStores;
import io.contextbus.store.cosmos.CosmosTestTarget;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Shipping's own Cosmos DB container (on the stand-in, or the account CONTEXTBUS_COSMOS_ENDPOINT
 * names), created by shipping's store under a fresh prefix: where the consumer-side journals keep
 * their documents beside the commits.
 */
final class ConsumerContainer implements AutoCloseable {
    static final String DATABASE = "contextbus-journal-tests";
    static final ContextName SHIPPING = ContextName.of("shipping");

    final CosmosStores stores;
    final CosmosClient client;
    private final String prefix;

    ConsumerContainer(String prefixKind) {
        CosmosTestTarget cosmos = CosmosTestTarget.get();
        prefix = prefixKind + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        stores = CosmosStores.connect(CosmosStoreOptions.builder().endpoint(cosmos.endpoint()).key(cosmos.key())
                .database(DATABASE).containerPrefix(prefix).build());
        stores.eventStore(SHIPPING);
        client = new CosmosClientBuilder().endpoint(cosmos.endpoint()).key(cosmos.key()).gatewayMode().buildClient();
    }

    /** Shipping's container, as the journals see it. */
    CosmosContainer container() {
        return client.getDatabase(DATABASE).getContainer(prefix + SHIPPING.value());
    }

    /** Shipping's event store, with one commit appended to {@code stream}. */
    CosmosEventStore storeWithOneCommit(StreamId stream) {
        CosmosEventStore store = stores.eventStore(SHIPPING);
        store.append(new CommitAttempt(stream, 1, 1, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of("ShipmentCreated", 1, "{\"n\":1}"))));
        return store;
    }

    @Override
    public void close() {
        client.close();
        stores.close();
    }
}
