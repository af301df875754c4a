package io.contextbus.samples.ordering.domain;

import io.contextbus.samples.common.domain.Require;

/** What can be asked of an order. Every command names the order it targets. */
public sealed interface OrderCommand {
    String orderId();

    record PlaceOrder(String orderId, String customerId) implements OrderCommand {
        public PlaceOrder {
            Require.notBlank(orderId, "orderId");
            Require.notBlank(customerId, "customerId");
        }
    }

    record AddLine(String orderId, String sku, int quantity) implements OrderCommand {
        public AddLine {
            Require.notBlank(orderId, "orderId");
            Require.notBlank(sku, "sku");
            Require.positive(quantity, "quantity");
        }
    }

    /** The customer is done adding lines and wants the order confirmed once stock is reserved. */
    record RequestConfirmation(String orderId) implements OrderCommand {
        public RequestConfirmation {
            Require.notBlank(orderId, "orderId");
        }
    }

    /** Sent by the fulfilment process once inventory reserved every line. */
    record ConfirmOrder(String orderId) implements OrderCommand {
        public ConfirmOrder {
            Require.notBlank(orderId, "orderId");
        }
    }

    record CancelOrder(String orderId, String reason) implements OrderCommand {
        public CancelOrder {
            Require.notBlank(orderId, "orderId");
            Require.notBlank(reason, "reason");
        }
    }
}
