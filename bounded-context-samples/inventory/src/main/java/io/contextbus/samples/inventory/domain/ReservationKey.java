package io.contextbus.samples.inventory.domain;

import io.contextbus.samples.common.domain.Require;

/** Which order line a reservation is for: at most one reservation per (order, line) and product. */
public record ReservationKey(String orderId, int lineNo) {
    public ReservationKey {
        Require.notBlank(orderId, "orderId");
        Require.positive(lineNo, "lineNo");
    }
}
