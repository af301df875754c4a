package io.contextbus.samples.demo.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import io.contextbus.samples.common.contracts.OrderingContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Folds ordering's commits into what the source events say about each order. */
final class OrderFold {

    /** One order as its events tell it; {@code lines} are the submitted lines (lineNo, sku, qty). */
    static final class Folded {
        String status = "NONE";
        final List<JsonNode> lines = new ArrayList<>();
        int confirmations;
        int cancellations;
    }

    private OrderFold() {
    }

    /** Order id to folded order; {@code commits} are per stream in commitSequence order. */
    static Map<String, Folded> fold(List<Commit> commits) {
        Map<String, Folded> orders = new TreeMap<>();
        for (Commit commit : commits) {
            for (EventMessage event : commit.events()) {
                JsonNode data = EventData.of(event);
                Folded order = orders.computeIfAbsent(data.path("orderId").asText(), id -> new Folded());
                apply(order, event.type(), data);
            }
        }
        return orders;
    }

    private static void apply(Folded order, String type, JsonNode data) {
        switch (type) {
            case OrderingContract.ORDER_PLACED -> order.status = "OPEN";
            case OrderingContract.ORDER_CONFIRMATION_REQUESTED -> {
                order.status = "AWAITING_STOCK";
                data.path("lines").forEach(order.lines::add);
            }
            case OrderingContract.ORDER_CONFIRMED -> {
                order.status = "CONFIRMED";
                order.confirmations++;
            }
            case OrderingContract.ORDER_CANCELLED -> {
                order.status = "CANCELLED";
                order.cancellations++;
            }
            default -> {
                // OrderLineAdded and unknown types do not change the status.
            }
        }
    }
}
