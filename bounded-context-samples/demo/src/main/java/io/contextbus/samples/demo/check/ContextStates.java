package io.contextbus.samples.demo.check;

import java.util.List;
import java.util.Map;

/**
 * What each context says about itself once the run converged: ordering's order statuses,
 * inventory's available stock per product, shipping's shipments view, billing's invoices, and every
 * consumer's applied log (each source commit it applied, in the order it applied them).
 *
 * @param orderStatuses  ordering: order id to status name ({@code OPEN}, {@code CONFIRMED}...)
 * @param stockAvailable inventory: sku to unreserved stock
 * @param shipments      shipping: the rows of its shipments view
 * @param appliedLogs    consumer context to its applied log
 * @param invoices       billing: the rows of its invoices
 */
public record ContextStates(
        Map<String, String> orderStatuses,
        Map<String, Integer> stockAvailable,
        List<ShipmentRow> shipments,
        Map<String, List<AppliedCommit>> appliedLogs,
        List<InvoiceRow> invoices) {

    public ContextStates {
        orderStatuses = Map.copyOf(orderStatuses);
        stockAvailable = Map.copyOf(stockAvailable);
        shipments = List.copyOf(shipments);
        appliedLogs = Map.copyOf(appliedLogs);
        invoices = List.copyOf(invoices);
    }
}
