package io.contextbus.samples.runtime;

import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.models.CosmosQueryRequestOptions;
import com.azure.cosmos.models.SqlParameter;
import com.azure.cosmos.models.SqlQuerySpec;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The samples' own documents in a context's Cosmos DB container: each carries {@code id}, the
 * partition key {@code streamId}, a {@code kind} of its own (so the store's read-all and queries
 * never mistake it for a commit) and {@code uniq} (the container's unique key, which must differ
 * between documents of one partition).
 */
public final class SampleDocuments {
    private SampleDocuments() {
    }

    /** A new document of {@code kind} with id {@code id} in partition {@code partition}. */
    public static ObjectNode create(String partition, String id, String kind) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("id", id);
        doc.put("streamId", partition);
        doc.put("kind", kind);
        doc.put("uniq", kind + ":" + id);
        return doc;
    }

    /** Every document of {@code kind}, across partitions. */
    public static List<ObjectNode> all(CosmosContainer container, String kind) {
        SqlQuerySpec query = new SqlQuerySpec("SELECT * FROM c WHERE c.kind = @kind", List.of(new SqlParameter("@kind", kind)));
        return container.queryItems(query, new CosmosQueryRequestOptions(), ObjectNode.class).stream().toList();
    }
}
