package io.contextbus.samples.shipping.domain;

import io.contextbus.samples.common.domain.Require;
import java.util.List;

/** What happened to a shipment; the published language has the same shape ({@code ShippingContract}). */
public sealed interface ShipmentEvent {
    String orderId();

    record ShipmentCreated(String shipmentId, String orderId, List<ShipmentLine> lines) implements ShipmentEvent {
        public ShipmentCreated {
            Require.notBlank(shipmentId, "shipmentId");
            Require.notBlank(orderId, "orderId");
            lines = List.copyOf(Require.notNull(lines, "lines"));
        }
    }
}
