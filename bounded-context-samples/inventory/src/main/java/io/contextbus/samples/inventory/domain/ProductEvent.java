package io.contextbus.samples.inventory.domain;

import io.contextbus.samples.common.domain.Require;

/**
 * What happened to a product's stock; the inventory context's published language has the same
 * shape (see {@code InventoryContract}). {@code available} is the unreserved stock afterwards.
 */
public sealed interface ProductEvent {
    String sku();

    record ProductRegistered(String sku, int quantity) implements ProductEvent {
        public ProductRegistered {
            Require.notBlank(sku, "sku");
            Require.notNegative(quantity, "quantity");
        }
    }

    record StockRestocked(String sku, int quantity, int available) implements ProductEvent {
        public StockRestocked {
            Require.notBlank(sku, "sku");
            Require.positive(quantity, "quantity");
            Require.notNegative(available, "available");
        }
    }

    record StockReserved(String sku, String orderId, int lineNo, int quantity, int available) implements ProductEvent {
        public StockReserved {
            Require.notBlank(sku, "sku");
            Require.notBlank(orderId, "orderId");
            Require.positive(lineNo, "lineNo");
            Require.positive(quantity, "quantity");
            Require.notNegative(available, "available");
        }

        public ReservationKey key() {
            return new ReservationKey(orderId, lineNo);
        }
    }

    record StockReservationRejected(String sku, String orderId, int lineNo, int quantity, int available)
            implements ProductEvent {
        public StockReservationRejected {
            Require.notBlank(sku, "sku");
            Require.notBlank(orderId, "orderId");
            Require.positive(lineNo, "lineNo");
            Require.positive(quantity, "quantity");
            Require.notNegative(available, "available");
        }

        public ReservationKey key() {
            return new ReservationKey(orderId, lineNo);
        }
    }

    record StockReleased(String sku, String orderId, int lineNo, int quantity, int available) implements ProductEvent {
        public StockReleased {
            Require.notBlank(sku, "sku");
            Require.notBlank(orderId, "orderId");
            Require.positive(lineNo, "lineNo");
            Require.positive(quantity, "quantity");
            Require.notNegative(available, "available");
        }

        public ReservationKey key() {
            return new ReservationKey(orderId, lineNo);
        }
    }
}
