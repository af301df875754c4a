package io.contextbus.samples.ordering.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.samples.common.domain.DomainRuleException;
import io.contextbus.samples.ordering.domain.OrderCommand.AddLine;
import io.contextbus.samples.ordering.domain.OrderCommand.CancelOrder;
import io.contextbus.samples.ordering.domain.OrderCommand.ConfirmOrder;
import io.contextbus.samples.ordering.domain.OrderCommand.PlaceOrder;
import io.contextbus.samples.ordering.domain.OrderCommand.RequestConfirmation;
import io.contextbus.samples.ordering.domain.OrderEvent.OrderCancelled;
import io.contextbus.samples.ordering.domain.OrderEvent.OrderConfirmationRequested;
import io.contextbus.samples.ordering.domain.OrderEvent.OrderConfirmed;
import io.contextbus.samples.ordering.domain.OrderEvent.OrderLineAdded;
import io.contextbus.samples.ordering.domain.OrderEvent.OrderPlaced;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OrderDeciderTest {
    private final OrderDecider decider = new OrderDecider();

    private static final OrderPlaced PLACED = new OrderPlaced("o1", "c1");
    private static final OrderLineAdded LINE_1 = new OrderLineAdded("o1", 1, "apple", 2);
    private static final OrderLineAdded LINE_2 = new OrderLineAdded("o1", 2, "pear", 1);
    private static final List<OrderLine> LINES = List.of(LINE_1.line(), LINE_2.line());
    private static final OrderConfirmationRequested REQUESTED = new OrderConfirmationRequested("o1", LINES);

    private List<OrderEvent> given(List<OrderEvent> history, OrderCommand when) {
        return decider.decide(when, decider.fold(history));
    }

    @Nested
    @DisplayName("placing and adding lines")
    class Lines {
        @Test
        void a_new_order_is_placed() {
            assertEquals(List.of(PLACED), given(List.of(), new PlaceOrder("o1", "c1")));
        }

        @Test
        void placing_twice_breaks_a_rule() {
            DomainRuleException e = assertThrows(DomainRuleException.class,
                    () -> given(List.of(PLACED), new PlaceOrder("o1", "c1")));
            assertEquals("order-exists", e.rule());
        }

        @Test
        void lines_are_numbered_in_order() {
            assertEquals(List.of(LINE_2), given(List.of(PLACED, LINE_1), new AddLine("o1", "pear", 1)));
        }

        @Test
        void a_line_cannot_be_added_to_an_unknown_order() {
            DomainRuleException e = assertThrows(DomainRuleException.class,
                    () -> given(List.of(), new AddLine("o1", "pear", 1)));
            assertEquals("order-unknown", e.rule());
        }

        @Test
        void a_line_cannot_be_added_once_submitted() {
            DomainRuleException e = assertThrows(DomainRuleException.class,
                    () -> given(List.of(PLACED, LINE_1, LINE_2, REQUESTED), new AddLine("o1", "fig", 1)));
            assertEquals("order-not-open", e.rule());
        }

        @Test
        void an_order_holds_at_most_max_lines() {
            List<OrderEvent> history = new ArrayList<>(List.of(PLACED));
            for (int i = 1; i <= OrderDecider.MAX_LINES; i++) {
                history.add(new OrderLineAdded("o1", i, "sku" + i, 1));
            }
            DomainRuleException e = assertThrows(DomainRuleException.class,
                    () -> given(history, new AddLine("o1", "fig", 1)));
            assertEquals("order-full", e.rule());
        }

        @Test
        void bad_arguments_name_the_field() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AddLine("o1", "pear", 0));
            assertEquals("'quantity' must be at least 1 but was 0.", e.getMessage());
        }
    }

    @Nested
    @DisplayName("submitting, confirming and cancelling")
    class Outcome {
        @Test
        void submitting_requests_confirmation_of_every_line() {
            assertEquals(List.of(REQUESTED), given(List.of(PLACED, LINE_1, LINE_2), new RequestConfirmation("o1")));
        }

        @Test
        void an_empty_order_cannot_be_submitted() {
            DomainRuleException e = assertThrows(DomainRuleException.class,
                    () -> given(List.of(PLACED), new RequestConfirmation("o1")));
            assertEquals("order-empty", e.rule());
        }

        @Test
        void submitting_twice_is_harmless() {
            assertEquals(List.of(), given(List.of(PLACED, LINE_1, LINE_2, REQUESTED), new RequestConfirmation("o1")));
        }

        @Test
        void an_order_awaiting_stock_is_confirmed_with_its_lines() {
            assertEquals(List.of(new OrderConfirmed("o1", LINES)),
                    given(List.of(PLACED, LINE_1, LINE_2, REQUESTED), new ConfirmOrder("o1")));
        }

        @Test
        void confirming_twice_is_harmless() {
            assertEquals(List.of(), given(List.of(PLACED, LINE_1, LINE_2, REQUESTED, new OrderConfirmed("o1", LINES)),
                    new ConfirmOrder("o1")));
        }

        @Test
        void an_open_order_cannot_be_confirmed() {
            DomainRuleException e = assertThrows(DomainRuleException.class,
                    () -> given(List.of(PLACED, LINE_1), new ConfirmOrder("o1")));
            assertEquals("order-not-awaiting-stock", e.rule());
        }

        @Test
        void cancelling_carries_the_lines_so_that_inventory_can_release_them() {
            assertEquals(List.of(new OrderCancelled("o1", "no stock", LINES)),
                    given(List.of(PLACED, LINE_1, LINE_2, REQUESTED), new CancelOrder("o1", "no stock")));
        }

        @Test
        void a_cancelled_order_is_never_confirmed() {
            List<OrderEvent> cancelled = List.of(PLACED, LINE_1, REQUESTED, new OrderCancelled("o1", "x", List.of(LINE_1.line())));
            DomainRuleException e = assertThrows(DomainRuleException.class, () -> given(cancelled, new ConfirmOrder("o1")));
            assertEquals("order-not-awaiting-stock", e.rule());
        }

        @Test
        void a_confirmed_order_is_never_cancelled() {
            List<OrderEvent> confirmed = List.of(PLACED, LINE_1, REQUESTED, new OrderConfirmed("o1", List.of(LINE_1.line())));
            DomainRuleException e = assertThrows(DomainRuleException.class,
                    () -> given(confirmed, new CancelOrder("o1", "changed my mind")));
            assertEquals("order-confirmed", e.rule());
        }

        @Test
        void cancelling_twice_is_harmless() {
            List<OrderEvent> cancelled = List.of(PLACED, new OrderCancelled("o1", "x", List.of()));
            assertEquals(List.of(), given(cancelled, new CancelOrder("o1", "again")));
        }
    }

    @Test
    void folding_the_events_gives_status_and_lines() {
        Order order = decider.fold(List.of(PLACED, LINE_1, LINE_2, REQUESTED));
        assertEquals(new Order("o1", "c1", OrderStatus.AWAITING_STOCK, LINES), order);
    }
}
