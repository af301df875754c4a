package io.contextbus.samples.common.contracts;

import io.contextbus.samples.common.domain.Require;
import io.contextbus.serialization.EventType;

/**
 * The inventory context's published language: the events other contexts may read from
 * {@code inventory.events}, their type names (schema version 1) and the stream naming.
 * {@code available} is the product's unreserved stock after the event.
 * Each record carries its type name as {@code @EventType}: a consumer registers the records it
 * reads in its {@code EventTypeRegistry} and handles them with {@code Handlers.builder(codec)}.
 */
public final class InventoryContract {
    public static final String CONTEXT = "inventory";
    public static final String PRODUCT_REGISTERED = "inventory.ProductRegistered";
    public static final String STOCK_RESTOCKED = "inventory.StockRestocked";
    public static final String STOCK_RESERVED = "inventory.StockReserved";
    public static final String STOCK_RESERVATION_REJECTED = "inventory.StockReservationRejected";
    public static final String STOCK_RELEASED = "inventory.StockReleased";

    private InventoryContract() {
    }

    /** The stream of product {@code sku}. */
    public static String streamOf(String sku) {
        return "product-" + sku;
    }

    /** A product exists with {@code quantity} units, none reserved. */
    @EventType(PRODUCT_REGISTERED)
    public record ProductRegistered(String sku, int quantity) {
        public ProductRegistered {
            Require.notBlank(sku, "sku");
            Require.notNegative(quantity, "quantity");
        }
    }

    /** {@code quantity} units were added to the product. */
    @EventType(STOCK_RESTOCKED)
    public record StockRestocked(String sku, int quantity, int available) {
        public StockRestocked {
            Require.notBlank(sku, "sku");
            Require.positive(quantity, "quantity");
            Require.notNegative(available, "available");
        }
    }

    /** Line {@code lineNo} of order {@code orderId} now holds {@code quantity} units of the product. */
    @EventType(STOCK_RESERVED)
    public record StockReserved(String sku, String orderId, int lineNo, int quantity, int available) {
        public StockReserved {
            Require.notBlank(sku, "sku");
            Require.notBlank(orderId, "orderId");
            Require.positive(lineNo, "lineNo");
            Require.positive(quantity, "quantity");
            Require.notNegative(available, "available");
        }
    }

    /** Line {@code lineNo} of order {@code orderId} could not be reserved: only {@code available} units were free. */
    @EventType(STOCK_RESERVATION_REJECTED)
    public record StockReservationRejected(String sku, String orderId, int lineNo, int quantity, int available) {
        public StockReservationRejected {
            Require.notBlank(sku, "sku");
            Require.notBlank(orderId, "orderId");
            Require.positive(lineNo, "lineNo");
            Require.positive(quantity, "quantity");
            Require.notNegative(available, "available");
        }
    }

    /** The reservation of line {@code lineNo} of order {@code orderId} was given back (compensation). */
    @EventType(STOCK_RELEASED)
    public record StockReleased(String sku, String orderId, int lineNo, int quantity, int available) {
        public StockReleased {
            Require.notBlank(sku, "sku");
            Require.notBlank(orderId, "orderId");
            Require.positive(lineNo, "lineNo");
            Require.positive(quantity, "quantity");
            Require.notNegative(available, "available");
        }
    }
}
