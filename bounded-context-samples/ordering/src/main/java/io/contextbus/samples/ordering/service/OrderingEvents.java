package io.contextbus.samples.ordering.service;

import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.ordering.domain.OrderEvent;
import io.contextbus.samples.runtime.JsonEvents;
import java.util.List;

/** Ordering's stored event types: {@code ordering.<record name>}, schema version 1. */
final class OrderingEvents {
    static final JsonEvents<OrderEvent> EVENTS = new JsonEvents<>(OrderingContract.CONTEXT, List.of(
            OrderEvent.OrderPlaced.class,
            OrderEvent.OrderLineAdded.class,
            OrderEvent.OrderConfirmationRequested.class,
            OrderEvent.OrderConfirmed.class,
            OrderEvent.OrderCancelled.class));

    private OrderingEvents() {
    }
}
