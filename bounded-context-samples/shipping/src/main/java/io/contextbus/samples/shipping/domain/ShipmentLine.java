package io.contextbus.samples.shipping.domain;

import io.contextbus.samples.common.domain.Require;

/** One line to ship: the product and the quantity. */
public record ShipmentLine(String sku, int quantity) {
    public ShipmentLine {
        Require.notBlank(sku, "sku");
        Require.positive(quantity, "quantity");
    }
}
