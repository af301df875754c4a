package io.contextbus.samples.ordering.domain;

/** Where an order is in its life: open for lines, awaiting stock, then confirmed or cancelled. */
public enum OrderStatus {
    /** No order with this id was placed. */
    NONE,
    /** Placed; lines can be added. */
    OPEN,
    /** The customer asked to confirm; inventory is reserving the lines. */
    AWAITING_STOCK,
    /** Every line was reserved. Final. */
    CONFIRMED,
    /** Cancelled by the customer or because a line could not be reserved. Final. */
    CANCELLED;

    public boolean isFinal() {
        return this == CONFIRMED || this == CANCELLED;
    }
}
