package io.contextbus.samples.ordering.service;

import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.ordering.domain.OrderEvent;
import io.contextbus.serialization.EventCodec;
import io.contextbus.serialization.EventTypeRegistry;

/**
 * Ordering's stored events: each domain record under its published type name ({@link OrderingContract}),
 * schema version 1, its fields as JSON. The domain records stay free of framework annotations, so
 * they are registered by name here; a new schema version would add an {@code Upcaster} here.
 */
final class OrderingEvents {
    static final EventCodec CODEC = new EventCodec(EventTypeRegistry.builder()
            .register(OrderingContract.ORDER_PLACED, 1, OrderEvent.OrderPlaced.class)
            .register(OrderingContract.ORDER_LINE_ADDED, 1, OrderEvent.OrderLineAdded.class)
            .register(OrderingContract.ORDER_CONFIRMATION_REQUESTED, 1, OrderEvent.OrderConfirmationRequested.class)
            .register(OrderingContract.ORDER_CONFIRMED, 1, OrderEvent.OrderConfirmed.class)
            .register(OrderingContract.ORDER_CANCELLED, 1, OrderEvent.OrderCancelled.class)
            .build());

    private OrderingEvents() {
    }
}
