package io.contextbus.replay.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosClientBuilder;
import com.azure.cosmos.models.PartitionKey;
import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.store.cosmos.CosmosEventStore;
import io.contextbus.store.cosmos.CosmosStoreOptions;
import io.contextbus.store.cosmos.CosmosStores;
import io.contextbus.store.cosmos.CosmosTestTarget;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The reconcile journal contract on Cosmos DB (the stand-in, or the account CONTEXTBUS_COSMOS_ENDPOINT
 * names): a document per source in the consumer's own container, created by the consumer's store.
 */
class CosmosReconcileJournalIT extends ReconcileJournalContract {
    static final String DATABASE = "contextbus-journal-tests";
    static final ContextName SHIPPING = ContextName.of("shipping");

    CosmosStores stores;
    CosmosClient client;
    String prefix;

    @BeforeEach
    void given_the_consumers_container() {
        CosmosTestTarget cosmos = CosmosTestTarget.get();
        prefix = "reconcile-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        stores = CosmosStores.connect(CosmosStoreOptions.builder().endpoint(cosmos.endpoint()).key(cosmos.key())
                .database(DATABASE).containerPrefix(prefix).build());
        stores.eventStore(SHIPPING);
        client = new CosmosClientBuilder().endpoint(cosmos.endpoint()).key(cosmos.key()).gatewayMode().buildClient();
    }

    @AfterEach
    void close() {
        client.close();
        stores.close();
    }

    @Override
    ReconcileJournal journal() {
        return new CosmosReconcileJournal(client.getDatabase(DATABASE).getContainer(prefix + SHIPPING.value()));
    }

    @Test
    @DisplayName("a position is a document of kind reconcile in partition $contextbus, invisible to the event store")
    void lives_beside_the_commits_without_being_one() {
        // given a commit in the consumer's store
        CosmosEventStore store = stores.eventStore(SHIPPING);
        StreamId stream = StreamId.of("shipment-1");
        store.append(new CommitAttempt(stream, 1, 1, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of("ShipmentCreated", 1, "{\"n\":1}"))));

        // when the journal is written, beside a catch-up journal entry
        journal().write(ORDERING, Position.of(5));
        new CosmosCatchUpJournal(client.getDatabase(DATABASE).getContainer(prefix + SHIPPING.value()))
                .write(new CatchUpJournal.Entry("rabcdefghijk", true));

        // then the document is where the layout says, and the store reads only its commit
        JsonNode doc = client.getDatabase(DATABASE).getContainer(prefix + SHIPPING.value())
                .readItem("reconcile-ordering", new PartitionKey("$contextbus"), JsonNode.class).getItem();
        assertEquals("reconcile", doc.path("kind").asText());
        assertEquals("5", doc.path("position").asText());
        assertEquals(1, store.readAll(Position.BEGINNING, 100).commits().size());
        assertEquals(1, store.lastCommitSequence(stream));
        assertEquals(Position.of(5), journal().position(ORDERING));
    }
}
