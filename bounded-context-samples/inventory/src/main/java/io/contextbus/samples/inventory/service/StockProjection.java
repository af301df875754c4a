package io.contextbus.samples.inventory.service;

import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import io.contextbus.samples.inventory.domain.ProductEvent;
import io.contextbus.samples.runtime.OwnEventsProjection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Inventory's stock view (available per product), from its own events: on SQLite the table
 * {@code sample_stock}, written exactly once per commit with the projection's position; on Cosmos DB
 * the same {@link #availability} kept in memory.
 */
final class StockProjection implements OwnEventsProjection.Projector {

    static void createTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS sample_stock (sku TEXT PRIMARY KEY, available INTEGER NOT NULL)");
        }
    }

    @Override
    public void project(Commit commit, Connection tx) throws SQLException {
        for (Map.Entry<String, Integer> e : availability(commit).entrySet()) {
            available(tx, e.getKey(), e.getValue());
        }
    }

    /** What {@code commit} leaves available, per product it touches (in event order: the last one wins). */
    static Map<String, Integer> availability(Commit commit) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (EventMessage m : commit.events()) {
            ProductEvent e = InventoryEvents.CODEC.decode(m, ProductEvent.class);
            if (e instanceof ProductEvent.ProductRegistered r) {
                out.put(r.sku(), r.quantity());
            } else if (e instanceof ProductEvent.StockRestocked r) {
                out.put(r.sku(), r.available());
            } else if (e instanceof ProductEvent.StockReserved r) {
                out.put(r.sku(), r.available());
            } else if (e instanceof ProductEvent.StockReleased r) {
                out.put(r.sku(), r.available());
            }
        }
        return out;
    }

    private static void available(Connection tx, String sku, int available) throws SQLException {
        try (PreparedStatement p = tx.prepareStatement("INSERT INTO sample_stock (sku, available) VALUES (?, ?)"
                + " ON CONFLICT(sku) DO UPDATE SET available = excluded.available")) {
            p.setString(1, sku);
            p.setInt(2, available);
            p.executeUpdate();
        }
    }

    static Map<String, Integer> stock(Connection c) throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT sku, available FROM sample_stock")) {
            while (r.next()) {
                out.put(r.getString(1), r.getInt(2));
            }
        }
        return out;
    }
}
