package io.contextbus.samples.ordering.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.samples.ordering.domain.Fulfilment.Decision;
import io.contextbus.samples.ordering.domain.FulfilmentEvent.ConfirmationRequested;
import io.contextbus.samples.ordering.domain.FulfilmentEvent.LineRejected;
import io.contextbus.samples.ordering.domain.FulfilmentEvent.LineReserved;
import io.contextbus.samples.ordering.domain.FulfilmentEvent.OrderClosed;
import io.contextbus.samples.ordering.domain.OrderCommand.CancelOrder;
import io.contextbus.samples.ordering.domain.OrderCommand.ConfirmOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FulfilmentProcessTest {
    private final FulfilmentProcess process = new FulfilmentProcess();

    private static final ConfirmationRequested REQUESTED = new ConfirmationRequested("o1", List.of(1, 2, 3));
    private static final LineReserved R1 = new LineReserved("o1", 1);
    private static final LineReserved R2 = new LineReserved("o1", 2);
    private static final LineReserved R3 = new LineReserved("o1", 3);
    private static final LineRejected X2 = new LineRejected("o1", 2, "pear", 5, 1);

    /** Feeds the events in order and returns every command issued, and the last state. */
    private FulfilmentProcess.Step run(List<FulfilmentEvent> events) {
        Fulfilment state = Fulfilment.start("o1");
        List<OrderCommand> commands = new ArrayList<>();
        for (FulfilmentEvent event : events) {
            FulfilmentProcess.Step step = process.handle(state, event);
            state = step.state();
            commands.addAll(step.commands());
        }
        return new FulfilmentProcess.Step(state, commands);
    }

    /** Every order of {@code events}. */
    private static List<List<FulfilmentEvent>> permutations(List<FulfilmentEvent> events) {
        if (events.size() <= 1) {
            return List.of(events);
        }
        List<List<FulfilmentEvent>> all = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            List<FulfilmentEvent> rest = new ArrayList<>(events);
            FulfilmentEvent first = rest.remove(i);
            for (List<FulfilmentEvent> tail : permutations(rest)) {
                List<FulfilmentEvent> p = new ArrayList<>();
                p.add(first);
                p.addAll(tail);
                all.add(p);
            }
        }
        return all;
    }

    @Nested
    @DisplayName("in the expected order")
    class InOrder {
        @Test
        void confirms_once_every_line_is_reserved() {
            FulfilmentProcess.Step step = run(List.of(REQUESTED, R1, R2, R3));
            assertEquals(List.of(new ConfirmOrder("o1")), step.commands());
            assertEquals(Decision.CONFIRM, step.state().decision());
        }

        @Test
        void waits_while_a_line_is_missing() {
            FulfilmentProcess.Step step = run(List.of(REQUESTED, R1, R3));
            assertEquals(List.of(), step.commands());
            assertEquals(Decision.PENDING, step.state().decision());
        }

        @Test
        void cancels_when_a_line_is_rejected_naming_it() {
            FulfilmentProcess.Step step = run(List.of(REQUESTED, R1, X2));
            assertEquals(List.of(new CancelOrder("o1", "out of stock: line 2 pear (wanted 5, 1 available)")),
                    step.commands());
        }
    }

    @Nested
    @DisplayName("out of order across streams")
    class OutOfOrder {
        @Test
        void reservations_heard_before_the_request_confirm_when_the_request_arrives() {
            FulfilmentProcess.Step beforeRequest = run(List.of(R3, R1, R2));
            assertEquals(List.of(), beforeRequest.commands(), "cannot confirm before knowing which lines to wait for");

            FulfilmentProcess.Step step = run(List.of(R3, R1, R2, REQUESTED));
            assertEquals(List.of(new ConfirmOrder("o1")), step.commands());
        }

        @Test
        void a_rejection_heard_before_the_request_cancels_at_once() {
            FulfilmentProcess.Step step = run(List.of(X2));
            assertEquals(1, step.commands().size());
            assertTrue(step.commands().get(0) instanceof CancelOrder);
        }

        @Test
        void every_arrival_order_of_a_fully_reserved_order_confirms_exactly_once() {
            for (List<FulfilmentEvent> order : permutations(List.of(REQUESTED, R1, R2, R3))) {
                assertEquals(List.of(new ConfirmOrder("o1")), run(order).commands(), "arrival order " + order);
            }
        }

        @Test
        void every_arrival_order_with_a_rejection_cancels_exactly_once_and_never_confirms() {
            for (List<FulfilmentEvent> order : permutations(List.of(REQUESTED, R1, X2, R3))) {
                List<OrderCommand> commands = run(order).commands();
                assertEquals(1, commands.size(), "arrival order " + order);
                assertTrue(commands.get(0) instanceof CancelOrder, "arrival order " + order);
            }
        }

        @Test
        void a_reservation_heard_after_the_cancel_decision_issues_nothing_more() {
            FulfilmentProcess.Step step = run(List.of(REQUESTED, X2, R1, R3));
            assertEquals(1, step.commands().size());
            assertEquals(Decision.CANCEL, step.state().decision());
        }
    }

    @Nested
    @DisplayName("duplicates and closed orders")
    class Idempotence {
        @Test
        void duplicated_events_confirm_once() {
            FulfilmentProcess.Step step = run(List.of(R1, R1, REQUESTED, R2, REQUESTED, R2, R3, R3));
            assertEquals(List.of(new ConfirmOrder("o1")), step.commands());
        }

        @Test
        void an_order_the_customer_cancelled_is_left_alone() {
            FulfilmentProcess.Step step = run(List.of(REQUESTED, new OrderClosed("o1", OrderStatus.CANCELLED), R1, R2, R3));
            assertEquals(List.of(), step.commands());
            assertEquals(Decision.CLOSED, step.state().decision());
        }

        @Test
        void an_event_for_another_order_is_refused() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> process.handle(Fulfilment.start("o1"), new LineReserved("o2", 1)));
            assertTrue(e.getMessage().startsWith("'event' is for order o2"));
        }

        @Test
        void closed_requires_a_final_status() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new OrderClosed("o1", OrderStatus.OPEN));
            assertEquals("'finalStatus' must be CONFIRMED or CANCELLED but was OPEN.", e.getMessage());
        }
    }
}
