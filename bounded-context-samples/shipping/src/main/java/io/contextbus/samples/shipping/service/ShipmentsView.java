package io.contextbus.samples.shipping.service;

import io.contextbus.samples.shipping.domain.ShipmentLine;
import java.util.List;
import java.util.Map;

/**
 * Shipping's queryable shipments view, one row per confirmed order, written in the inbox
 * transaction of the {@code OrderConfirmed} commit: the demo's independent witness that each
 * confirmed order was shipped once. {@link SqliteShipmentsView} keeps it in a table,
 * {@link CosmosShipmentsView} in documents of the order stream's partition.
 *
 * @param <T> the inbox transaction type
 */
interface ShipmentsView<T> {

    /** Adds the order's row through {@code tx}; a second row for one order fails the transaction. */
    void add(T tx, String orderId, List<ShipmentLine> lines, String sourceStream, long sourceSeq) throws Exception;

    /** Every row, by order id: orderId, shipmentId. */
    List<Map<String, String>> rows();
}
