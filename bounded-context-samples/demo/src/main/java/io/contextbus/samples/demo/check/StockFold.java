package io.contextbus.samples.demo.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import io.contextbus.samples.common.contracts.InventoryContract;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds inventory's commits into available stock per product and the reservations each order
 * still holds, reporting every point where stock went negative or an event's own
 * {@code available} disagrees with the fold.
 */
final class StockFold {
    /** A reservation still held: the product and quantity. */
    record Held(String sku, int quantity) {
    }

    final Map<String, Integer> available = new TreeMap<>();
    /** Order id to line number to the reservation it still holds. */
    final Map<String, Map<Integer, Held>> held = new HashMap<>();

    static StockFold fold(List<Commit> commits, List<Violation> violations) {
        StockFold fold = new StockFold();
        for (Commit commit : commits) {
            for (EventMessage event : commit.events()) {
                fold.apply(commit, event.type(), EventData.of(event), violations);
            }
        }
        return fold;
    }

    private void apply(Commit commit, String type, JsonNode data, List<Violation> violations) {
        String sku = data.path("sku").asText();
        int quantity = data.path("quantity").asInt();
        int before = available.getOrDefault(sku, 0);
        int after;
        switch (type) {
            case InventoryContract.PRODUCT_REGISTERED -> after = quantity;
            case InventoryContract.STOCK_RESTOCKED -> after = before + quantity;
            case InventoryContract.STOCK_RESERVED -> {
                after = before - quantity;
                lines(data).put(data.path("lineNo").asInt(), new Held(sku, quantity));
            }
            case InventoryContract.STOCK_RELEASED -> {
                after = before + quantity;
                lines(data).remove(data.path("lineNo").asInt());
            }
            default -> after = before;
        }
        available.put(sku, after);
        if (after < 0) {
            violations.add(new Violation(Rules.STOCK_NEVER_NEGATIVE, sku + " went to " + after + " at " + commit.key()));
        }
        if (data.has("available") && !InventoryContract.STOCK_RESERVATION_REJECTED.equals(type)
                && data.path("available").asInt() != after) {
            violations.add(new Violation(Rules.STOCK_MATCHES_EVENTS, commit.key() + " says " + sku + " has "
                    + data.path("available").asInt() + " available; the fold says " + after));
        }
    }

    private Map<Integer, Held> lines(JsonNode data) {
        return held.computeIfAbsent(data.path("orderId").asText(), id -> new HashMap<>());
    }

    /** The reservations order {@code orderId} still holds, by line number. */
    Map<Integer, Held> heldBy(String orderId) {
        return held.getOrDefault(orderId, Map.of());
    }
}
