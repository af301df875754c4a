package io.contextbus.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JsonAssertionsTest {
    @Test
    void ignoresWhitespaceAndKeyOrder() {
        assertTrue(JsonAssertions.sameJson("{\"a\": 1, \"b\": [true, null]}", "{\"b\":[true,null],\"a\":1}"));
    }

    @Test
    void comparesNumbersByExactValue() {
        assertTrue(JsonAssertions.sameJson("{\"x\": 2.50}", "{\"x\": 2.5}"));
        assertTrue(JsonAssertions.sameJson("[1e2]", "[100]"));
        assertFalse(JsonAssertions.sameJson("{\"x\": 12345678901234567890.12345678901234567890}",
                "{\"x\": 1.2345678901234567E19}"), "a rounded decimal is a different value");
    }

    @Test
    void comparesStringsExactly() {
        assertTrue(JsonAssertions.sameJson("\"h\\u00e9\"", "\"hé\""));
        assertFalse(JsonAssertions.sameJson("\"a\"", "\"A\""));
    }

    @Test
    void failsShowingBothTexts() {
        AssertionError e = assertThrows(AssertionError.class, () -> JsonAssertions.assertSameJson("[1]", "[2]", "data"));
        assertTrue(e.getMessage().contains("[1]") && e.getMessage().contains("[2]"));
    }
}
