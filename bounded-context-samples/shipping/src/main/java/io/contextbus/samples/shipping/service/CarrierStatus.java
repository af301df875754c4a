package io.contextbus.samples.shipping.service;

/**
 * What shipping tells the carrier about one shipment: the status the order's events came to so far,
 * how many of the order's events are behind it, and the version (the order stream's last applied
 * commitSequence), which grows with every change.
 */
public record CarrierStatus(String shipmentId, String orderId, String status, long events, long version) {
}
