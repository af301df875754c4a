package io.contextbus.samples.billing.service;

import io.contextbus.samples.common.contracts.OrderingContract.OrderConfirmed;
import java.util.List;
import java.util.Map;

/**
 * Billing's read model: one invoice per confirmed order (its lines and units), written through the
 * inbox transaction {@code T} so that it holds exactly the invoices of the ordering commits applied;
 * an invoice is marked issued once its {@code InvoiceIssued} commit is in the store. On SQLite the
 * table {@code billing_invoices} ({@link SqliteInvoices}), on Cosmos DB documents of kind
 * {@code billing-invoice} in the context's container ({@link CosmosInvoices}).
 *
 * @param <T> the inbox transaction the invoice is written through
 */
interface Invoices<T> {
    /** One invoice. */
    record Invoice(String orderId, int lines, int quantity) {
    }

    /** Records the invoice of {@code order} through the inbox transaction {@code tx}. */
    void add(T tx, OrderConfirmed order) throws Exception;

    /** Every invoice, by order id. */
    List<Invoice> all();

    /** At most {@code max} invoices whose commit is not yet in the store. */
    List<Invoice> unissued(int max);

    void markIssued(List<Invoice> invoices);

    /** {@code invoices} and {@code issued}. */
    Map<String, Object> counts();
}
