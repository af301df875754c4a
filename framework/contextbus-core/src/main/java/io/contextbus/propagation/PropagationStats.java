package io.contextbus.propagation;

/**
 * Counts of a {@link DebouncedPropagation} since it started.
 *
 * @param changes  changes announced (each durable mark, and each dirty entity found at startup)
 * @param pushes   pushes the sink accepted
 * @param failures pushes that failed (each retried later)
 * @param pending  entities waiting for a push or in flight now
 */
public record PropagationStats(long changes, long pushes, long failures, int pending) {
}
