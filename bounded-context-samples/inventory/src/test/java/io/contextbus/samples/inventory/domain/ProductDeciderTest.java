package io.contextbus.samples.inventory.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.samples.common.domain.DomainRuleException;
import io.contextbus.samples.inventory.domain.ProductCommand.RegisterProduct;
import io.contextbus.samples.inventory.domain.ProductCommand.ReleaseStock;
import io.contextbus.samples.inventory.domain.ProductCommand.ReserveStock;
import io.contextbus.samples.inventory.domain.ProductCommand.Restock;
import io.contextbus.samples.inventory.domain.ProductEvent.ProductRegistered;
import io.contextbus.samples.inventory.domain.ProductEvent.StockReleased;
import io.contextbus.samples.inventory.domain.ProductEvent.StockReservationRejected;
import io.contextbus.samples.inventory.domain.ProductEvent.StockReserved;
import io.contextbus.samples.inventory.domain.ProductEvent.StockRestocked;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProductDeciderTest {
    private final ProductDecider decider = new ProductDecider();
    private static final ReservationKey O1L1 = new ReservationKey("o1", 1);
    private static final ReservationKey O2L1 = new ReservationKey("o2", 1);
    private static final ProductRegistered REGISTERED = new ProductRegistered("apple", 10);
    private static final StockReserved RESERVED_7 = new StockReserved("apple", "o1", 1, 7, 3);

    private List<ProductEvent> given(List<ProductEvent> history, ProductCommand when) {
        return decider.decide(when, decider.fold(history));
    }

    @Nested
    @DisplayName("registering and restocking")
    class Stock {
        @Test
        void a_product_is_registered_with_its_stock() {
            assertEquals(List.of(REGISTERED), given(List.of(), new RegisterProduct("apple", 10)));
        }

        @Test
        void registering_twice_breaks_a_rule() {
            assertEquals("product-exists", assertThrows(DomainRuleException.class,
                    () -> given(List.of(REGISTERED), new RegisterProduct("apple", 10))).rule());
        }

        @Test
        void restocking_adds_to_what_is_available() {
            assertEquals(List.of(new StockRestocked("apple", 5, 8)),
                    given(List.of(REGISTERED, RESERVED_7), new Restock("apple", 5)));
        }

        @Test
        void an_unknown_product_cannot_be_restocked() {
            assertEquals("product-unknown", assertThrows(DomainRuleException.class,
                    () -> given(List.of(), new Restock("apple", 5))).rule());
        }
    }

    @Nested
    @DisplayName("reserving")
    class Reserving {
        @Test
        void a_reservation_holds_its_quantity() {
            assertEquals(List.of(RESERVED_7), given(List.of(REGISTERED), new ReserveStock("apple", O1L1, 7)));
        }

        @Test
        void a_reservation_beyond_what_is_available_is_rejected_and_stock_stays() {
            assertEquals(List.of(new StockReservationRejected("apple", "o2", 1, 4, 3)),
                    given(List.of(REGISTERED, RESERVED_7), new ReserveStock("apple", O2L1, 4)));
        }

        @Test
        void an_unknown_product_rejects_so_that_the_order_can_be_cancelled() {
            assertEquals(List.of(new StockReservationRejected("kiwi", "o1", 1, 1, 0)),
                    given(List.of(), new ReserveStock("kiwi", O1L1, 1)));
        }

        @Test
        void reserving_the_same_line_again_is_harmless() {
            assertEquals(List.of(), given(List.of(REGISTERED, RESERVED_7), new ReserveStock("apple", O1L1, 7)));
        }

        @Test
        void a_rejected_line_stays_rejected_even_when_stock_comes_back() {
            List<ProductEvent> history = List.of(REGISTERED, RESERVED_7,
                    new StockReservationRejected("apple", "o2", 1, 4, 3), new StockRestocked("apple", 10, 13));
            assertEquals(List.of(), given(history, new ReserveStock("apple", O2L1, 4)));
        }
    }

    @Nested
    @DisplayName("releasing (compensation)")
    class Releasing {
        @Test
        void releasing_gives_back_what_was_held() {
            assertEquals(List.of(new StockReleased("apple", "o1", 1, 7, 10)),
                    given(List.of(REGISTERED, RESERVED_7), new ReleaseStock("apple", O1L1)));
        }

        @Test
        void releasing_twice_gives_back_once() {
            List<ProductEvent> history = List.of(REGISTERED, RESERVED_7, new StockReleased("apple", "o1", 1, 7, 10));
            assertEquals(List.of(), given(history, new ReleaseStock("apple", O1L1)));
        }

        @Test
        void releasing_a_line_never_reserved_does_nothing() {
            assertEquals(List.of(), given(List.of(REGISTERED), new ReleaseStock("apple", O2L1)));
        }

        @Test
        void a_released_line_is_never_reserved_again() {
            List<ProductEvent> history = List.of(REGISTERED, RESERVED_7, new StockReleased("apple", "o1", 1, 7, 10));
            assertEquals(List.of(), given(history, new ReserveStock("apple", O1L1, 7)));
        }
    }

    @Test
    void stock_never_goes_negative_and_is_conserved_under_random_commands() {
        Random random = new Random(42);
        Product product = decider.fold(List.of(REGISTERED));
        for (int i = 0; i < 2_000; i++) {
            ReservationKey key = new ReservationKey("o" + random.nextInt(60), 1 + random.nextInt(2));
            ProductCommand command = random.nextBoolean()
                    ? new ReserveStock("apple", key, 1 + random.nextInt(4))
                    : new ReleaseStock("apple", key);
            product = decider.fold(product, decider.decide(command, product));
            assertTrue(product.available() >= 0, "available went negative after " + command);
            assertEquals(10, product.available() + product.reserved(), "stock not conserved after " + command);
        }
    }
}
