package io.contextbus.samples.common.contracts;

import io.contextbus.samples.common.domain.Require;
import io.contextbus.serialization.EventType;
import java.util.List;

/**
 * The shipping context's published language: the events of {@code shipping.events}, their type
 * names (schema version 1) and the stream naming (one shipment stream per order).
 * Each record carries its type name as {@code @EventType}: a consumer registers the records it
 * reads in its {@code EventTypeRegistry} and handles them with {@code Handlers.builder(codec)}.
 */
public final class ShippingContract {
    public static final String CONTEXT = "shipping";
    public static final String SHIPMENT_CREATED = "shipping.ShipmentCreated";

    private ShippingContract() {
    }

    /** The shipment stream of order {@code orderId}: at most one shipment per order. */
    public static String streamOf(String orderId) {
        return "shipment-" + orderId;
    }

    /** One shipped line: product and quantity. */
    public record ShippedLine(String sku, int quantity) {
        public ShippedLine {
            Require.notBlank(sku, "sku");
            Require.positive(quantity, "quantity");
        }
    }

    /** The one shipment of confirmed order {@code orderId} exists. */
    @EventType(SHIPMENT_CREATED)
    public record ShipmentCreated(String shipmentId, String orderId, List<ShippedLine> lines) {
        public ShipmentCreated {
            Require.notBlank(shipmentId, "shipmentId");
            Require.notBlank(orderId, "orderId");
            lines = List.copyOf(Require.notNull(lines, "lines"));
        }
    }
}
