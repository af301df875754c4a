package io.contextbus.samples.shipping.service;

import io.contextbus.samples.common.contracts.ShippingContract;
import io.contextbus.samples.runtime.JsonEvents;
import io.contextbus.samples.shipping.domain.ShipmentEvent;
import java.util.List;

/** Shipping's stored event types: {@code shipping.<record name>}, schema version 1. */
final class ShippingEvents {
    static final JsonEvents<ShipmentEvent> EVENTS = new JsonEvents<>(ShippingContract.CONTEXT,
            List.of(ShipmentEvent.ShipmentCreated.class));

    private ShippingEvents() {
    }
}
