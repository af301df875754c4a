package io.contextbus.samples.inventory.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.handler.EventContext;
import io.contextbus.handler.Handlers;
import io.contextbus.handler.UnhandledEventException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.runtime.WorkQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Inventory's handlers read ordering's events as ordering publishes them, through core's typed path. */
class OrderingHandlersTest {
    private record Queued(String stream, String kind, String json) {
    }

    private final List<Queued> queued = new ArrayList<>();
    private final Handlers<String> handlers = OrderingHandlers.of(new WorkQueue<String>() {
        @Override
        public void enqueue(EventContext<String> source, String stream, String kind, String json) {
            queued.add(new Queued(stream, kind, json));
        }

        @Override
        public void start() {
        }

        @Override
        public long executed() {
            return 0;
        }

        @Override
        public long dropped() {
            return 0;
        }

        @Override
        public void close() {
        }
    }).build();

    private static Commit commit(EventMessage... events) {
        return new Commit(StreamId.of("order-o1"), 1, events.length, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(events));
    }

    @Test
    void a_confirmation_request_as_stored_queues_one_reservation_per_line_and_ignored_types_pass() throws Exception {
        EventMessage requested = EventMessage.of(OrderingContract.ORDER_CONFIRMATION_REQUESTED, 1,
                "{\"orderId\":\"o1\",\"lines\":[{\"lineNo\":1,\"sku\":\"p001\",\"quantity\":2},"
                        + "{\"lineNo\":2,\"sku\":\"p002\",\"quantity\":5}],\"addedByANewerProducer\":true}");
        EventMessage placed = EventMessage.of(OrderingContract.ORDER_PLACED, 1, "{\"orderId\":\"o1\",\"customerId\":\"c1\"}");

        handlers.prepare(commit(placed, requested)).apply(ContextName.of("ordering"), "tx");

        assertEquals(List.of("product-p001", "product-p002"), queued.stream().map(Queued::stream).toList());
        assertEquals(List.of("ReserveStock", "ReserveStock"), queued.stream().map(Queued::kind).toList());
        assertTrue(queued.get(1).json().contains("\"quantity\":5"), queued.get(1).json());
    }

    @Test
    void data_that_does_not_fit_the_record_is_refused_as_undecodable_naming_the_field() {
        EventMessage cancelled = EventMessage.of(OrderingContract.ORDER_CANCELLED, 1,
                "{\"orderId\":\"o1\",\"reason\":\"no stock\",\"lines\":[{\"lineNo\":1,\"sku\":\"p001\",\"quantity\":0}]}");

        UnhandledEventException e = assertThrows(UnhandledEventException.class, () -> handlers.prepare(commit(cancelled)));

        assertEquals(UnhandledEventException.Reason.UNDECODABLE_EVENT, e.reason());
        assertTrue(e.getMessage().contains("quantity"), e.getMessage());
        assertTrue(queued.isEmpty());
    }

    @Test
    void a_type_inventory_neither_handles_nor_ignores_is_refused_as_unknown() {
        EventMessage unknown = EventMessage.of("ordering.OrderExploded", 1, "{\"orderId\":\"o1\"}");

        UnhandledEventException e = assertThrows(UnhandledEventException.class, () -> handlers.prepare(commit(unknown)));

        assertEquals(UnhandledEventException.Reason.UNKNOWN_EVENT_TYPE, e.reason());
    }
}
