package io.contextbus.samples.ordering.service;

import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosBatch;
import com.azure.cosmos.models.CosmosBatchItemRequestOptions;
import com.azure.cosmos.models.CosmosBatchResponse;
import com.azure.cosmos.models.CosmosItemRequestOptions;
import com.azure.cosmos.models.CosmosItemResponse;
import com.azure.cosmos.models.PartitionKey;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.ordering.domain.Fulfilment;
import io.contextbus.samples.ordering.domain.FulfilmentEvent;
import io.contextbus.samples.ordering.domain.FulfilmentProcess;
import io.contextbus.samples.ordering.domain.OrderCommand;
import io.contextbus.samples.runtime.CosmosWorkQueue;
import io.contextbus.samples.runtime.SampleDocuments;
import java.util.List;
import java.util.Optional;

/**
 * The fulfilment process on Cosmos DB: its memory is one document {@code fulfilment} in the
 * partition of the order's stream in ordering's container, and the commands it issues are work
 * items in that same partition, created in the same transactional batch as the new state (an ETag
 * condition on the state, or a create when there is none): a decision is queued exactly when it is
 * remembered. Feeding is idempotent: an event heard before changes nothing and writes nothing, so
 * callers may feed at least once (the own-events follower after every restart, the work queue
 * after a crash). A concurrent feed of the same order fails the batch (409/412) and is retried by
 * the caller.
 */
final class CosmosFulfilment {
    static final String KIND = "sample-fulfilment";
    private static final String ID = "fulfilment";
    private final FulfilmentProcess process = new FulfilmentProcess();
    private final CosmosContainer container;

    CosmosFulfilment(CosmosContainer container) {
        this.container = container;
    }

    void feed(FulfilmentEvent event) {
        String partition = OrderingContract.streamOf(event.orderId());
        Optional<ObjectNode> stored = read(partition);
        Fulfilment state = stored.map(d -> FulfilmentRows.fromJson(d.path("state").asText()))
                .orElseGet(() -> Fulfilment.start(event.orderId()));
        FulfilmentProcess.Step step = process.handle(state, event);
        if (step.state().equals(state) && step.commands().isEmpty()) {
            return;
        }
        long version = stored.map(d -> d.path("version").asLong()).orElse(0L) + 1;
        ObjectNode doc = SampleDocuments.create(partition, ID, KIND);
        doc.put("state", FulfilmentRows.toJson(step.state()));
        doc.put("version", version);
        CosmosBatch batch = CosmosBatch.createCosmosBatch(new PartitionKey(partition));
        if (stored.isPresent()) {
            batch.replaceItemOperation(ID, doc, new CosmosBatchItemRequestOptions()
                    .setIfMatchETag(stored.get().path("_etag").asText()));
        } else {
            batch.createItemOperation(doc);
        }
        List<OrderCommand> commands = step.commands();
        for (int i = 0; i < commands.size(); i++) {
            OrderCommand c = commands.get(i);
            batch.createItemOperation(CosmosWorkQueue.document(partition, "work:fulfilment:" + version + ":" + i,
                    OrderingContract.streamOf(c.orderId()), c.getClass().getSimpleName(), ContractJson.write(c), 0));
        }
        CosmosBatchResponse response = container.executeCosmosBatch(batch);
        if (!response.isSuccessStatusCode()) {
            throw new IllegalStateException("fulfilment of order " + event.orderId() + " changed concurrently (status "
                    + response.getStatusCode() + "); feed it again");
        }
    }

    /** The process's current state for {@code orderId} (the start state when it heard nothing yet). */
    Fulfilment load(String orderId) {
        return read(OrderingContract.streamOf(orderId)).map(d -> FulfilmentRows.fromJson(d.path("state").asText()))
                .orElseGet(() -> Fulfilment.start(orderId));
    }

    private Optional<ObjectNode> read(String partition) {
        try {
            CosmosItemResponse<ObjectNode> r = container.readItem(ID, new PartitionKey(partition),
                    new CosmosItemRequestOptions(), ObjectNode.class);
            return Optional.of(r.getItem());
        } catch (CosmosException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
