package io.contextbus.store.cosmos.implementation;

import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosItemRequestOptions;
import com.azure.cosmos.models.CosmosItemResponse;
import com.azure.cosmos.models.CosmosQueryRequestOptions;
import com.azure.cosmos.models.FeedResponse;
import com.azure.cosmos.models.PartitionKey;
import com.azure.cosmos.models.SqlParameter;
import com.azure.cosmos.models.SqlQuerySpec;
import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.model.ContextName;
import io.contextbus.store.cosmos.CosmosStoreMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A context's container, with the few reads every part of the store needs, each one reporting its
 * request charge. Errors are left to the caller, which knows what a 404 or 409 means to it.
 */
public final class Documents {
    private final CosmosContainer container;
    private final ContextName context;
    private final CosmosStoreMetrics metrics;

    public Documents(CosmosContainer container, ContextName context, CosmosStoreMetrics metrics) {
        this.container = container;
        this.context = context;
        this.metrics = metrics;
    }

    public CosmosContainer container() {
        return container;
    }

    public ContextName context() {
        return context;
    }

    /** The document, or empty on 404. */
    public Optional<DocumentRead> read(String id, String partitionKey, String operation) {
        try {
            CosmosItemResponse<JsonNode> r = container.readItem(id, new PartitionKey(partitionKey), JsonNode.class);
            charge(operation, r.getRequestCharge());
            return Optional.of(new DocumentRead(r.getItem(), r.getETag()));
        } catch (CosmosException e) {
            charge(operation, e.getRequestCharge());
            if (CosmosErrors.kind(e) == CosmosErrors.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every document the query returns in {@code partitionKey}'s partition (null: all partitions). */
    public List<JsonNode> query(String sql, String partitionKey, String operation, SqlParameter... params) {
        List<JsonNode> out = new ArrayList<>();
        query(sql, partitionKey, operation, out::add, params);
        return out;
    }

    public void query(String sql, String partitionKey, String operation, Consumer<JsonNode> sink,
                      SqlParameter... params) {
        CosmosQueryRequestOptions options = new CosmosQueryRequestOptions();
        if (partitionKey != null) {
            options.setPartitionKey(new PartitionKey(partitionKey));
        }
        SqlQuerySpec spec = new SqlQuerySpec(sql, List.of(params));
        for (FeedResponse<JsonNode> page : container.queryItems(spec, options, JsonNode.class).iterableByPage()) {
            charge(operation, page.getRequestCharge());
            page.getResults().forEach(sink);
        }
    }

    public CosmosItemResponse<JsonNode> replace(JsonNode doc, String id, String partitionKey, String etag,
                                                String operation) {
        CosmosItemRequestOptions options = new CosmosItemRequestOptions();
        if (etag != null) {
            options.setIfMatchETag(etag);
        }
        CosmosItemResponse<JsonNode> r = container.replaceItem(doc, id, new PartitionKey(partitionKey), options);
        charge(operation, r.getRequestCharge());
        return r;
    }

    public CosmosItemResponse<JsonNode> create(JsonNode doc, String partitionKey, String operation) {
        CosmosItemResponse<JsonNode> r = container.createItem(doc, new PartitionKey(partitionKey),
                new CosmosItemRequestOptions());
        charge(operation, r.getRequestCharge());
        return r;
    }

    public CosmosItemResponse<JsonNode> upsert(JsonNode doc, String partitionKey, String operation) {
        CosmosItemResponse<JsonNode> r = container.upsertItem(doc, new PartitionKey(partitionKey),
                new CosmosItemRequestOptions());
        charge(operation, r.getRequestCharge());
        return r;
    }

    public void charge(String operation, double requestCharge) {
        try {
            metrics.onRequestCharge(context, operation, requestCharge);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Documents.class)
                    .warn("metrics listener failed context={} operation={}", context, operation, e);
        }
    }

    /** A document and its ETag. */
    public record DocumentRead(JsonNode document, String etag) {
    }
}
