package io.contextbus.replay.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.azure.cosmos.models.PartitionKey;
import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.store.cosmos.CosmosEventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The reconcile journal contract on Cosmos DB (the stand-in, or the account CONTEXTBUS_COSMOS_ENDPOINT
 * names): a document per source in the consumer's own container, created by the consumer's store.
 */
class CosmosReconcileJournalIT extends ReconcileJournalContract {
    ConsumerContainer shipping;

    @BeforeEach
    void given_the_consumers_container() {
        shipping = new ConsumerContainer("reconcile");
    }

    @AfterEach
    void close() {
        shipping.close();
    }

    @Override
    ReconcileJournal journal() {
        return new CosmosReconcileJournal(shipping.container());
    }

    @Test
    @DisplayName("a position is a document of kind reconcile in partition $contextbus, invisible to the event store")
    void lives_beside_the_commits_without_being_one() {
        // given a commit in the consumer's store
        StreamId stream = StreamId.of("shipment-1");
        CosmosEventStore store = shipping.storeWithOneCommit(stream);

        // when the journal is written, beside a catch-up journal entry
        journal().write(ORDERING, Position.of(5));
        new CosmosCatchUpJournal(shipping.container())
                .write(new CatchUpJournal.Entry("rabcdefghijk", true));

        // then the document is where the layout says, and the store reads only its commit
        JsonNode doc = shipping.container()
                .readItem("reconcile-ordering", new PartitionKey("$contextbus"), JsonNode.class).getItem();
        assertEquals("reconcile", doc.path("kind").asText());
        assertEquals("5", doc.path("position").asText());
        assertEquals(1, store.readAll(Position.BEGINNING, 100).commits().size());
        assertEquals(1, store.lastCommitSequence(stream));
        assertEquals(Position.of(5), journal().position(ORDERING));
    }
}
