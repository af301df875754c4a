package io.contextbus.samples.demo.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import io.contextbus.samples.common.contracts.BillingContract;
import io.contextbus.samples.common.contracts.InventoryContract;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.common.contracts.ShippingContract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the three sample contexts against a fold of their source events: every source stream is
 * contiguous; every consumer applied every commit it consumes once and in order; ordering's order
 * statuses equal the fold; every submitted order is confirmed or cancelled, never both; stock is
 * never negative and inventory's reported stock equals the fold; confirmed orders hold their
 * reservations and cancelled ones hold none; every confirmed order has exactly one shipment, in
 * shipping's events and in its view; billing applied every ordering commit once and in order, and
 * its invoices and invoice commits equal the fold of ordering's confirmations. A pure function of
 * its inputs.
 */
public final class ConsistencyChecker {
    private final Map<String, Set<String>> consumes;

    /** @param consumes consumer context to the source contexts it consumes */
    public ConsistencyChecker(Map<String, Set<String>> consumes) {
        this.consumes = Map.copyOf(consumes);
    }

    /** The sample's topology: inventory, shipping and billing consume ordering; ordering consumes inventory. */
    public static ConsistencyChecker forSample() {
        return new ConsistencyChecker(Map.of(
                InventoryContract.CONTEXT, Set.of(OrderingContract.CONTEXT),
                OrderingContract.CONTEXT, Set.of(InventoryContract.CONTEXT),
                ShippingContract.CONTEXT, Set.of(OrderingContract.CONTEXT),
                BillingContract.CONTEXT, Set.of(OrderingContract.CONTEXT)));
    }

    /**
     * @param sources every commit of every context's store, by context name (any order)
     * @param states  what the contexts report about themselves
     */
    public ConsistencyReport check(Map<String, List<Commit>> sources, ContextStates states) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Map<String, List<Commit>>> streams = new HashMap<>();
        sources.forEach((context, commits) -> {
            streams.put(context, StreamChecks.byStream(commits));
            StreamChecks.contiguous(context, streams.get(context), violations);
        });
        consumes.forEach((consumer, from) -> StreamChecks.appliedOnceInOrder(consumer, from,
                states.appliedLogs().getOrDefault(consumer, List.of()), streams, violations));

        Map<String, OrderFold.Folded> orders = OrderFold.fold(inOrder(streams, OrderingContract.CONTEXT));
        StockFold stock = StockFold.fold(inOrder(streams, InventoryContract.CONTEXT), violations);
        checkOrders(orders, states, violations);
        checkStock(orders, stock, states, violations);
        int shipments = checkShipments(orders, inOrder(streams, ShippingContract.CONTEXT), states, violations);
        if (consumes.containsKey(BillingContract.CONTEXT)) {
            InvoiceChecks.check(inOrder(streams, OrderingContract.CONTEXT), inOrder(streams, BillingContract.CONTEXT),
                    states.invoices(), violations);
        }

        int confirmed = (int) orders.values().stream().filter(o -> o.status.equals("CONFIRMED")).count();
        int cancelled = (int) orders.values().stream().filter(o -> o.status.equals("CANCELLED")).count();
        int sourceCommits = sources.values().stream().mapToInt(List::size).sum();
        int applied = states.appliedLogs().values().stream().mapToInt(List::size).sum();
        return new ConsistencyReport(violations, orders.size(), confirmed, cancelled, shipments, sourceCommits, applied);
    }

    private static List<Commit> inOrder(Map<String, Map<String, List<Commit>>> streams, String context) {
        return streams.getOrDefault(context, Map.of()).values().stream().flatMap(List::stream).toList();
    }

    private static void checkOrders(Map<String, OrderFold.Folded> orders, ContextStates states, List<Violation> out) {
        orders.forEach((id, order) -> {
            String reported = states.orderStatuses().getOrDefault(id, "NONE");
            if (!reported.equals(order.status)) {
                out.add(new Violation(Rules.ORDER_STATE_MATCHES_EVENTS, "order " + id + " is " + reported
                        + " in ordering but " + order.status + " by its events"));
            }
            if (order.status.equals("AWAITING_STOCK")) {
                out.add(new Violation(Rules.ORDER_FINAL, "order " + id + " still awaits stock"));
            }
            if (order.confirmations + order.cancellations > 1) {
                out.add(new Violation(Rules.ORDER_DECIDED_ONCE, "order " + id + " was confirmed "
                        + order.confirmations + " and cancelled " + order.cancellations + " times"));
            }
        });
        states.orderStatuses().keySet().stream().filter(id -> !orders.containsKey(id)).forEach(id -> out.add(
                new Violation(Rules.ORDER_STATE_MATCHES_EVENTS, "order " + id + " is reported but has no events")));
    }

    private static void checkStock(Map<String, OrderFold.Folded> orders, StockFold stock, ContextStates states,
            List<Violation> out) {
        stock.available.forEach((sku, available) -> {
            Integer reported = states.stockAvailable().get(sku);
            if (reported == null || reported.intValue() != available) {
                out.add(new Violation(Rules.STOCK_MATCHES_EVENTS, sku + " has " + reported
                        + " available in inventory but " + available + " by its events"));
            }
        });
        orders.forEach((id, order) -> {
            Map<Integer, StockFold.Held> held = stock.heldBy(id);
            if (order.status.equals("CONFIRMED")) {
                for (JsonNode line : order.lines) {
                    StockFold.Held h = held.get(line.path("lineNo").asInt());
                    if (h == null || !h.sku().equals(line.path("sku").asText()) || h.quantity() != line.path("quantity").asInt()) {
                        out.add(new Violation(Rules.CONFIRMED_ORDER_RESERVED, "order " + id + " line "
                                + line.path("lineNo").asInt() + " is confirmed but holds " + h));
                    }
                }
            } else if (!held.isEmpty()) {
                out.add(new Violation(Rules.CANCELLED_ORDER_RELEASED, "order " + id + " is " + order.status
                        + " but still holds " + held));
            }
        });
    }

    private static int checkShipments(Map<String, OrderFold.Folded> orders, List<Commit> shipping, ContextStates states,
            List<Violation> out) {
        Map<String, Integer> created = new HashMap<>();
        for (Commit commit : shipping) {
            for (EventMessage event : commit.events()) {
                if (event.type().equals(ShippingContract.SHIPMENT_CREATED)) {
                    created.merge(EventData.of(event).path("orderId").asText(), 1, Integer::sum);
                }
            }
        }
        Map<String, Integer> rows = new HashMap<>();
        states.shipments().forEach(row -> rows.merge(row.orderId(), 1, Integer::sum));
        Set<String> ids = new TreeSet<>(orders.keySet());
        ids.addAll(created.keySet());
        ids.addAll(rows.keySet());
        for (String id : ids) {
            OrderFold.Folded order = orders.get(id);
            int expected = order != null && order.status.equals("CONFIRMED") ? 1 : 0;
            int commits = created.getOrDefault(id, 0);
            int viewRows = rows.getOrDefault(id, 0);
            if (commits != expected) {
                out.add(new Violation(Rules.ONE_SHIPMENT_PER_CONFIRMED_ORDER, "order " + id + " ("
                        + (order == null ? "unknown" : order.status) + ") has " + commits + " shipment commits"));
            }
            if (viewRows != expected) {
                out.add(new Violation(Rules.SHIPMENT_VIEW_MATCHES, "order " + id + " ("
                        + (order == null ? "unknown" : order.status) + ") has " + viewRows + " rows in the shipments view"));
            }
        }
        return created.values().stream().mapToInt(Integer::intValue).sum();
    }
}
