package io.contextbus.serialization;

import io.contextbus.error.ValidationException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Event classes as a service would write them; OrderPlaced is at its third schema version. */
final class TestEvents {
    private TestEvents() {
    }

    @EventType(value = "ordering.OrderPlaced", version = 3)
    record OrderPlaced(String orderId, BigDecimal total, String currency, Instant placedAt, List<Line> lines) {
    }

    record Line(String sku, int quantity) {
        Line {
            ValidationException.require(quantity > 0, "quantity", "must be positive but was " + quantity + ".");
        }
    }

    @EventType("ordering.OrderWithdrawn")
    record OrderWithdrawn(String orderId, String reason) {
    }

    @EventType(value = "ordering.OrderWithdrawn", version = 2)
    record OrderWithdrawnV2(String orderId, String reason) {
    }

    record NotAnnotated(String id) {
    }
}
