package io.contextbus.samples.ordering.domain;

import io.contextbus.samples.ordering.domain.FulfilmentEvent.ConfirmationRequested;
import io.contextbus.samples.ordering.domain.FulfilmentEvent.LineRejected;
import io.contextbus.samples.ordering.domain.FulfilmentEvent.LineReserved;
import io.contextbus.samples.ordering.domain.Fulfilment.Decision;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The process manager that confirms an order once inventory reserved every line and cancels it
 * when one line cannot be reserved. A pure function of (state, event): it records what it hears
 * in any order, and decides at most once. A rejection cancels at once, even before the request was
 * heard; a reservation confirms only once the request said which lines to wait for. Cancelling is
 * the compensation: the {@code OrderCancelled} event carries the lines, and inventory releases
 * whatever it reserved for them. Duplicated events change nothing.
 */
public final class FulfilmentProcess {

    /** The process's new memory of the order and the commands to send to the order. */
    public record Step(Fulfilment state, List<OrderCommand> commands) {
        public Step {
            commands = List.copyOf(commands);
        }
    }

    public Step handle(Fulfilment state, FulfilmentEvent event) {
        if (!state.orderId().equals(event.orderId())) {
            throw new IllegalArgumentException("'event' is for order " + event.orderId() + " but the state is for "
                    + state.orderId() + ".");
        }
        Fulfilment next = evolve(state, event);
        if (next.decision() != Decision.PENDING) {
            return new Step(next, List.of());
        }
        if (!next.rejectedLines().isEmpty()) {
            return new Step(withDecision(next, Decision.CANCEL),
                    List.of(new OrderCommand.CancelOrder(next.orderId(), reason(next.rejectedLines()))));
        }
        if (next.allLinesReserved()) {
            return new Step(withDecision(next, Decision.CONFIRM), List.of(new OrderCommand.ConfirmOrder(next.orderId())));
        }
        return new Step(next, List.of());
    }

    private static Fulfilment evolve(Fulfilment s, FulfilmentEvent event) {
        if (event instanceof ConfirmationRequested requested) {
            return new Fulfilment(s.orderId(), Optional.of(Set.copyOf(requested.lineNos())), s.reservedLines(),
                    s.rejectedLines(), s.decision());
        }
        if (event instanceof LineReserved reserved) {
            Set<Integer> lines = new HashSet<>(s.reservedLines());
            lines.add(reserved.lineNo());
            return new Fulfilment(s.orderId(), s.expectedLines(), lines, s.rejectedLines(), s.decision());
        }
        if (event instanceof LineRejected rejected) {
            Map<Integer, String> lines = new HashMap<>(s.rejectedLines());
            lines.putIfAbsent(rejected.lineNo(), rejected.sku() + " (wanted " + rejected.requested() + ", "
                    + rejected.available() + " available)");
            return new Fulfilment(s.orderId(), s.expectedLines(), s.reservedLines(), lines, s.decision());
        }
        return withDecision(s, Decision.CLOSED);
    }

    private static Fulfilment withDecision(Fulfilment s, Decision decision) {
        return new Fulfilment(s.orderId(), s.expectedLines(), s.reservedLines(), s.rejectedLines(), decision);
    }

    private static String reason(Map<Integer, String> rejected) {
        StringBuilder b = new StringBuilder("out of stock:");
        new TreeMap<>(rejected).forEach((line, what) -> b.append(" line ").append(line).append(' ').append(what));
        return b.toString();
    }
}
