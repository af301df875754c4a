package io.contextbus.samples.demo.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import io.contextbus.samples.common.contracts.BillingContract;
import io.contextbus.samples.common.contracts.OrderingContract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Billing (the Spring Boot sample) against a fold of ordering's commits: every confirmed order has
 * exactly one invoice row, with the lines and units of its {@code OrderConfirmed} event, and no
 * other order has one; billing's store holds exactly one {@code InvoiceIssued} commit per
 * confirmed order, with the same figures.
 */
final class InvoiceChecks {
    private InvoiceChecks() {
    }

    /** Returns how many invoice commits billing holds. */
    static int check(List<Commit> ordering, List<Commit> billing, List<InvoiceRow> rows, List<Violation> out) {
        Map<String, InvoiceRow> expected = new HashMap<>();
        for (Commit commit : ordering) {
            for (EventMessage event : commit.events()) {
                if (event.type().equals(OrderingContract.ORDER_CONFIRMED)) {
                    InvoiceRow row = invoiceOf(EventData.of(event));
                    expected.put(row.orderId(), row);
                }
            }
        }
        Map<String, List<InvoiceRow>> issued = new HashMap<>();
        for (Commit commit : billing) {
            for (EventMessage event : commit.events()) {
                if (event.type().equals(BillingContract.INVOICE_ISSUED)) {
                    JsonNode data = EventData.of(event);
                    issued.computeIfAbsent(data.path("orderId").asText(), id -> new ArrayList<>()).add(new InvoiceRow(
                            data.path("orderId").asText(), data.path("lines").asInt(), data.path("quantity").asInt()));
                }
            }
        }
        Map<String, List<InvoiceRow>> view = new HashMap<>();
        rows.forEach(r -> view.computeIfAbsent(r.orderId(), id -> new ArrayList<>()).add(r));
        Set<String> ids = new TreeSet<>(expected.keySet());
        ids.addAll(issued.keySet());
        ids.addAll(view.keySet());
        for (String id : ids) {
            List<InvoiceRow> want = expected.containsKey(id) ? List.of(expected.get(id)) : List.of();
            List<InvoiceRow> inView = view.getOrDefault(id, List.of());
            List<InvoiceRow> commits = issued.getOrDefault(id, List.of());
            if (!inView.equals(want)) {
                out.add(new Violation(Rules.INVOICES_MATCH_ORDERS, "order " + id + " has invoice rows " + inView
                        + " in billing but " + want + " by ordering's events"));
            }
            if (!commits.equals(want)) {
                out.add(new Violation(Rules.ONE_INVOICE_COMMIT_PER_CONFIRMED_ORDER, "order " + id + " has invoice commits "
                        + commits + " in billing but " + want + " by ordering's events"));
            }
        }
        return issued.values().stream().mapToInt(List::size).sum();
    }

    private static InvoiceRow invoiceOf(JsonNode confirmed) {
        int quantity = 0;
        for (JsonNode line : confirmed.path("lines")) {
            quantity += line.path("quantity").asInt();
        }
        return new InvoiceRow(confirmed.path("orderId").asText(), confirmed.path("lines").size(), quantity);
    }
}
