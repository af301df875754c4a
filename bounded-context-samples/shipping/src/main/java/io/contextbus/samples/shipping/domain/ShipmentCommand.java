package io.contextbus.samples.shipping.domain;

import io.contextbus.samples.common.domain.Require;
import java.util.List;

/** What can be asked of shipping: ship a confirmed order. */
public sealed interface ShipmentCommand {
    String orderId();

    record CreateShipment(String orderId, List<ShipmentLine> lines) implements ShipmentCommand {
        public CreateShipment {
            Require.notBlank(orderId, "orderId");
            lines = List.copyOf(Require.notNull(lines, "lines"));
            if (lines.isEmpty()) {
                throw new IllegalArgumentException("'lines' cannot be empty: a shipment ships something.");
            }
        }
    }
}
