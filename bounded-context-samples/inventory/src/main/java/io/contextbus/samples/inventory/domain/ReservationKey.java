package io.contextbus.samples.inventory.domain;

import io.contextbus.samples.common.domain.Require;

/** Which order line a reservation is for: at most one reservation per (order, line) and product. */
public record ReservationKey(String orderId, int lineNo) {
    public ReservationKey {
        Require.notBlank(orderId, "orderId");
        Require.positive(lineNo, "lineNo");
    }

    // Written out: a product's reservations are hashed on every change, and the record's generated
    // methods (an invokedynamic bootstrap) were inventory's hottest frames under the client compiler.
    @Override
    public boolean equals(Object o) {
        return o instanceof ReservationKey k && lineNo == k.lineNo && orderId.equals(k.orderId);
    }

    @Override
    public int hashCode() {
        return 31 * orderId.hashCode() + lineNo;
    }
}
