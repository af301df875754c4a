package io.contextbus.samples.shipping.domain;

import io.contextbus.samples.common.domain.Decider;
import io.contextbus.samples.shipping.domain.ShipmentCommand.CreateShipment;
import io.contextbus.samples.shipping.domain.ShipmentEvent.ShipmentCreated;
import java.util.List;

/**
 * The rules of a shipment: one shipment per order, whose id is derived from the order id, so that
 * creating it again (a redelivered or replayed confirmation) causes no second shipment.
 */
public final class ShipmentDecider implements Decider<ShipmentCommand, Shipment, ShipmentEvent> {

    /** The id of the shipment of {@code orderId}. */
    public static String shipmentIdOf(String orderId) {
        return "shp-" + orderId;
    }

    @Override
    public Shipment initialState() {
        return Shipment.NONE;
    }

    @Override
    public List<ShipmentEvent> decide(ShipmentCommand command, Shipment shipment) {
        CreateShipment create = (CreateShipment) command;
        if (shipment.exists()) {
            return List.of();
        }
        return List.of(new ShipmentCreated(shipmentIdOf(create.orderId()), create.orderId(), create.lines()));
    }

    @Override
    public Shipment evolve(Shipment shipment, ShipmentEvent event) {
        ShipmentCreated created = (ShipmentCreated) event;
        return new Shipment(created.shipmentId(), created.orderId(), created.lines());
    }
}
