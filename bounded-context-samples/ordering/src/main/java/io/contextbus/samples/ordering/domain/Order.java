package io.contextbus.samples.ordering.domain;

import io.contextbus.samples.common.domain.Require;
import java.util.ArrayList;
import java.util.List;

/** The state of one order, as folded from its events. {@link #NONE} is the state before placing. */
public record Order(String orderId, String customerId, OrderStatus status, List<OrderLine> lines) {
    public static final Order NONE = new Order(null, null, OrderStatus.NONE, List.of());

    public Order {
        Require.notNull(status, "status");
        lines = List.copyOf(Require.notNull(lines, "lines"));
    }

    Order withStatus(OrderStatus next) {
        return new Order(orderId, customerId, next, lines);
    }

    Order withLine(OrderLine line) {
        List<OrderLine> next = new ArrayList<>(lines);
        next.add(line);
        return new Order(orderId, customerId, status, next);
    }

    int nextLineNo() {
        return lines.size() + 1;
    }
}
