package io.contextbus.samples.shipping.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.model.EventMessage;
import io.contextbus.samples.common.contracts.ShippingContract;
import io.contextbus.samples.shipping.domain.ShipmentEvent;
import io.contextbus.samples.shipping.domain.ShipmentLine;
import io.contextbus.serialization.EventCodec;
import io.contextbus.serialization.EventTypeRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What shipping stores is what its published language promises. */
class ShippingContractTest {

    @Test
    void a_created_shipment_reads_as_the_published_record() {
        EventMessage m = ShippingEvents.CODEC.encode(new ShipmentEvent.ShipmentCreated("shp-o1", "o1",
                List.of(new ShipmentLine("p001", 2))));
        assertEquals(ShippingContract.SHIPMENT_CREATED, m.type());
        assertEquals(1, m.schemaVersion());
        assertEquals("{\"shipmentId\":\"shp-o1\",\"orderId\":\"o1\",\"lines\":[{\"sku\":\"p001\",\"quantity\":2}]}", m.data());
        assertEquals(new ShippingContract.ShipmentCreated("shp-o1", "o1", List.of(new ShippingContract.ShippedLine("p001", 2))),
                new EventCodec(EventTypeRegistry.builder().register(ShippingContract.ShipmentCreated.class).build())
                        .decode(m, ShippingContract.ShipmentCreated.class));
    }
}
