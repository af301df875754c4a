package io.contextbus.samples.ordering.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.model.EventMessage;
import io.contextbus.samples.common.contracts.LineItem;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.ordering.domain.OrderEvent;
import io.contextbus.samples.ordering.domain.OrderLine;
import io.contextbus.serialization.EventCodec;
import io.contextbus.serialization.EventTypeRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What ordering stores is what its published language promises to inventory and shipping. */
class OrderingContractTest {
    private static final List<OrderLine> LINES = List.of(new OrderLine(1, "p001", 2), new OrderLine(2, "p002", 5));
    /** A reader of the published language, as a consumer registers it. */
    private static final EventCodec PUBLISHED = new EventCodec(EventTypeRegistry.builder()
            .register(OrderingContract.OrderConfirmationRequested.class)
            .register(OrderingContract.OrderConfirmed.class)
            .register(OrderingContract.OrderCancelled.class)
            .build());
    private static final List<LineItem> ITEMS = List.of(new LineItem(1, "p001", 2), new LineItem(2, "p002", 5));

    @Test
    void a_confirmation_request_reads_as_the_published_record() {
        EventMessage m = OrderingEvents.CODEC.encode(new OrderEvent.OrderConfirmationRequested("o1", LINES));
        assertEquals(OrderingContract.ORDER_CONFIRMATION_REQUESTED, m.type());
        assertEquals(new OrderingContract.OrderConfirmationRequested("o1", ITEMS),
                PUBLISHED.decode(m, OrderingContract.OrderConfirmationRequested.class));
    }

    @Test
    void a_confirmation_and_a_cancellation_read_as_the_published_records() {
        EventMessage confirmed = OrderingEvents.CODEC.encode(new OrderEvent.OrderConfirmed("o1", LINES));
        EventMessage cancelled = OrderingEvents.CODEC.encode(new OrderEvent.OrderCancelled("o1", "no stock", LINES));
        assertEquals(OrderingContract.ORDER_CONFIRMED, confirmed.type());
        assertEquals(OrderingContract.ORDER_CANCELLED, cancelled.type());
        assertEquals(new OrderingContract.OrderConfirmed("o1", ITEMS),
                PUBLISHED.decode(confirmed, OrderingContract.OrderConfirmed.class));
        assertEquals(new OrderingContract.OrderCancelled("o1", "no stock", ITEMS),
                PUBLISHED.decode(cancelled, OrderingContract.OrderCancelled.class));
    }

    @Test
    void internal_events_have_the_names_the_demo_folds_by_and_round_trip() {
        OrderEvent placed = new OrderEvent.OrderPlaced("o1", "c1");
        OrderEvent line = new OrderEvent.OrderLineAdded("o1", 1, "p001", 2);
        assertEquals(OrderingContract.ORDER_PLACED, OrderingEvents.CODEC.encode(placed).type());
        assertEquals(OrderingContract.ORDER_LINE_ADDED, OrderingEvents.CODEC.encode(line).type());
        assertEquals(placed, OrderingEvents.CODEC.decode(OrderingEvents.CODEC.encode(placed), OrderEvent.class));
        assertEquals(line, OrderingEvents.CODEC.decode(OrderingEvents.CODEC.encode(line), OrderEvent.class));
    }

    @Test
    void the_wire_format_is_type_version_1_and_the_record_fields_so_stored_events_stay_readable() {
        EventMessage m = OrderingEvents.CODEC.encode(new OrderEvent.OrderCancelled("o1", "no stock", LINES.subList(0, 1)));
        assertEquals(1, m.schemaVersion());
        assertEquals("{\"orderId\":\"o1\",\"reason\":\"no stock\",\"lines\":[{\"lineNo\":1,\"sku\":\"p001\",\"quantity\":2}]}",
                m.data());
        assertEquals(new OrderEvent.OrderLineAdded("o1", 1, "p001", 2), OrderingEvents.CODEC.decode(EventMessage.of(
                OrderingContract.ORDER_LINE_ADDED, 1, "{\"orderId\":\"o1\",\"lineNo\":1,\"sku\":\"p001\",\"quantity\":2}"),
                OrderEvent.class));
    }
}
