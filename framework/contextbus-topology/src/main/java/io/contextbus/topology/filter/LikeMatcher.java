package io.contextbus.topology.filter;

import java.util.regex.Pattern;

/**
 * A compiled LIKE pattern: {@code %} any run of characters, {@code _} exactly one, the optional
 * escape character makes the next character literal. Matches the whole value, case-sensitively.
 * The common shapes ({@code 'abc'}, {@code 'abc%'}, {@code '%abc'}, {@code '%abc%'}) use plain
 * string tests; anything else a regular expression.
 */
final class LikeMatcher {
    private enum Shape { EQUALS, STARTS_WITH, ENDS_WITH, CONTAINS, REGEX }

    private final Shape shape;
    private final String literal;
    private final Pattern regex;

    private LikeMatcher(Shape shape, String literal, Pattern regex) {
        this.shape = shape;
        this.literal = literal;
        this.regex = regex;
    }

    static LikeMatcher compile(String pattern, String escape) {
        if (escape != null && escape.length() != 1) {
            throw new EvalError("the LIKE escape must be one character but was '" + escape + "'.");
        }
        char esc = escape == null ? 0 : escape.charAt(0);
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        StringBuilder all = new StringBuilder();
        int percents = 0;
        boolean underscore = false;
        boolean leading = false;
        boolean trailing = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (escape != null && c == esc) {
                if (i + 1 >= pattern.length()) {
                    throw new EvalError("the LIKE pattern '" + pattern + "' ends with its escape character.");
                }
                literal.append(pattern.charAt(++i));
                all.append(pattern.charAt(i));
                trailing = false;
            } else if (c == '%' || c == '_') {
                flush(re, literal);
                re.append(c == '%' ? ".*" : ".");
                underscore |= c == '_';
                percents += c == '%' ? 1 : 0;
                leading |= i == 0 && c == '%';
                trailing = c == '%';
            } else {
                literal.append(c);
                all.append(c);
                trailing = false;
            }
        }
        flush(re, literal);
        return shaped(pattern, all.toString(), underscore, percents, leading, trailing, re.toString());
    }

    private static LikeMatcher shaped(String pattern, String literal, boolean underscore, int percents,
                                      boolean leading, boolean trailing, String regex) {
        // "%" alone is both leading and trailing with one wildcard.
        int edges = pattern.equals("%") ? 1 : (leading ? 1 : 0) + (trailing ? 1 : 0);
        if (underscore || percents != edges) {
            return new LikeMatcher(Shape.REGEX, null, Pattern.compile(regex, Pattern.DOTALL));
        }
        Shape shape = leading && trailing ? Shape.CONTAINS : leading ? Shape.ENDS_WITH
                : trailing ? Shape.STARTS_WITH : Shape.EQUALS;
        return new LikeMatcher(shape, literal, null);
    }

    private static void flush(StringBuilder re, StringBuilder literal) {
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }

    boolean matches(String value) {
        return switch (shape) {
            case EQUALS -> value.equals(literal);
            case STARTS_WITH -> value.startsWith(literal);
            case ENDS_WITH -> value.endsWith(literal);
            case CONTAINS -> value.contains(literal);
            case REGEX -> regex.matcher(value).matches();
        };
    }
}
