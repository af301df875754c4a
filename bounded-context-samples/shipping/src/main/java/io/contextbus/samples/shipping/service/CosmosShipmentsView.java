package io.contextbus.samples.shipping.service;

import com.azure.cosmos.CosmosContainer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.runtime.SampleDocuments;
import io.contextbus.samples.shipping.domain.ShipmentDecider;
import io.contextbus.samples.shipping.domain.ShipmentLine;
import io.contextbus.store.cosmos.CosmosInboxTransaction;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The shipments view on Cosmos DB: one document {@code shipment:<orderId>} created in the inbox's
 * batch, i.e. in the partition of the order's stream (an order's confirmation always comes from its
 * own stream, so an order has one place for its row). A create, not an upsert: a second row for
 * one order fails the batch rather than ship twice.
 */
final class CosmosShipmentsView implements ShipmentsView<CosmosInboxTransaction> {
    static final String KIND = "sample-shipment";
    private final CosmosContainer container;

    CosmosShipmentsView(CosmosContainer container) {
        this.container = container;
    }

    @Override
    public void add(CosmosInboxTransaction tx, String orderId, List<ShipmentLine> lines, String sourceStream,
                    long sourceSeq) {
        ObjectNode doc = tx.newDocument("shipment:" + orderId, KIND);
        doc.put("orderId", orderId);
        doc.put("shipmentId", ShipmentDecider.shipmentIdOf(orderId));
        doc.put("lines", ContractJson.write(lines));
        doc.put("sourceStream", sourceStream);
        doc.put("sourceSeq", sourceSeq);
        tx.create(doc);
    }

    @Override
    public List<Map<String, String>> rows() {
        return SampleDocuments.all(container, KIND).stream()
                .sorted(Comparator.comparing((ObjectNode d) -> d.path("orderId").asText()))
                .map(d -> Map.of("orderId", d.path("orderId").asText(), "shipmentId", d.path("shipmentId").asText()))
                .toList();
    }
}
