package io.contextbus.replay.client;

import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosItemRequestOptions;
import com.azure.cosmos.models.CosmosItemResponse;
import com.azure.cosmos.models.PartitionKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.error.StoreException;
import io.contextbus.error.ValidationException;
import java.util.Optional;

/**
 * The catch-up journal as one document in the Cosmos DB context's own container
 * ({@code events-<context>}, partitioned by {@code /streamId}): id {@value #ID}, kind
 * {@value #KIND}, in the framework's partition {@value #PARTITION}, beside its commits, inbox and
 * checkpoint, so that losing the container loses the journal too. One upsert per write, so a
 * reader sees the previous entry or the new one. Needs {@code com.azure:azure-cosmos} on the class
 * path (an optional dependency of this module: applications on Cosmos DB have it already) and the
 * data-plane role <em>Cosmos DB Built-in Data Contributor</em> on the container.
 */
public final class CosmosCatchUpJournal implements CatchUpJournal {
    /** The partition of framework documents; no stream has this id. */
    public static final String PARTITION = "$contextbus";
    public static final String ID = "catch-up";
    public static final String KIND = "catchup";

    private final CosmosContainer container;

    /** The journal in {@code container}, the context's own event container (the caller keeps its client open). */
    public CosmosCatchUpJournal(CosmosContainer container) {
        this.container = ValidationException.requireNonNull(container, "container");
    }

    @Override
    public Optional<Entry> read() {
        try {
            CosmosItemResponse<JsonNode> r = container.readItem(ID, new PartitionKey(PARTITION), JsonNode.class);
            JsonNode doc = r.getItem();
            return Optional.of(new Entry(doc.path("replayId").asText(), doc.path("applied").asBoolean()));
        } catch (CosmosException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw failure("read", e);
        }
    }

    @Override
    public void write(Entry entry) {
        ValidationException.requireNonNull(entry, "entry");
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("id", ID);
        doc.put("streamId", PARTITION);
        doc.put("kind", KIND);
        // The container's unique key (/uniq) is per partition; framework documents use kind:id.
        doc.put("uniq", KIND + ":" + ID);
        doc.put("replayId", entry.replayId());
        doc.put("applied", entry.applied());
        try {
            container.upsertItem(doc, new PartitionKey(PARTITION), new CosmosItemRequestOptions());
        } catch (CosmosException e) {
            throw failure("write", e);
        }
    }

    private StoreException failure(String operation, CosmosException e) {
        int status = e.getStatusCode();
        boolean transientFailure = status == 429 || status == 503 || status == 408 || status == 410 || status == 449
                || status == 500;
        return new StoreException("Could not " + operation + " the catch-up journal in Cosmos DB container "
                + container.getId() + ": status=" + status + " " + e.getShortMessage(), transientFailure, e);
    }
}
