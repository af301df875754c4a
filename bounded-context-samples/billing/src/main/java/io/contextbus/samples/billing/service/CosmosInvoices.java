package io.contextbus.samples.billing.service;

import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.models.CosmosItemRequestOptions;
import com.azure.cosmos.models.PartitionKey;
import com.azure.cosmos.models.SqlParameter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.samples.common.contracts.LineItem;
import io.contextbus.samples.common.contracts.OrderingContract.OrderConfirmed;
import io.contextbus.store.cosmos.CosmosInboxTransaction;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Billing's read model on Cosmos DB: one document {@code invoice:<orderId>} of kind
 * {@code billing-invoice} per confirmed order, created in the inbox's transactional batch (the
 * partition of the ordering stream whose commit confirmed the order), so it exists exactly when that
 * commit was applied, and a second apply of the commit would fail its batch. {@code issued} turns
 * true once the invoice's commit is in the store.
 */
final class CosmosInvoices implements Invoices<CosmosInboxTransaction> {
    static final String KIND = "billing-invoice";
    private final CosmosContainer container;

    CosmosInvoices(CosmosContainer container) {
        this.container = container;
    }

    @Override
    public void add(CosmosInboxTransaction tx, OrderConfirmed order) {
        ObjectNode doc = tx.newDocument("invoice:" + order.orderId(), KIND);
        doc.put("orderId", order.orderId());
        doc.put("lines", order.lines().size());
        doc.put("quantity", order.lines().stream().mapToInt(LineItem::quantity).sum());
        doc.put("issued", false);
        tx.create(doc);
    }

    @Override
    public List<Invoice> all() {
        return CosmosDocuments.query(container, KIND, "", List.of()).stream().map(CosmosInvoices::invoice)
                .sorted(Comparator.comparing(Invoice::orderId)).toList();
    }

    @Override
    public List<Invoice> unissued(int max) {
        return CosmosDocuments.query(container, KIND, "c.issued = false", List.of()).stream().limit(max)
                .map(CosmosInvoices::invoice).toList();
    }

    @Override
    public void markIssued(List<Invoice> invoices) {
        for (Invoice i : invoices) {
            for (ObjectNode doc : CosmosDocuments.query(container, KIND, "c.orderId = @orderId",
                    List.of(new SqlParameter("@orderId", i.orderId())))) {
                doc.put("issued", true);
                container.replaceItem(doc, doc.path("id").asText(), new PartitionKey(doc.path("streamId").asText()),
                        new CosmosItemRequestOptions());
            }
        }
    }

    @Override
    public Map<String, Object> counts() {
        List<ObjectNode> docs = CosmosDocuments.query(container, KIND, "", List.of());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("invoices", (long) docs.size());
        m.put("issued", docs.stream().filter(d -> d.path("issued").asBoolean()).count());
        return m;
    }

    private static Invoice invoice(ObjectNode doc) {
        return new Invoice(doc.path("orderId").asText(), doc.path("lines").asInt(), doc.path("quantity").asInt());
    }
}
