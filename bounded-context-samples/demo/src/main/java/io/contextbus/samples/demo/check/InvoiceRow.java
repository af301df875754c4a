package io.contextbus.samples.demo.check;

/** One row of billing's invoices (its read model): a confirmed order's line count and units. */
public record InvoiceRow(String orderId, int lines, int quantity) {
}
