package io.contextbus.model;

import io.contextbus.error.ValidationException;
import java.util.regex.Pattern;

/**
 * The name of a bounded context, e.g. {@code ordering}: lower case, {@code [a-z][a-z0-9-]{1,39}}.
 * It names the context's topic ({@code <context>.events}) and its subscriptions on other topics.
 */
public record ContextName(String value) {
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9-]{1,39}");

    public ContextName {
        ValidationException.requireNonNull(value, "context");
        ValidationException.require(VALID.matcher(value).matches(), "context",
                "must match [a-z][a-z0-9-]{1,39} but was '" + printable(value) + "'.");
    }

    public static ContextName of(String value) {
        return new ContextName(value);
    }

    /** The context's own topic: {@code <context>.events}. */
    public String topicName() {
        return value + ".events";
    }

    @Override
    public String toString() {
        return value;
    }

    static String printable(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
