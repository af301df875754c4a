package io.contextbus.store.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.cosmos.models.CosmosBatch;
import com.azure.cosmos.models.CosmosBatchResponse;
import com.azure.cosmos.models.PartitionKey;
import com.azure.cosmos.models.SqlParameter;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.store.cosmos.implementation.CommitDocuments;
import io.contextbus.testkit.TestCommits;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The test that a green store suite on a non-atomic "transactional batch" would not survive: a
 * batch whose second operation conflicts must leave no trace of the first. (The unpatched
 * @vercel/cosmosdb-server reports such a batch as applied up to the conflict and keeps the first
 * write.) Also proposed for the conformance kit, through the inbox.
 */
@DisplayName("Cosmos store: transactional batches are all or nothing")
class CosmosBatchAtomicityIT {
    private static final ContextName CONSUMER = ContextName.of("billing");
    private static final ContextName SOURCE = ContextName.of("ordering");

    private CosmosStores stores;
    private CosmosEventStore store;

    @BeforeEach
    void open() {
        stores = CosmosTestStores.connect();
        store = stores.eventStore(CONSUMER);
    }

    @AfterEach
    void close() {
        stores.close();
    }

    @Test
    @DisplayName("a batch whose second create conflicts fails as a whole: 424 for the first, 409 for the second, first not written")
    void conflictingSecondOperation() {
        // given a document "b" in a partition
        String pk = "atomic-" + System.nanoTime();
        store.documents().create(CommitDocuments.newDocument("b", pk, "test"), pk, "test");

        // when a batch creates "a" and then "b" again
        CosmosBatch batch = CosmosBatch.createCosmosBatch(new PartitionKey(pk));
        batch.createItemOperation(CommitDocuments.newDocument("a", pk, "test"));
        batch.createItemOperation(CommitDocuments.newDocument("b", pk, "test"));
        CosmosBatchResponse response = store.documents().container().executeCosmosBatch(batch);

        // then the batch reports failure, with the failing op's status and 424 for the other
        assertFalse(response.isSuccessStatusCode(), "the batch must not report success");
        assertEquals(424, response.getResults().get(0).getStatusCode());
        assertEquals(409, response.getResults().get(1).getStatusCode());
        // and "a" was not written
        assertTrue(store.documents().read("a", pk, "test").isEmpty(), "the first create left no trace");
    }

    @Test
    @DisplayName("through the inbox: an applier whose later write conflicts leaves no trace of its earlier write, nor an inbox change")
    void inboxApplierWithConflictingWrite() {
        // given a commit to apply
        StreamId stream = TestCommits.newStreamId("order");
        Commit c1 = TestCommits.attempt(stream, 1).toCommit();
        Inbox<CosmosInboxTransaction> inbox = stores.inbox(CONSUMER);

        // when the applier writes "first", then writes "dup" twice (the second conflicts)
        InboxResult result = inbox.receive(SOURCE, c1, (src, c, tx) -> {
            tx.create(tx.newDocument("first", "view"));
            tx.create(tx.newDocument("dup", "view"));
            tx.create(tx.newDocument("dup", "view"));
            return ApplyOutcome.APPLIED;
        });

        // then nothing of the receive was kept
        InboxResult.RolledBack rolledBack = assertInstanceOf(InboxResult.RolledBack.class, result);
        assertEquals(1, rolledBack.commit().commitSequence());
        assertTrue(store.documents().read("first", stream.value(), "test").isEmpty(), "the earlier write rolled back");
        assertEquals(0, inbox.lastApplied(SOURCE, stream), "the inbox did not move");
        // and a correct applier applies it on redelivery
        assertEquals(new InboxResult.Applied(List.of(c1), Optional.empty()),
                inbox.receive(SOURCE, c1, (src, c, tx) -> {
                    tx.create(tx.newDocument("first", "view"));
                    return ApplyOutcome.APPLIED;
                }));
    }

    @Test
    @DisplayName("writes outside the batch (another partition) are at least once: repeated on redelivery, so they must be idempotent")
    void writesOutsideTheBatchAreAtLeastOnce() {
        // given an applier that upserts a document in another partition, and fails the first time after it
        StreamId stream = TestCommits.newStreamId("order");
        Commit c1 = TestCommits.attempt(stream, 1).toCommit();
        Inbox<CosmosInboxTransaction> inbox = stores.inbox(CONSUMER);
        String otherPartition = "totals-" + System.nanoTime();
        AtomicInteger runs = new AtomicInteger();

        // when it is received twice (the first attempt fails after the outside write)
        for (int delivery = 1; delivery <= 2; delivery++) {
            InboxResult result = inbox.receive(SOURCE, c1, (src, c, tx) -> {
                var total = CommitDocuments.newDocument("total-" + c.key().hashCode(), otherPartition, "total");
                total.put("runs", runs.incrementAndGet());
                store.documents().upsert(total, otherPartition, "test");
                if (runs.get() == 1) {
                    throw new IllegalStateException("crash after the outside write");
                }
                tx.create(tx.newDocument("view-1", "view"));
                return ApplyOutcome.APPLIED;
            });
            assertEquals(delivery == 1, result instanceof InboxResult.RolledBack, "only the first delivery fails");
        }

        // then the outside write ran twice (at least once) and, being an upsert by id, exists once;
        // the in-batch write and the inbox moved exactly once
        assertEquals(2, runs.get());
        assertEquals(1, store.documents().query("SELECT * FROM c WHERE c.streamId = @p", otherPartition, "test",
                new SqlParameter("@p", otherPartition)).size());
        assertTrue(store.documents().read("view-1", stream.value(), "test").isPresent());
        assertEquals(1, inbox.lastApplied(SOURCE, stream));
    }
}
