package io.contextbus.samples.shipping.service;

import io.contextbus.samples.common.contracts.ShippingContract;
import io.contextbus.samples.shipping.domain.ShipmentEvent;
import io.contextbus.serialization.EventCodec;
import io.contextbus.serialization.EventTypeRegistry;

/**
 * Shipping's stored events: each domain record under its published type name ({@link ShippingContract}),
 * schema version 1, its fields as JSON. The domain records stay free of framework annotations, so
 * they are registered by name here; a new schema version would add an {@code Upcaster} here.
 */
final class ShippingEvents {
    static final EventCodec CODEC = new EventCodec(EventTypeRegistry.builder()
            .register(ShippingContract.SHIPMENT_CREATED, 1, ShipmentEvent.ShipmentCreated.class)
            .build());

    private ShippingEvents() {
    }
}
