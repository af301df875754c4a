package io.contextbus.samples.ordering.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.model.EventMessage;
import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.common.contracts.LineItem;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.ordering.domain.OrderEvent;
import io.contextbus.samples.ordering.domain.OrderLine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What ordering stores is what its published language promises to inventory and shipping. */
class OrderingContractTest {
    private static final List<OrderLine> LINES = List.of(new OrderLine(1, "p001", 2), new OrderLine(2, "p002", 5));
    private static final List<LineItem> ITEMS = List.of(new LineItem(1, "p001", 2), new LineItem(2, "p002", 5));

    @Test
    void a_confirmation_request_reads_as_the_published_record() {
        EventMessage m = OrderingEvents.EVENTS.encode(new OrderEvent.OrderConfirmationRequested("o1", LINES));
        assertEquals(OrderingContract.ORDER_CONFIRMATION_REQUESTED, m.type());
        assertEquals(new OrderingContract.OrderConfirmationRequested("o1", ITEMS),
                ContractJson.read(m.data(), OrderingContract.OrderConfirmationRequested.class));
    }

    @Test
    void a_confirmation_and_a_cancellation_read_as_the_published_records() {
        EventMessage confirmed = OrderingEvents.EVENTS.encode(new OrderEvent.OrderConfirmed("o1", LINES));
        EventMessage cancelled = OrderingEvents.EVENTS.encode(new OrderEvent.OrderCancelled("o1", "no stock", LINES));
        assertEquals(OrderingContract.ORDER_CONFIRMED, confirmed.type());
        assertEquals(OrderingContract.ORDER_CANCELLED, cancelled.type());
        assertEquals(new OrderingContract.OrderConfirmed("o1", ITEMS),
                ContractJson.read(confirmed.data(), OrderingContract.OrderConfirmed.class));
        assertEquals(new OrderingContract.OrderCancelled("o1", "no stock", ITEMS),
                ContractJson.read(cancelled.data(), OrderingContract.OrderCancelled.class));
    }

    @Test
    void internal_events_have_the_names_the_demo_folds_by_and_round_trip() {
        OrderEvent placed = new OrderEvent.OrderPlaced("o1", "c1");
        OrderEvent line = new OrderEvent.OrderLineAdded("o1", 1, "p001", 2);
        assertEquals(OrderingContract.ORDER_PLACED, OrderingEvents.EVENTS.encode(placed).type());
        assertEquals(OrderingContract.ORDER_LINE_ADDED, OrderingEvents.EVENTS.encode(line).type());
        assertEquals(placed, OrderingEvents.EVENTS.decode(OrderingEvents.EVENTS.encode(placed)));
        assertEquals(line, OrderingEvents.EVENTS.decode(OrderingEvents.EVENTS.encode(line)));
    }
}
