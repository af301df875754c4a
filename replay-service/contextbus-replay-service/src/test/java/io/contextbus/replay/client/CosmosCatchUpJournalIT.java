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
 * The catch-up journal contract on Cosmos DB (the stand-in, or the account CONTEXTBUS_COSMOS_ENDPOINT
 * names): a document in the context's own container, created by the context's store.
 */
class CosmosCatchUpJournalIT extends CatchUpJournalContract {
    ConsumerContainer shipping;

    @BeforeEach
    void given_the_consumers_container() {
        shipping = new ConsumerContainer("journal");
    }

    @AfterEach
    void close() {
        shipping.close();
    }

    @Override
    CatchUpJournal journal() {
        return new CosmosCatchUpJournal(shipping.container());
    }

    @Test
    @DisplayName("the entry is a document of kind catchup in partition $contextbus, invisible to the event store")
    void lives_beside_the_commits_without_being_one() {
        // given a commit in the context's store
        StreamId stream = StreamId.of("shipment-1");
        CosmosEventStore store = shipping.storeWithOneCommit(stream);

        // when the journal is written
        journal().write(new CatchUpJournal.Entry("rabcdefghijk", true));

        // then the document is where the layout says, and the store reads only its commit
        JsonNode doc = shipping.container()
                .readItem(CosmosCatchUpJournal.ID, new PartitionKey("$contextbus"), JsonNode.class).getItem();
        assertEquals("catchup", doc.path("kind").asText());
        assertEquals("rabcdefghijk", doc.path("replayId").asText());
        assertEquals(1, store.readAll(Position.BEGINNING, 100).commits().size());
        assertEquals(1, store.lastCommitSequence(stream));
    }
}
