package io.contextbus.samples.ordering.domain;

import io.contextbus.samples.common.domain.Require;

/** One line of an order: its number within the order (1, 2, ...), the product and the quantity. */
public record OrderLine(int lineNo, String sku, int quantity) {
    public OrderLine {
        Require.positive(lineNo, "lineNo");
        Require.notBlank(sku, "sku");
        Require.positive(quantity, "quantity");
    }
}
