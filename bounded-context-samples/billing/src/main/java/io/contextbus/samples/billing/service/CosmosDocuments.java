package io.contextbus.samples.billing.service;

import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.models.CosmosQueryRequestOptions;
import com.azure.cosmos.models.SqlParameter;
import com.azure.cosmos.models.SqlQuerySpec;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Billing's own documents in its Cosmos DB container {@code events-billing}, as the other samples
 * keep theirs: each has a {@code kind} of its own (so the store's read-all and queries never take it
 * for a commit) and is created through {@code CosmosInboxTransaction.newDocument}, in the partition of
 * the source stream whose commit wrote it.
 */
final class CosmosDocuments {
    private CosmosDocuments() {
    }

    /** Every document of {@code kind} that also matches {@code condition} ({@code c.} fields, may be empty). */
    static List<ObjectNode> query(CosmosContainer container, String kind, String condition, List<SqlParameter> parameters) {
        List<SqlParameter> all = new ArrayList<>(parameters);
        all.add(new SqlParameter("@kind", kind));
        SqlQuerySpec query = new SqlQuerySpec("SELECT * FROM c WHERE c.kind = @kind"
                + (condition.isEmpty() ? "" : " AND " + condition), all);
        return container.queryItems(query, new CosmosQueryRequestOptions(), ObjectNode.class).stream().toList();
    }
}
