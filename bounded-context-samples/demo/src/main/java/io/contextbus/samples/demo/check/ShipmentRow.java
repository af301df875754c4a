package io.contextbus.samples.demo.check;

/** One row of shipping's shipments view. */
public record ShipmentRow(String orderId, String shipmentId) {
}
