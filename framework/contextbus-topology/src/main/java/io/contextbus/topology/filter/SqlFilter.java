package io.contextbus.topology.filter;

/** A compiled SQL filter: the condition tree, and the text for messages and {@link #toString()}. */
final class SqlFilter implements MessageFilter {
    private final String expression;
    private final Node root;

    SqlFilter(String expression) {
        this.expression = expression;
        this.root = SqlParser.parse(expression);
    }

    @Override
    public boolean matches(FilterContext message) {
        try {
            return Boolean.TRUE.equals(root.eval(message));
        } catch (EvalError e) {
            throw new FilterEvaluationException(expression, e.getMessage());
        }
    }

    /** True when the whole filter folded to a constant (e.g. {@code 1=1}). */
    boolean isConstant() {
        return root instanceof Node.Const;
    }

    @Override
    public String toString() {
        return "SqlFilter[" + expression + "]";
    }
}
