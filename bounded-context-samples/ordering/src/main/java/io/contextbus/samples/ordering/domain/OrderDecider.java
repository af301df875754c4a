package io.contextbus.samples.ordering.domain;

import io.contextbus.samples.common.domain.Decider;
import io.contextbus.samples.common.domain.DomainRuleException;
import io.contextbus.samples.ordering.domain.OrderCommand.AddLine;
import io.contextbus.samples.ordering.domain.OrderCommand.CancelOrder;
import io.contextbus.samples.ordering.domain.OrderCommand.ConfirmOrder;
import io.contextbus.samples.ordering.domain.OrderCommand.PlaceOrder;
import io.contextbus.samples.ordering.domain.OrderCommand.RequestConfirmation;
import io.contextbus.samples.ordering.domain.OrderEvent.OrderCancelled;
import io.contextbus.samples.ordering.domain.OrderEvent.OrderConfirmationRequested;
import io.contextbus.samples.ordering.domain.OrderEvent.OrderConfirmed;
import io.contextbus.samples.ordering.domain.OrderEvent.OrderLineAdded;
import io.contextbus.samples.ordering.domain.OrderEvent.OrderPlaced;
import java.util.List;

/**
 * The rules of an order. An order is placed, gets lines while open, is submitted for
 * confirmation, and ends either confirmed (only while awaiting stock) or cancelled (only before it
 * is confirmed): never both. Commands that the order already did (confirm a confirmed order,
 * cancel a cancelled one, submit a submitted one) cause no events, so retries are harmless.
 */
public final class OrderDecider implements Decider<OrderCommand, Order, OrderEvent> {
    /** The most lines one order can hold, so that a commit stays far below a message's size. */
    public static final int MAX_LINES = 50;

    @Override
    public Order initialState() {
        return Order.NONE;
    }

    @Override
    public List<OrderEvent> decide(OrderCommand command, Order order) {
        if (command instanceof PlaceOrder place) {
            if (order.status() != OrderStatus.NONE) {
                throw new DomainRuleException("order-exists", "Order " + place.orderId() + " was already placed.");
            }
            return List.of(new OrderPlaced(place.orderId(), place.customerId()));
        }
        requirePlaced(command, order);
        if (command instanceof AddLine add) {
            requireStatus(order, OrderStatus.OPEN, "add a line to");
            if (order.lines().size() >= MAX_LINES) {
                throw new DomainRuleException("order-full", "Order " + order.orderId() + " already has "
                        + MAX_LINES + " lines.");
            }
            return List.of(new OrderLineAdded(add.orderId(), order.nextLineNo(), add.sku(), add.quantity()));
        }
        if (command instanceof RequestConfirmation) {
            return requestConfirmation(order);
        }
        if (command instanceof ConfirmOrder) {
            return confirm(order);
        }
        return cancel((CancelOrder) command, order);
    }

    private static List<OrderEvent> requestConfirmation(Order order) {
        if (order.status() == OrderStatus.AWAITING_STOCK) {
            return List.of();
        }
        requireStatus(order, OrderStatus.OPEN, "submit");
        if (order.lines().isEmpty()) {
            throw new DomainRuleException("order-empty", "Order " + order.orderId() + " has no lines to confirm.");
        }
        return List.of(new OrderConfirmationRequested(order.orderId(), order.lines()));
    }

    private static List<OrderEvent> confirm(Order order) {
        if (order.status() == OrderStatus.CONFIRMED) {
            return List.of();
        }
        requireStatus(order, OrderStatus.AWAITING_STOCK, "confirm");
        return List.of(new OrderConfirmed(order.orderId(), order.lines()));
    }

    private static List<OrderEvent> cancel(CancelOrder cancel, Order order) {
        if (order.status() == OrderStatus.CANCELLED) {
            return List.of();
        }
        if (order.status() == OrderStatus.CONFIRMED) {
            throw new DomainRuleException("order-confirmed", "Order " + order.orderId()
                    + " is confirmed and can no longer be cancelled.");
        }
        return List.of(new OrderCancelled(order.orderId(), cancel.reason(), order.lines()));
    }

    @Override
    public Order evolve(Order order, OrderEvent event) {
        if (event instanceof OrderPlaced placed) {
            return new Order(placed.orderId(), placed.customerId(), OrderStatus.OPEN, List.of());
        }
        if (event instanceof OrderLineAdded added) {
            return order.withLine(added.line());
        }
        if (event instanceof OrderConfirmationRequested) {
            return order.withStatus(OrderStatus.AWAITING_STOCK);
        }
        if (event instanceof OrderConfirmed) {
            return order.withStatus(OrderStatus.CONFIRMED);
        }
        return order.withStatus(OrderStatus.CANCELLED);
    }

    private static void requirePlaced(OrderCommand command, Order order) {
        if (order.status() == OrderStatus.NONE) {
            throw new DomainRuleException("order-unknown", "Order " + command.orderId() + " was never placed.");
        }
    }

    private static void requireStatus(Order order, OrderStatus expected, String action) {
        if (order.status() != expected) {
            throw new DomainRuleException("order-not-" + expected.name().toLowerCase().replace('_', '-'),
                    "Cannot " + action + " order " + order.orderId() + ": it is " + order.status() + ", not "
                            + expected + ".");
        }
    }
}
