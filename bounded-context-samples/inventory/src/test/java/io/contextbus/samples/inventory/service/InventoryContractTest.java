package io.contextbus.samples.inventory.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.model.EventMessage;
import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.common.contracts.InventoryContract;
import io.contextbus.samples.inventory.domain.ProductEvent;
import org.junit.jupiter.api.Test;

/** What inventory stores is what its published language promises to ordering. */
class InventoryContractTest {

    @Test
    void reservation_results_read_as_the_published_records() {
        EventMessage reserved = InventoryEvents.EVENTS.encode(new ProductEvent.StockReserved("p001", "o1", 2, 3, 7));
        EventMessage rejected = InventoryEvents.EVENTS.encode(new ProductEvent.StockReservationRejected("p001", "o1", 2, 30, 7));
        EventMessage released = InventoryEvents.EVENTS.encode(new ProductEvent.StockReleased("p001", "o1", 2, 3, 10));
        assertEquals(InventoryContract.STOCK_RESERVED, reserved.type());
        assertEquals(InventoryContract.STOCK_RESERVATION_REJECTED, rejected.type());
        assertEquals(InventoryContract.STOCK_RELEASED, released.type());
        assertEquals(new InventoryContract.StockReserved("p001", "o1", 2, 3, 7),
                ContractJson.read(reserved.data(), InventoryContract.StockReserved.class));
        assertEquals(new InventoryContract.StockReservationRejected("p001", "o1", 2, 30, 7),
                ContractJson.read(rejected.data(), InventoryContract.StockReservationRejected.class));
        assertEquals(new InventoryContract.StockReleased("p001", "o1", 2, 3, 10),
                ContractJson.read(released.data(), InventoryContract.StockReleased.class));
    }

    @Test
    void stock_events_read_as_the_published_records() {
        EventMessage registered = InventoryEvents.EVENTS.encode(new ProductEvent.ProductRegistered("p001", 10));
        EventMessage restocked = InventoryEvents.EVENTS.encode(new ProductEvent.StockRestocked("p001", 5, 15));
        assertEquals(InventoryContract.PRODUCT_REGISTERED, registered.type());
        assertEquals(InventoryContract.STOCK_RESTOCKED, restocked.type());
        assertEquals(new InventoryContract.ProductRegistered("p001", 10),
                ContractJson.read(registered.data(), InventoryContract.ProductRegistered.class));
        assertEquals(new InventoryContract.StockRestocked("p001", 5, 15),
                ContractJson.read(restocked.data(), InventoryContract.StockRestocked.class));
    }
}
