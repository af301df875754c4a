package io.contextbus.samples.inventory.service;

import io.contextbus.samples.common.contracts.InventoryContract;
import io.contextbus.samples.inventory.domain.ProductEvent;
import io.contextbus.serialization.EventCodec;
import io.contextbus.serialization.EventTypeRegistry;

/**
 * Inventory's stored events: each domain record under its published type name ({@link InventoryContract}),
 * schema version 1, its fields as JSON. The domain records stay free of framework annotations, so
 * they are registered by name here; a new schema version would add an {@code Upcaster} here.
 */
final class InventoryEvents {
    static final EventCodec CODEC = new EventCodec(EventTypeRegistry.builder()
            .register(InventoryContract.PRODUCT_REGISTERED, 1, ProductEvent.ProductRegistered.class)
            .register(InventoryContract.STOCK_RESTOCKED, 1, ProductEvent.StockRestocked.class)
            .register(InventoryContract.STOCK_RESERVED, 1, ProductEvent.StockReserved.class)
            .register(InventoryContract.STOCK_RESERVATION_REJECTED, 1, ProductEvent.StockReservationRejected.class)
            .register(InventoryContract.STOCK_RELEASED, 1, ProductEvent.StockReleased.class)
            .build());

    private InventoryEvents() {
    }
}
