package io.contextbus.samples.billing.service;

import io.contextbus.samples.common.contracts.LineItem;
import io.contextbus.samples.common.contracts.OrderingContract.OrderConfirmed;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Billing's read model on SQLite, the table {@code billing_invoices} in the context's SQLite file:
 * one row per confirmed order; {@code issued} marks those whose {@code InvoiceIssued} commit is in
 * the store.
 */
final class SqliteInvoices implements Invoices<Connection> {
    private final SqliteEventStore store;

    SqliteInvoices(SqliteEventStore store) {
        this.store = store;
        store.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS billing_invoices (order_id TEXT PRIMARY KEY, lines INTEGER NOT NULL,"
                        + " quantity INTEGER NOT NULL, issued INTEGER NOT NULL DEFAULT 0)");
            }
            return null;
        });
    }

    @Override
    public void add(Connection tx, OrderConfirmed order) throws SQLException {
        try (PreparedStatement p = tx.prepareStatement("INSERT INTO billing_invoices (order_id, lines, quantity) VALUES (?, ?, ?)")) {
            p.setString(1, order.orderId());
            p.setInt(2, order.lines().size());
            p.setInt(3, order.lines().stream().mapToInt(LineItem::quantity).sum());
            p.executeUpdate();
        }
    }

    @Override
    public List<Invoice> all() {
        return select("SELECT order_id, lines, quantity FROM billing_invoices ORDER BY order_id", Integer.MAX_VALUE);
    }

    @Override
    public List<Invoice> unissued(int max) {
        return select("SELECT order_id, lines, quantity FROM billing_invoices WHERE issued = 0 ORDER BY rowid LIMIT ?", max);
    }

    @Override
    public void markIssued(List<Invoice> invoices) {
        store.write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE billing_invoices SET issued = 1 WHERE order_id = ?")) {
                for (Invoice i : invoices) {
                    p.setString(1, i.orderId());
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Map<String, Object> counts() {
        return store.read(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            try (ResultSet r = c.createStatement().executeQuery(
                    "SELECT COUNT(*), COALESCE(SUM(issued), 0) FROM billing_invoices")) {
                r.next();
                m.put("invoices", r.getLong(1));
                m.put("issued", r.getLong(2));
            }
            return m;
        });
    }

    private List<Invoice> select(String sql, int max) {
        return store.read(c -> {
            List<Invoice> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sql)) {
                if (sql.contains("?")) {
                    p.setInt(1, max);
                }
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new Invoice(r.getString(1), r.getInt(2), r.getInt(3)));
                    }
                }
            }
            return out;
        });
    }
}
