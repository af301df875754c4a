package io.contextbus.samples.common.contracts;

import io.contextbus.samples.common.domain.Require;

/** One line of an order as the published language carries it: line number, product, quantity. */
public record LineItem(int lineNo, String sku, int quantity) {
    public LineItem {
        Require.positive(lineNo, "lineNo");
        Require.notBlank(sku, "sku");
        Require.positive(quantity, "quantity");
    }
}
