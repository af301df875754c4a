package io.contextbus.samples.shipping.service;

import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.shipping.domain.ShipmentDecider;
import io.contextbus.samples.shipping.domain.ShipmentLine;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shipments view on SQLite ({@code sample_shipments}, one row per order). The order id is the
 * primary key: a second row for one order would fail the transaction rather than ship twice.
 */
final class SqliteShipmentsView implements ShipmentsView<Connection> {
    private final SqliteEventStore store;

    SqliteShipmentsView(SqliteEventStore store) {
        this.store = store;
        store.write(c -> {
            createTable(c);
            return null;
        });
    }

    @Override
    public List<Map<String, String>> rows() {
        return store.read(SqliteShipmentsView::rows);
    }

    private static void createTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS sample_shipments (order_id TEXT PRIMARY KEY, shipment_id TEXT NOT NULL,"
                    + " lines TEXT NOT NULL, source_stream TEXT NOT NULL, source_seq INTEGER NOT NULL)");
        }
    }

    @Override
    public void add(Connection tx, String orderId, List<ShipmentLine> lines, String sourceStream, long sourceSeq)
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

    private static List<Map<String, String>> rows(Connection c) throws SQLException {
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
