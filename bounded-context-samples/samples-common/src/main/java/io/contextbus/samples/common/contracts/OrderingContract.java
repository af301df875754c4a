package io.contextbus.samples.common.contracts;

import io.contextbus.samples.common.domain.Require;
import io.contextbus.serialization.EventType;
import java.util.List;

/**
 * The ordering context's published language: the events other contexts may read from
 * {@code ordering.events}, their type names (schema version 1) and the stream naming. Readers
 * ignore fields they do not know, so ordering may add fields without breaking them.
 * Each record carries its type name as {@code @EventType}: a consumer registers the records it
 * reads in its {@code EventTypeRegistry} and handles them with {@code Handlers.builder(codec)}.
 */
public final class OrderingContract {
    public static final String CONTEXT = "ordering";
    /** Internal to ordering (no other context reads it); named here for the demo's consistency check. */
    public static final String ORDER_PLACED = "ordering.OrderPlaced";
    /** Internal to ordering (no other context reads it); named here for the demo's consistency check. */
    public static final String ORDER_LINE_ADDED = "ordering.OrderLineAdded";
    public static final String ORDER_CONFIRMATION_REQUESTED = "ordering.OrderConfirmationRequested";
    public static final String ORDER_CONFIRMED = "ordering.OrderConfirmed";
    public static final String ORDER_CANCELLED = "ordering.OrderCancelled";

    private OrderingContract() {
    }

    /** The stream of order {@code orderId}. */
    public static String streamOf(String orderId) {
        return "order-" + orderId;
    }

    /** The customer asked to confirm the order: inventory should reserve every line. */
    @EventType(ORDER_CONFIRMATION_REQUESTED)
    public record OrderConfirmationRequested(String orderId, List<LineItem> lines) {
        public OrderConfirmationRequested {
            Require.notBlank(orderId, "orderId");
            lines = List.copyOf(Require.notNull(lines, "lines"));
        }
    }

    /** Every line was reserved; the order is final and can be shipped. */
    @EventType(ORDER_CONFIRMED)
    public record OrderConfirmed(String orderId, List<LineItem> lines) {
        public OrderConfirmed {
            Require.notBlank(orderId, "orderId");
            lines = List.copyOf(Require.notNull(lines, "lines"));
        }
    }

    /** The order is cancelled; whatever inventory reserved for {@code lines} must be released. */
    @EventType(ORDER_CANCELLED)
    public record OrderCancelled(String orderId, String reason, List<LineItem> lines) {
        public OrderCancelled {
            Require.notBlank(orderId, "orderId");
            Require.notBlank(reason, "reason");
            lines = List.copyOf(Require.notNull(lines, "lines"));
        }
    }
}
