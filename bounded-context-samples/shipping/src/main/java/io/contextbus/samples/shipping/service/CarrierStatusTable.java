package io.contextbus.samples.shipping.service;

import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.shipping.domain.ShipmentDecider;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shipping's view of what the carrier should know ({@code sample_carrier_status}, one row per
 * shipment, keyed by the shipment id of the order): updated in the inbox transaction of every
 * ordering commit, read back when the carrier is pushed the latest status.
 */
final class CarrierStatusTable {
    private static final Map<String, String> STATUS_OF = Map.of(
            OrderingContract.ORDER_PLACED, "OPEN",
            OrderingContract.ORDER_LINE_ADDED, "OPEN",
            OrderingContract.ORDER_CONFIRMATION_REQUESTED, "AWAITING_STOCK",
            OrderingContract.ORDER_CONFIRMED, "READY_TO_SHIP",
            OrderingContract.ORDER_CANCELLED, "CANCELLED");
    private static final String UPSERT = "INSERT INTO sample_carrier_status (shipment_id, order_id, status, events, version)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (shipment_id) DO UPDATE SET status = COALESCE(?, status),"
            + " events = events + excluded.events, version = excluded.version";
    private static final String SELECT = "SELECT shipment_id, order_id, status, events, version FROM sample_carrier_status";

    private final SqliteEventStore store;

    CarrierStatusTable(SqliteEventStore store) {
        this.store = store;
        store.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS sample_carrier_status (shipment_id TEXT PRIMARY KEY,"
                        + " order_id TEXT NOT NULL, status TEXT NOT NULL, events INTEGER NOT NULL, version INTEGER NOT NULL)");
            }
            return null;
        });
    }

    /** Applies one ordering commit of order {@code orderId}; returns the shipment id it changed. */
    static String apply(Connection tx, String orderId, Commit commit) throws SQLException {
        String status = null;
        for (EventMessage e : commit.events()) {
            status = STATUS_OF.getOrDefault(e.type(), status);
        }
        String shipmentId = ShipmentDecider.shipmentIdOf(orderId);
        try (PreparedStatement p = tx.prepareStatement(UPSERT)) {
            p.setString(1, shipmentId);
            p.setString(2, orderId);
            p.setString(3, status == null ? "OPEN" : status);
            p.setLong(4, commit.events().size());
            p.setLong(5, commit.commitSequence());
            p.setString(6, status);
            p.executeUpdate();
        }
        return shipmentId;
    }

    Optional<CarrierStatus> read(String shipmentId) {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement(SELECT + " WHERE shipment_id = ?")) {
                p.setString(1, shipmentId);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(row(r)) : Optional.<CarrierStatus>empty();
                }
            }
        });
    }

    List<CarrierStatus> rows() {
        return store.read(c -> {
            List<CarrierStatus> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(SELECT + " ORDER BY shipment_id")) {
                while (r.next()) {
                    out.add(row(r));
                }
            }
            return out;
        });
    }

    private static CarrierStatus row(ResultSet r) throws SQLException {
        return new CarrierStatus(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getLong(5));
    }
}
