package io.contextbus.store.cosmos;

import com.azure.cosmos.models.CosmosBatch;
import com.azure.cosmos.models.PartitionKey;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.error.ValidationException;
import io.contextbus.model.StreamId;
import io.contextbus.store.cosmos.implementation.CommitDocuments;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link io.contextbus.inbox.CommitApplier} writes through on Cosmos DB: the transactional
 * batch, in the consumer's container, of the source stream's partition (partition key = the source
 * streamId). Every operation added here commits atomically with the inbox update, or not at all.
 * A transactional batch holds at most 100 operations and 2 MB, all in this one partition; writes
 * elsewhere cannot join it (see {@link CosmosStores#inbox} for the guarantee that remains for them).
 */
public final class CosmosInboxTransaction {
    private final CosmosBatch batch;
    private final StreamId partition;
    private final List<Runnable> afterCommit = new ArrayList<>();

    /**
     * The inbox makes one per commit; public so that an applier can be unit-tested against a batch
     * it then inspects.
     */
    public CosmosInboxTransaction(CosmosBatch batch, StreamId partition) {
        this.batch = batch;
        this.partition = partition;
    }

    /**
     * Runs {@code action} once this batch committed, never when it did not (a rolled-back or refused
     * receive): to signal what the batch made durable (dirty marks do), not to write.
     */
    public CosmosInboxTransaction afterCommit(Runnable action) {
        afterCommit.add(ValidationException.requireNonNull(action, "action"));
        return this;
    }

    /**
     * Called by the inbox once the batch committed: runs the {@link #afterCommit} actions; one that
     * throws does not stop the others (the batch is committed whatever they do).
     */
    public void committed() {
        for (Runnable action : afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(CosmosInboxTransaction.class)
                        .warn("event=after-commit-action-failed partition={} error=\"{}\"", partition.value(), e.toString());
            }
        }
        afterCommit.clear();
    }

    /** The partition key value every document written here must carry in {@code streamId}. */
    public StreamId partition() {
        return partition;
    }

    /** A new document for this partition: id, {@code streamId}, {@code kind} and unique key set. */
    public ObjectNode newDocument(String id, String kind) {
        ValidationException.requireNonNull(id, "id");
        ValidationException.requireNonNull(kind, "kind");
        return CommitDocuments.newDocument(id, partition.value(), kind);
    }

    /** The batch itself, for operations this class does not wrap (patch, conditional replace). */
    public CosmosBatch batch() {
        return batch;
    }

    public PartitionKey partitionKey() {
        return batch.getPartitionKeyValue();
    }

    public CosmosInboxTransaction create(ObjectNode document) {
        batch.createItemOperation(checked(document));
        return this;
    }

    public CosmosInboxTransaction upsert(ObjectNode document) {
        batch.upsertItemOperation(checked(document));
        return this;
    }

    public CosmosInboxTransaction delete(String id) {
        batch.deleteItemOperation(ValidationException.requireNonNull(id, "id"));
        return this;
    }

    private ObjectNode checked(ObjectNode document) {
        ValidationException.requireNonNull(document, "document");
        ValidationException.require(partition.value().equals(document.path("streamId").asText(null)), "streamId",
                "must be the transaction's partition '" + partition.value() + "': a transactional batch spans one partition.");
        ValidationException.require(document.hasNonNull("id"), "id", "cannot be null.");
        return document;
    }
}
