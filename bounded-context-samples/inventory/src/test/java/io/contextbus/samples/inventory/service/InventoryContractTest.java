package io.contextbus.samples.inventory.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.model.EventMessage;
import io.contextbus.samples.common.contracts.InventoryContract;
import io.contextbus.samples.inventory.domain.ProductEvent;
import io.contextbus.serialization.EventCodec;
import io.contextbus.serialization.EventTypeRegistry;
import org.junit.jupiter.api.Test;

/** What inventory stores is what its published language promises to ordering. */
class InventoryContractTest {
    /** A reader of the whole published language, as a consumer registers it. */
    private static final EventCodec PUBLISHED = new EventCodec(EventTypeRegistry.builder()
            .register(InventoryContract.ProductRegistered.class)
            .register(InventoryContract.StockRestocked.class)
            .register(InventoryContract.StockReserved.class)
            .register(InventoryContract.StockReservationRejected.class)
            .register(InventoryContract.StockReleased.class)
            .build());

    @Test
    void the_wire_format_is_type_version_1_and_the_record_fields_so_stored_events_stay_readable() {
        EventMessage reserved = InventoryEvents.CODEC.encode(new ProductEvent.StockReserved("p001", "o1", 2, 3, 7));
        assertEquals(1, reserved.schemaVersion());
        assertEquals("{\"sku\":\"p001\",\"orderId\":\"o1\",\"lineNo\":2,\"quantity\":3,\"available\":7}", reserved.data());
        assertEquals(new ProductEvent.StockRestocked("p001", 5, 15), InventoryEvents.CODEC.decode(EventMessage.of(
                InventoryContract.STOCK_RESTOCKED, 1, "{\"sku\":\"p001\",\"quantity\":5,\"available\":15}"), ProductEvent.class));
    }

    @Test
    void reservation_results_read_as_the_published_records() {
        EventMessage reserved = InventoryEvents.CODEC.encode(new ProductEvent.StockReserved("p001", "o1", 2, 3, 7));
        EventMessage rejected = InventoryEvents.CODEC.encode(new ProductEvent.StockReservationRejected("p001", "o1", 2, 30, 7));
        EventMessage released = InventoryEvents.CODEC.encode(new ProductEvent.StockReleased("p001", "o1", 2, 3, 10));
        assertEquals(InventoryContract.STOCK_RESERVED, reserved.type());
        assertEquals(InventoryContract.STOCK_RESERVATION_REJECTED, rejected.type());
        assertEquals(InventoryContract.STOCK_RELEASED, released.type());
        assertEquals(new InventoryContract.StockReserved("p001", "o1", 2, 3, 7),
                PUBLISHED.decode(reserved, InventoryContract.StockReserved.class));
        assertEquals(new InventoryContract.StockReservationRejected("p001", "o1", 2, 30, 7),
                PUBLISHED.decode(rejected, InventoryContract.StockReservationRejected.class));
        assertEquals(new InventoryContract.StockReleased("p001", "o1", 2, 3, 10),
                PUBLISHED.decode(released, InventoryContract.StockReleased.class));
    }

    @Test
    void stock_events_read_as_the_published_records() {
        EventMessage registered = InventoryEvents.CODEC.encode(new ProductEvent.ProductRegistered("p001", 10));
        EventMessage restocked = InventoryEvents.CODEC.encode(new ProductEvent.StockRestocked("p001", 5, 15));
        assertEquals(InventoryContract.PRODUCT_REGISTERED, registered.type());
        assertEquals(InventoryContract.STOCK_RESTOCKED, restocked.type());
        assertEquals(new InventoryContract.ProductRegistered("p001", 10),
                PUBLISHED.decode(registered, InventoryContract.ProductRegistered.class));
        assertEquals(new InventoryContract.StockRestocked("p001", 5, 15),
                PUBLISHED.decode(restocked, InventoryContract.StockRestocked.class));
    }
}
