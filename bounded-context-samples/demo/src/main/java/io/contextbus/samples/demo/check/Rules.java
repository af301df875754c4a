package io.contextbus.samples.demo.check;

/** The names of the rules the consistency check enforces, as they appear in violations. */
public final class Rules {
    /** A source stream's commits are numbered 1..n with no gap and no repeat. */
    public static final String STREAM_CONTIGUOUS = "stream-contiguous";
    /** A consumer applied every commit of every stream it consumes exactly once, in commit order. */
    public static final String APPLIED_ONCE_IN_ORDER = "applied-once-in-order";
    /** Ordering's reported status of an order equals the fold of the order's events. */
    public static final String ORDER_STATE_MATCHES_EVENTS = "order-state-matches-events";
    /** A submitted order ended confirmed or cancelled. */
    public static final String ORDER_FINAL = "order-final";
    /** No order is both confirmed and cancelled, and none is confirmed or cancelled twice. */
    public static final String ORDER_DECIDED_ONCE = "order-decided-once";
    /** A product's available stock never drops below zero. */
    public static final String STOCK_NEVER_NEGATIVE = "stock-never-negative";
    /** Inventory's events and its reported stock agree with the fold of its events. */
    public static final String STOCK_MATCHES_EVENTS = "stock-matches-events";
    /** Every line of a confirmed order holds its reservation (right product, right quantity). */
    public static final String CONFIRMED_ORDER_RESERVED = "confirmed-order-reserved";
    /** A cancelled order holds no stock (compensation released it all). */
    public static final String CANCELLED_ORDER_RELEASED = "cancelled-order-released";
    /** Every confirmed order has exactly one shipment commit, and no other order has one. */
    public static final String ONE_SHIPMENT_PER_CONFIRMED_ORDER = "one-shipment-per-confirmed-order";
    /** Shipping's shipments view has exactly one row per confirmed order and no other row. */
    public static final String SHIPMENT_VIEW_MATCHES = "shipment-view-matches";
    /** Billing's invoices hold exactly one row per confirmed order, with its lines and units, and no other row. */
    public static final String INVOICES_MATCH_ORDERS = "invoices-match-orders";
    /** Billing holds exactly one InvoiceIssued commit per confirmed order, with its figures, and no other. */
    public static final String ONE_INVOICE_COMMIT_PER_CONFIRMED_ORDER = "one-invoice-commit-per-confirmed-order";

    private Rules() {
    }
}
