package io.contextbus.samples.ordering.domain;

import io.contextbus.samples.common.domain.Require;
import java.util.List;

/**
 * What happened to an order. The last three are also ordering's published language (see
 * {@code OrderingContract}); {@code OrderPlaced} and {@code OrderLineAdded} are internal.
 */
public sealed interface OrderEvent {
    String orderId();

    record OrderPlaced(String orderId, String customerId) implements OrderEvent {
        public OrderPlaced {
            Require.notBlank(orderId, "orderId");
            Require.notBlank(customerId, "customerId");
        }
    }

    record OrderLineAdded(String orderId, int lineNo, String sku, int quantity) implements OrderEvent {
        public OrderLineAdded {
            Require.notBlank(orderId, "orderId");
            Require.positive(lineNo, "lineNo");
            Require.notBlank(sku, "sku");
            Require.positive(quantity, "quantity");
        }

        public OrderLine line() {
            return new OrderLine(lineNo, sku, quantity);
        }
    }

    record OrderConfirmationRequested(String orderId, List<OrderLine> lines) implements OrderEvent {
        public OrderConfirmationRequested {
            Require.notBlank(orderId, "orderId");
            lines = List.copyOf(Require.notNull(lines, "lines"));
        }
    }

    record OrderConfirmed(String orderId, List<OrderLine> lines) implements OrderEvent {
        public OrderConfirmed {
            Require.notBlank(orderId, "orderId");
            lines = List.copyOf(Require.notNull(lines, "lines"));
        }
    }

    record OrderCancelled(String orderId, String reason, List<OrderLine> lines) implements OrderEvent {
        public OrderCancelled {
            Require.notBlank(orderId, "orderId");
            Require.notBlank(reason, "reason");
            lines = List.copyOf(Require.notNull(lines, "lines"));
        }
    }
}
