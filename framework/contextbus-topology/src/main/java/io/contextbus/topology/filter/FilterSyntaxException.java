package io.contextbus.topology.filter;

/**
 * A SQL filter expression cannot be compiled: a syntax error, an unknown system property or
 * function, or a value that can never work (e.g. a number where a condition is needed). Names the
 * expression, the 0-based offset of the problem, what was expected and what was found. Never
 * transient.
 */
public class FilterSyntaxException extends RuntimeException {
    private final String expression;
    private final int position;
    private final String expected;
    private final String found;

    public FilterSyntaxException(String expression, int position, String expected, String found) {
        super("Invalid SQL filter '" + expression + "': expected " + expected + " at offset " + position
                + " but found " + found + ".");
        this.expression = expression;
        this.position = position;
        this.expected = expected;
        this.found = found;
    }

    /** The expression as written. */
    public String expression() {
        return expression;
    }

    /** 0-based offset in {@link #expression()} where the problem starts. */
    public int position() {
        return position;
    }

    /** What the parser expected there, e.g. {@code ')'} or {@code an expression}. */
    public String expected() {
        return expected;
    }

    /** What it found there, e.g. {@code 'AND'} or {@code the end of the expression}. */
    public String found() {
        return found;
    }

    /** Always false: the same expression fails the same way. */
    public boolean isTransient() {
        return false;
    }
}
