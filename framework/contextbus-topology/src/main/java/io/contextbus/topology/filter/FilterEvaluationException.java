package io.contextbus.topology.filter;

/**
 * A filter could not be evaluated against one message: arithmetic on a non-number, division by
 * zero, a LIKE escape that is not one character. Service Bus dead-letters such a message on
 * subscriptions with {@code DeadLetteringOnFilterEvaluationExceptions}; otherwise the rule does not
 * match. Never transient: the same message fails the same way.
 */
public class FilterEvaluationException extends RuntimeException {
    private final String expression;

    public FilterEvaluationException(String expression, String message) {
        super("Cannot evaluate filter '" + expression + "': " + message);
        this.expression = expression;
    }

    /** The filter, as written. */
    public String expression() {
        return expression;
    }

    /** Always false. */
    public boolean isTransient() {
        return false;
    }
}
