package io.contextbus.topology.filter;

/**
 * A compiled subscription filter: thread-safe, immutable, built once and evaluated for every
 * message. {@link #matches} is true only when the filter evaluates to TRUE; FALSE and unknown
 * (e.g. a comparison with a missing property) do not match.
 */
@FunctionalInterface
public interface MessageFilter {

    /**
     * Whether the message matches.
     *
     * @throws FilterEvaluationException when the filter cannot be evaluated for this message
     */
    boolean matches(FilterContext message);
}
