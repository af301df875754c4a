package io.contextbus.testkit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.io.IOException;
import java.util.Comparator;

/**
 * Compares JSON texts by meaning: whitespace and key order do not matter, numbers compare by exact
 * decimal value (so a store that rounds {@code 0.1000000000000000055511151231257827} to a double
 * fails), strings compare exactly.
 */
public final class JsonAssertions {
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private JsonAssertions() {
    }

    /** Whether the two texts hold the same JSON value. */
    public static boolean sameJson(String expected, String actual) {
        return parse(expected).equals(NUMBERS_BY_VALUE, parse(actual));
    }

    /** @throws AssertionError showing both texts when they differ in meaning */
    public static void assertSameJson(String expected, String actual, String what) {
        if (!sameJson(expected, actual)) {
            throw new AssertionError(what + " changed in the store.\n expected: " + expected + "\n actual:   " + actual);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return EXACT.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + json, e);
        }
    }
}
