package io.contextbus.samples.ordering.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.samples.ordering.domain.Order;
import io.contextbus.samples.ordering.domain.OrderLine;
import io.contextbus.samples.ordering.domain.OrderStatus;
import io.contextbus.samples.runtime.JsonStateCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderStateTest {
    @Test
    void anOrderRoundTripsThroughItsSnapshotJson() {
        JsonStateCodec<Order> codec = JsonStateCodec.of(Order.class, 1);
        Order order = new Order("o-1", "c-1", OrderStatus.AWAITING_STOCK, List.of(new OrderLine(1, "sku-1", 2), new OrderLine(2, "sku-2", 1)));

        assertEquals(order, codec.read(codec.write(order)));
        assertEquals(Order.NONE, codec.read(codec.write(Order.NONE)));
    }
}
