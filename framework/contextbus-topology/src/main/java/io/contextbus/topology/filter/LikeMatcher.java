package io.contextbus.topology.filter;

import java.util.regex.Pattern;

/**
 * A compiled LIKE pattern: {@code %} any run of characters, {@code _} exactly one, the optional
 * escape character makes the next character literal. Matches the whole value, case-sensitively.
 */
final class LikeMatcher {
    private final Pattern regex;

    private LikeMatcher(Pattern regex) {
        this.regex = regex;
    }

    static LikeMatcher compile(String pattern, String escape) {
        if (escape != null && escape.length() != 1) {
            throw new EvalError("the LIKE escape must be one character but was '" + escape + "'.");
        }
        char esc = escape == null ? 0 : escape.charAt(0);
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (escape != null && c == esc) {
                if (i + 1 >= pattern.length()) {
                    throw new EvalError("the LIKE pattern '" + pattern + "' ends with its escape character.");
                }
                literal.append(pattern.charAt(++i));
            } else if (c == '%' || c == '_') {
                flush(re, literal);
                re.append(c == '%' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        flush(re, literal);
        return new LikeMatcher(Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    private static void flush(StringBuilder re, StringBuilder literal) {
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }

    boolean matches(String value) {
        return regex.matcher(value).matches();
    }
}
