package io.contextbus.samples.shipping.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.samples.runtime.JsonStateCodec;
import io.contextbus.samples.shipping.domain.Shipment;
import io.contextbus.samples.shipping.domain.ShipmentLine;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShipmentStateTest {
    @Test
    void aShipmentRoundTripsThroughItsSnapshotJson() {
        JsonStateCodec<Shipment> codec = JsonStateCodec.of(Shipment.class, 1);
        Shipment shipment = new Shipment("s-1", "o-1", List.of(new ShipmentLine("sku-1", 2)));

        assertEquals(shipment, codec.read(codec.write(shipment)));
        assertEquals(Shipment.NONE, codec.read(codec.write(Shipment.NONE)));
    }
}
