package io.contextbus.samples.inventory.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.samples.inventory.domain.Product;
import io.contextbus.samples.inventory.domain.ReservationKey;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProductStateTest {
    @Test
    void aProductWithReservationsRoundTripsThroughItsSnapshotJson() {
        Product product = new Product("sku-1", true, 7,
                Map.of(new ReservationKey("order#1", 2), 3, new ReservationKey("order-2", 1), 1),
                Set.of(new ReservationKey("order-3", 4)));

        assertEquals(product, ProductState.CODEC.read(ProductState.CODEC.write(product)));
        assertEquals(Product.NONE, ProductState.CODEC.read(ProductState.CODEC.write(Product.NONE)));
    }
}
