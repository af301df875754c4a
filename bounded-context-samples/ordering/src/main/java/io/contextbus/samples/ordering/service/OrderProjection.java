package io.contextbus.samples.ordering.service;

import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import io.contextbus.samples.ordering.domain.FulfilmentEvent;
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
 * Ordering's own events, projected: the order status view and the fulfilment process's half of its
 * input (the confirmation request and the order's closing), which thus arrives independently of
 * inventory's results. On SQLite in one transaction per page ({@code sample_orders}); on Cosmos DB
 * the same {@link #interpret} feeds an in-memory view and the process's documents.
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
        try {
            interpret(commit, new Sink() {
                @Override
                public void status(String orderId, OrderStatus status) throws SQLException {
                    OrderProjection.status(tx, orderId, status);
                }

                @Override
                public void feed(FulfilmentEvent event) throws SQLException {
                    feed.feed(event, tx);
                }
            });
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What one own commit means for the status view and the fulfilment process. */
    interface Sink {
        void status(String orderId, OrderStatus status) throws Exception;

        void feed(FulfilmentEvent event) throws Exception;
    }

    /** Tells {@code sink} what {@code commit} changes, in event order (the same on both storages). */
    static void interpret(Commit commit, Sink sink) throws Exception {
        for (EventMessage m : commit.events()) {
            OrderEvent event = OrderingEvents.CODEC.decode(m, OrderEvent.class);
            if (event instanceof OrderEvent.OrderPlaced) {
                sink.status(event.orderId(), OrderStatus.OPEN);
            } else if (event instanceof OrderEvent.OrderConfirmationRequested requested) {
                sink.status(event.orderId(), OrderStatus.AWAITING_STOCK);
                sink.feed(new ConfirmationRequested(event.orderId(),
                        requested.lines().stream().map(OrderLine::lineNo).toList()));
            } else if (event instanceof OrderEvent.OrderConfirmed) {
                sink.status(event.orderId(), OrderStatus.CONFIRMED);
                sink.feed(new OrderClosed(event.orderId(), OrderStatus.CONFIRMED));
            } else if (event instanceof OrderEvent.OrderCancelled) {
                sink.status(event.orderId(), OrderStatus.CANCELLED);
                sink.feed(new OrderClosed(event.orderId(), OrderStatus.CANCELLED));
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
