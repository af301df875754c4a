package io.contextbus.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceHeadersTest {
    private static final String VALID = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @ParameterizedTest
    @ValueSource(strings = {VALID, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00",
            "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03-more"})
    void well_formed(String value) {
        assertTrue(TraceHeaders.isValidTraceparent(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-more",
            "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01more",
            "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",
            "00-00000000000000000000000000000000-b7ad6b7169203331-01",
            "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
            "00+0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            "0g-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"})
    void malformed(String value) {
        assertFalse(TraceHeaders.isValidTraceparent(value));
    }

    @Test
    void null_is_malformed() {
        assertFalse(TraceHeaders.isValidTraceparent(null));
        assertEquals(Optional.empty(), TraceHeaders.traceparent(null));
    }

    @Test
    void tracestate_is_read_only_beside_a_well_formed_traceparent() {
        assertEquals(Optional.of("v=1"), TraceHeaders.tracestate(Map.of("traceparent", VALID, "tracestate", "v=1")));
        assertEquals(Optional.empty(), TraceHeaders.tracestate(Map.of("traceparent", "bad", "tracestate", "v=1")));
        assertEquals(Optional.empty(), TraceHeaders.tracestate(Map.of("tracestate", "v=1")));
        assertEquals(Optional.empty(), TraceHeaders.tracestate(Map.of("traceparent", VALID,
                "tracestate", "v".repeat(TraceHeaders.MAX_TRACESTATE_LENGTH + 1))));
    }
}
