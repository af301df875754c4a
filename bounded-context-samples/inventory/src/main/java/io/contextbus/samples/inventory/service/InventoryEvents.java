package io.contextbus.samples.inventory.service;

import io.contextbus.samples.common.contracts.InventoryContract;
import io.contextbus.samples.inventory.domain.ProductEvent;
import io.contextbus.samples.runtime.JsonEvents;
import java.util.List;

/** Inventory's stored event types: {@code inventory.<record name>}, schema version 1. */
final class InventoryEvents {
    static final JsonEvents<ProductEvent> EVENTS = new JsonEvents<>(InventoryContract.CONTEXT, List.of(
            ProductEvent.ProductRegistered.class,
            ProductEvent.StockRestocked.class,
            ProductEvent.StockReserved.class,
            ProductEvent.StockReservationRejected.class,
            ProductEvent.StockReleased.class));

    private InventoryEvents() {
    }
}
