package io.contextbus.samples.shipping.service;

import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.shipping.domain.ShipmentDecider;
import io.contextbus.samples.shipping.domain.ShipmentLine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Shipping's queryable shipments view ({@code sample_shipments}, one row per order), written in
 * the inbox transaction of the {@code OrderConfirmed} commit. The order id is the primary key:
 * a second row for one order would fail the transaction rather than ship twice.
 */
final class ShipmentsView {
    private ShipmentsView() {
    }

    static void createTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS sample_shipments (order_id TEXT PRIMARY KEY, shipment_id TEXT NOT NULL,"
                    + " lines TEXT NOT NULL, source_stream TEXT NOT NULL, source_seq INTEGER NOT NULL)");
        }
    }

    static void add(Connection tx, String orderId, List<ShipmentLine> lines, String sourceStream, long sourceSeq)
            throws SQLException {
        try (PreparedStatement p = tx.prepareStatement("INSERT INTO sample_shipments"
                + " (order_id, shipment_id, lines, source_stream, source_seq) VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, orderId);
            p.setString(2, ShipmentDecider.shipmentIdOf(orderId));
            p.setString(3, ContractJson.write(lines));
            p.setString(4, sourceStream);
            p.setLong(5, sourceSeq);
            p.executeUpdate();
        }
    }

    /** Every row: orderId, shipmentId. */
    static List<Map<String, String>> rows(Connection c) throws SQLException {
        List<Map<String, String>> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT order_id, shipment_id FROM sample_shipments ORDER BY order_id")) {
            while (r.next()) {
                out.add(Map.of("orderId", r.getString(1), "shipmentId", r.getString(2)));
            }
        }
        return out;
    }
}
