package io.contextbus.samples.ordering.service;

import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import io.contextbus.samples.ordering.domain.FulfilmentEvent.ConfirmationRequested;
import io.contextbus.samples.ordering.domain.FulfilmentEvent.OrderClosed;
import io.contextbus.samples.ordering.domain.OrderEvent;
import io.contextbus.samples.ordering.domain.OrderLine;
import io.contextbus.samples.ordering.domain.OrderStatus;
import io.contextbus.samples.runtime.OwnEventsProjection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ordering's own events, projected in one transaction per page: the order status view
 * ({@code sample_orders}) and the fulfilment process's half of its input (the confirmation
 * request and the order's closing), which thus arrives independently of inventory's results.
 */
final class OrderProjection implements OwnEventsProjection.Projector {
    private final FulfilmentFeed feed;

    OrderProjection(FulfilmentFeed feed) {
        this.feed = feed;
    }

    static void createTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS sample_orders (order_id TEXT PRIMARY KEY, status TEXT NOT NULL)");
        }
    }

    @Override
    public void project(Commit commit, Connection tx) throws SQLException {
        for (EventMessage m : commit.events()) {
            OrderEvent event = OrderingEvents.EVENTS.decode(m);
            if (event instanceof OrderEvent.OrderPlaced) {
                status(tx, event.orderId(), OrderStatus.OPEN);
            } else if (event instanceof OrderEvent.OrderConfirmationRequested requested) {
                status(tx, event.orderId(), OrderStatus.AWAITING_STOCK);
                feed.feed(new ConfirmationRequested(event.orderId(),
                        requested.lines().stream().map(OrderLine::lineNo).toList()), tx);
            } else if (event instanceof OrderEvent.OrderConfirmed) {
                status(tx, event.orderId(), OrderStatus.CONFIRMED);
                feed.feed(new OrderClosed(event.orderId(), OrderStatus.CONFIRMED), tx);
            } else if (event instanceof OrderEvent.OrderCancelled) {
                status(tx, event.orderId(), OrderStatus.CANCELLED);
                feed.feed(new OrderClosed(event.orderId(), OrderStatus.CANCELLED), tx);
            }
        }
    }

    private static void status(Connection tx, String orderId, OrderStatus status) throws SQLException {
        try (PreparedStatement p = tx.prepareStatement("INSERT INTO sample_orders (order_id, status) VALUES (?, ?)"
                + " ON CONFLICT(order_id) DO UPDATE SET status = excluded.status")) {
            p.setString(1, orderId);
            p.setString(2, status.name());
            p.executeUpdate();
        }
    }

    /** Every order's status, by id. */
    static Map<String, String> statuses(Connection c) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT order_id, status FROM sample_orders")) {
            while (r.next()) {
                out.put(r.getString(1), r.getString(2));
            }
        }
        return out;
    }
}
