package io.contextbus.topology.filter;

/**
 * Internal signal that a node cannot be evaluated for this message; {@link SqlFilter} turns it into a
 * {@link FilterEvaluationException} naming the expression. No stack trace: it is cheap and expected.
 */
final class EvalError extends RuntimeException {
    EvalError(String message) {
        super(message, null, false, false);
    }
}
