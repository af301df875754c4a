package io.contextbus.samples.demo.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.model.Commit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConsistencyCheckerTest {
    private final ConsistencyChecker checker = ConsistencyChecker.forSample();
    private History history;
    private Map<String, String> orders;
    private Map<String, Integer> stock;
    private List<ShipmentRow> shipments;
    private List<InvoiceRow> invoices;

    /** o1 (3 apples) confirmed and shipped; o2 (2 apples, 2 pears) cancelled: pear short, apples released. */
    @BeforeEach
    void a_consistent_run() {
        history = new History()
                .commit("inventory", "product-apple", "inventory.ProductRegistered", "{\"sku\":\"apple\",\"quantity\":10}")
                .commit("inventory", "product-pear", "inventory.ProductRegistered", "{\"sku\":\"pear\",\"quantity\":1}");
        placeAndSubmit("o1", "[{\"lineNo\":1,\"sku\":\"apple\",\"quantity\":3}]");
        reserve("apple", "o1", 1, 3, 7);
        history.commit("ordering", "order-o1", "ordering.OrderConfirmed",
                        "{\"orderId\":\"o1\",\"lines\":[{\"lineNo\":1,\"sku\":\"apple\",\"quantity\":3}]}")
                .commit("shipping", "shipment-o1", "shipping.ShipmentCreated",
                        "{\"shipmentId\":\"shp-o1\",\"orderId\":\"o1\",\"lines\":[]}")
                .commit("billing", "invoice-o1", "billing.InvoiceIssued", "{\"orderId\":\"o1\",\"lines\":1,\"quantity\":3}");
        placeAndSubmit("o2", "[{\"lineNo\":1,\"sku\":\"apple\",\"quantity\":2},{\"lineNo\":2,\"sku\":\"pear\",\"quantity\":2}]");
        reserve("apple", "o2", 1, 2, 5);
        history.commit("inventory", "product-pear", "inventory.StockReservationRejected",
                        "{\"sku\":\"pear\",\"orderId\":\"o2\",\"lineNo\":2,\"quantity\":2,\"available\":1}")
                .commit("ordering", "order-o2", "ordering.OrderCancelled", "{\"orderId\":\"o2\",\"reason\":\"x\",\"lines\":[]}")
                .commit("inventory", "product-apple", "inventory.StockReleased",
                        "{\"sku\":\"apple\",\"orderId\":\"o2\",\"lineNo\":1,\"quantity\":2,\"available\":7}");
        orders = new HashMap<>(Map.of("o1", "CONFIRMED", "o2", "CANCELLED"));
        stock = new HashMap<>(Map.of("apple", 7, "pear", 1));
        shipments = new ArrayList<>(List.of(new ShipmentRow("o1", "shp-o1")));
        invoices = new ArrayList<>(List.of(new InvoiceRow("o1", 1, 3)));
    }

    private void placeAndSubmit(String id, String lines) {
        String stream = "order-" + id;
        history.commit("ordering", stream, "ordering.OrderPlaced", "{\"orderId\":\"" + id + "\",\"customerId\":\"c\"}")
                .commit("ordering", stream, "ordering.OrderConfirmationRequested",
                        "{\"orderId\":\"" + id + "\",\"lines\":" + lines + "}");
    }

    private void reserve(String sku, String order, int line, int qty, int after) {
        history.commit("inventory", "product-" + sku, "inventory.StockReserved", "{\"sku\":\"" + sku + "\",\"orderId\":\""
                + order + "\",\"lineNo\":" + line + ",\"quantity\":" + qty + ",\"available\":" + after + "}");
    }

    private ConsistencyReport check(Map<String, List<Commit>> sources, Map<String, List<AppliedCommit>> logs) {
        return checker.check(sources, new ContextStates(orders, stock, shipments, logs, invoices));
    }

    private Map<String, List<AppliedCommit>> fullLogs() {
        return Map.of("inventory", history.appliedLogOf("ordering"),
                "shipping", history.appliedLogOf("ordering"),
                "billing", history.appliedLogOf("ordering"),
                "ordering", history.appliedLogOf("inventory"));
    }

    private ConsistencyReport check() {
        return check(history.sources(), fullLogs());
    }

    @Test
    void a_consistent_run_passes_and_is_counted() {
        ConsistencyReport report = check();
        assertEquals(List.of(), report.violations());
        assertEquals(2, report.orders());
        assertEquals(1, report.confirmed());
        assertEquals(1, report.cancelled());
        assertEquals(1, report.shipments());
    }

    @Nested
    @DisplayName("shipping")
    class Shipping {
        @Test
        void a_dropped_shipment_commit_is_caught() {
            Map<String, List<Commit>> sources = history.sources();
            sources.put("shipping", List.of());

            ConsistencyReport report = check(sources, fullLogs());

            assertFalse(report.consistent());
            assertTrue(report.breaks(Rules.ONE_SHIPMENT_PER_CONFIRMED_ORDER), report.violations().toString());
        }

        @Test
        void a_duplicated_shipment_commit_is_caught() {
            history.commit("shipping", "shipment-o1", "shipping.ShipmentCreated",
                    "{\"shipmentId\":\"shp-o1\",\"orderId\":\"o1\",\"lines\":[]}");

            ConsistencyReport report = check();

            assertTrue(report.breaks(Rules.ONE_SHIPMENT_PER_CONFIRMED_ORDER), report.violations().toString());
        }

        @Test
        void a_missing_or_doubled_view_row_is_caught() {
            shipments.add(new ShipmentRow("o1", "shp-o1"));
            assertTrue(check().breaks(Rules.SHIPMENT_VIEW_MATCHES));
            shipments.clear();
            assertTrue(check().breaks(Rules.SHIPMENT_VIEW_MATCHES));
        }

        @Test
        void a_shipment_for_a_cancelled_order_is_caught() {
            history.commit("shipping", "shipment-o2", "shipping.ShipmentCreated",
                    "{\"shipmentId\":\"shp-o2\",\"orderId\":\"o2\",\"lines\":[]}");
            assertTrue(check().breaks(Rules.ONE_SHIPMENT_PER_CONFIRMED_ORDER));
        }
    }

    @Nested
    @DisplayName("billing (the Spring Boot sample)")
    class Billing {
        @Test
        void a_missing_doubled_or_wrong_invoice_row_is_caught() {
            invoices.add(new InvoiceRow("o1", 1, 3));
            assertTrue(check().breaks(Rules.INVOICES_MATCH_ORDERS));
            invoices.clear();
            assertTrue(check().breaks(Rules.INVOICES_MATCH_ORDERS));
            invoices.add(new InvoiceRow("o1", 1, 4));
            assertTrue(check().breaks(Rules.INVOICES_MATCH_ORDERS));
        }

        @Test
        void an_invoice_for_a_cancelled_order_is_caught() {
            invoices.add(new InvoiceRow("o2", 2, 4));
            assertTrue(check().breaks(Rules.INVOICES_MATCH_ORDERS));
        }

        @Test
        void a_missing_or_duplicated_invoice_commit_is_caught() {
            Map<String, List<Commit>> sources = history.sources();
            sources.put("billing", List.of());
            assertTrue(check(sources, fullLogs()).breaks(Rules.ONE_INVOICE_COMMIT_PER_CONFIRMED_ORDER));
            history.commit("billing", "invoice-o1", "billing.InvoiceIssued", "{\"orderId\":\"o1\",\"lines\":1,\"quantity\":3}");
            assertTrue(check().breaks(Rules.ONE_INVOICE_COMMIT_PER_CONFIRMED_ORDER));
        }

        @Test
        void an_ordering_commit_billing_applied_twice_is_caught() {
            List<AppliedCommit> billing = new ArrayList<>(history.appliedLogOf("ordering"));
            billing.add(billing.get(0));
            ConsistencyReport report = check(history.sources(), Map.of("inventory", history.appliedLogOf("ordering"),
                    "shipping", history.appliedLogOf("ordering"), "billing", billing,
                    "ordering", history.appliedLogOf("inventory")));
            assertTrue(report.breaks(Rules.APPLIED_ONCE_IN_ORDER), report.violations().toString());
            assertTrue(report.violations().get(0).detail().startsWith("billing applied ordering/order-o1"),
                    report.violations().toString());
        }
    }

    @Nested
    @DisplayName("applied logs")
    class Applied {
        @Test
        void a_commit_the_consumer_never_applied_is_caught() {
            List<AppliedCommit> shipping = new ArrayList<>(history.appliedLogOf("ordering"));
            shipping.remove(shipping.size() - 1);
            ConsistencyReport report = check(history.sources(), Map.of("inventory", history.appliedLogOf("ordering"),
                    "shipping", shipping, "billing", history.appliedLogOf("ordering"),
                    "ordering", history.appliedLogOf("inventory")));
            assertTrue(report.breaks(Rules.APPLIED_ONCE_IN_ORDER));
            assertTrue(report.violations().get(0).detail().startsWith("shipping applied ordering/order-o2"),
                    report.violations().toString());
        }

        @Test
        void a_commit_applied_twice_or_out_of_order_is_caught() {
            List<AppliedCommit> twice = new ArrayList<>(history.appliedLogOf("ordering"));
            twice.add(twice.get(0));
            assertTrue(check(history.sources(), Map.of("inventory", twice, "shipping", history.appliedLogOf("ordering"),
                    "billing", history.appliedLogOf("ordering"), "ordering", history.appliedLogOf("inventory"))).breaks(Rules.APPLIED_ONCE_IN_ORDER));

            List<AppliedCommit> swapped = new ArrayList<>(history.appliedLogOf("ordering"));
            swapped.add(0, swapped.remove(1));
            assertTrue(check(history.sources(), Map.of("inventory", swapped, "shipping", history.appliedLogOf("ordering"),
                    "billing", history.appliedLogOf("ordering"), "ordering", history.appliedLogOf("inventory"))).breaks(Rules.APPLIED_ONCE_IN_ORDER));
        }
    }

    @Nested
    @DisplayName("orders and stock")
    class OrdersAndStock {
        @Test
        void an_order_confirmed_and_cancelled_is_caught() {
            history.commit("ordering", "order-o1", "ordering.OrderCancelled", "{\"orderId\":\"o1\",\"reason\":\"x\",\"lines\":[]}");
            orders.put("o1", "CANCELLED");
            assertTrue(check().breaks(Rules.ORDER_DECIDED_ONCE));
        }

        @Test
        void a_status_that_differs_from_the_events_is_caught() {
            orders.put("o2", "CONFIRMED");
            assertTrue(check().breaks(Rules.ORDER_STATE_MATCHES_EVENTS));
        }

        @Test
        void an_order_left_awaiting_stock_is_caught() {
            placeAndSubmit("o3", "[{\"lineNo\":1,\"sku\":\"apple\",\"quantity\":1}]");
            orders.put("o3", "AWAITING_STOCK");
            assertTrue(check().breaks(Rules.ORDER_FINAL));
        }

        @Test
        void stock_going_negative_is_caught() {
            reserve("pear", "o9", 1, 5, 0);
            stock.put("pear", -4);
            assertTrue(check().breaks(Rules.STOCK_NEVER_NEGATIVE));
        }

        @Test
        void reported_stock_that_differs_from_the_events_is_caught() {
            stock.put("apple", 5);
            assertTrue(check().breaks(Rules.STOCK_MATCHES_EVENTS));
        }

        @Test
        void a_cancelled_order_whose_stock_was_not_released_is_caught() {
            Map<String, List<Commit>> sources = history.sources();
            List<Commit> inventory = new ArrayList<>(sources.get("inventory"));
            inventory.remove(inventory.size() - 1);
            sources.put("inventory", inventory);
            stock.put("apple", 5);
            ConsistencyReport report = check(sources, Map.of());
            assertTrue(report.breaks(Rules.CANCELLED_ORDER_RELEASED), report.violations().toString());
        }

        @Test
        void a_gap_in_a_source_stream_is_caught() {
            Map<String, List<Commit>> sources = history.sources();
            List<Commit> ordering = new ArrayList<>(sources.get("ordering"));
            ordering.remove(0);
            sources.put("ordering", ordering);
            assertTrue(check(sources, fullLogs()).breaks(Rules.STREAM_CONTIGUOUS));
        }
    }
}
