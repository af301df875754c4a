package io.contextbus.samples.shipping.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.samples.shipping.domain.ShipmentCommand.CreateShipment;
import io.contextbus.samples.shipping.domain.ShipmentEvent.ShipmentCreated;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShipmentDeciderTest {
    private final ShipmentDecider decider = new ShipmentDecider();
    private static final List<ShipmentLine> LINES = List.of(new ShipmentLine("apple", 2));

    @Test
    void a_confirmed_order_gets_a_shipment_named_after_it() {
        assertEquals(List.of(new ShipmentCreated("shp-o1", "o1", LINES)),
                decider.decide(new CreateShipment("o1", LINES), decider.initialState()));
    }

    @Test
    void a_second_create_for_the_same_order_causes_no_second_shipment() {
        Shipment shipped = decider.fold(List.of(new ShipmentCreated("shp-o1", "o1", LINES)));
        assertEquals(List.of(), decider.decide(new CreateShipment("o1", LINES), shipped));
    }

    @Test
    void a_shipment_without_lines_is_refused_naming_the_field() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CreateShipment("o1", List.of()));
        assertEquals("'lines' cannot be empty: a shipment ships something.", e.getMessage());
    }
}
