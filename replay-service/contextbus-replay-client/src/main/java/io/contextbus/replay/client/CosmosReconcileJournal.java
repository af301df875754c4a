package io.contextbus.replay.client;

import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosItemRequestOptions;
import com.azure.cosmos.models.PartitionKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.error.StoreException;
import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;

/**
 * The reconcile journal as documents in the Cosmos DB consumer's own container
 * ({@code events-<context>}): one per source, id {@code reconcile-<source>}, kind {@value #KIND}, in
 * the framework's partition {@value CosmosCatchUpJournal#PARTITION} beside the catch-up journal, so
 * that losing the container loses it too. One upsert per write. Needs {@code com.azure:azure-cosmos}
 * on the class path (optional dependency, as for {@link CosmosCatchUpJournal}).
 */
public final class CosmosReconcileJournal implements ReconcileJournal {
    public static final String KIND = "reconcile";

    private final CosmosContainer container;

    /** The journal in {@code container}, the consumer's own event container (the caller keeps its client open). */
    public CosmosReconcileJournal(CosmosContainer container) {
        this.container = ValidationException.requireNonNull(container, "container");
    }

    @Override
    public Position position(ContextName source) {
        ValidationException.requireNonNull(source, "source");
        try {
            JsonNode doc = container.readItem(id(source), new PartitionKey(CosmosCatchUpJournal.PARTITION), JsonNode.class)
                    .getItem();
            return new Position(doc.path("position").asText(""));
        } catch (CosmosException e) {
            if (e.getStatusCode() == 404) {
                return Position.BEGINNING;
            }
            throw failure("read", e);
        }
    }

    @Override
    public void write(ContextName source, Position position) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(position, "position");
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("id", id(source));
        doc.put("streamId", CosmosCatchUpJournal.PARTITION);
        doc.put("kind", KIND);
        // The container's unique key (/uniq) is per partition; framework documents use kind:id.
        doc.put("uniq", KIND + ":" + id(source));
        doc.put("source", source.value());
        doc.put("position", position.token());
        try {
            container.upsertItem(doc, new PartitionKey(CosmosCatchUpJournal.PARTITION), new CosmosItemRequestOptions());
        } catch (CosmosException e) {
            throw failure("write", e);
        }
    }

    private static String id(ContextName source) {
        return KIND + "-" + source.value();
    }

    private StoreException failure(String operation, CosmosException e) {
        int status = e.getStatusCode();
        boolean transientFailure = status == 429 || status == 503 || status == 408 || status == 410 || status == 449
                || status == 500;
        return new StoreException("Could not " + operation + " the reconcile journal in Cosmos DB container "
                + container.getId() + ": status=" + status + " " + e.getShortMessage(), transientFailure, e);
    }
}
