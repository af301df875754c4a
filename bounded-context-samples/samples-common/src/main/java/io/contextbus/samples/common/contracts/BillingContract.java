package io.contextbus.samples.common.contracts;

import io.contextbus.samples.common.domain.Require;
import io.contextbus.serialization.EventType;

/**
 * The billing context's published language: one invoice per confirmed order, on its own stream.
 * Billing is the sample written as a Spring Boot application with the contextbus starter.
 */
public final class BillingContract {
    public static final String CONTEXT = "billing";
    public static final String INVOICE_ISSUED = "billing.InvoiceIssued";

    private BillingContract() {
    }

    /** The stream of the invoice of order {@code orderId}. */
    public static String streamOf(String orderId) {
        return "invoice-" + orderId;
    }

    /** Order {@code orderId} was invoiced for {@code lines} lines of {@code quantity} units in all. */
    @EventType(INVOICE_ISSUED)
    public record InvoiceIssued(String orderId, int lines, int quantity) {
        public InvoiceIssued {
            Require.notBlank(orderId, "orderId");
            Require.positive(lines, "lines");
            Require.positive(quantity, "quantity");
        }
    }
}
