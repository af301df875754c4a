package io.contextbus.samples.ordering.domain;

import io.contextbus.samples.common.domain.Require;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fulfilment process's memory of one order: the lines it must see reserved (empty until it
 * heard the confirmation request), the lines reserved and rejected so far, and what it decided.
 */
public record Fulfilment(
        String orderId,
        Optional<Set<Integer>> expectedLines,
        Set<Integer> reservedLines,
        Map<Integer, String> rejectedLines,
        Decision decision) {

    /** What the process decided for the order; it decides once. */
    public enum Decision {
        /** Waiting for the request or for more reservation results. */
        PENDING,
        /** Asked the order to confirm. */
        CONFIRM,
        /** Asked the order to cancel (a line could not be reserved). */
        CANCEL,
        /** The order reached a final state; nothing more to do. */
        CLOSED
    }

    public Fulfilment {
        Require.notBlank(orderId, "orderId");
        Require.notNull(expectedLines, "expectedLines");
        expectedLines = expectedLines.map(s -> Set.copyOf(new TreeSet<>(s)));
        reservedLines = Set.copyOf(new TreeSet<>(Require.notNull(reservedLines, "reservedLines")));
        rejectedLines = Map.copyOf(new TreeMap<>(Require.notNull(rejectedLines, "rejectedLines")));
        Require.notNull(decision, "decision");
    }

    /** An order the process has heard nothing about. */
    public static Fulfilment start(String orderId) {
        return new Fulfilment(orderId, Optional.empty(), Set.of(), Map.of(), Decision.PENDING);
    }

    /** True when the request was heard and every expected line is reserved. */
    public boolean allLinesReserved() {
        return expectedLines.map(reservedLines::containsAll).orElse(false);
    }
}
