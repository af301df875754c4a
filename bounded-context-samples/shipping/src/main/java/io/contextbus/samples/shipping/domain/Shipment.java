package io.contextbus.samples.shipping.domain;

import io.contextbus.samples.common.domain.Require;
import java.util.List;

/** The shipment of one order; {@link #NONE} until it is created. */
public record Shipment(String shipmentId, String orderId, List<ShipmentLine> lines) {
    public static final Shipment NONE = new Shipment(null, null, List.of());

    public Shipment {
        lines = List.copyOf(Require.notNull(lines, "lines"));
    }

    public boolean exists() {
        return shipmentId != null;
    }
}
