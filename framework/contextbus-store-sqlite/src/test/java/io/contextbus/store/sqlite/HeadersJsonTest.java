package io.contextbus.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.codec.UndecodableCommitException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersJsonTest {
    @Test
    void roundTripKeepsOrderAndAwkwardValues() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("z", "Zoë 😀 \"q\" \\");
        headers.put("a", "");
        Map<String, String> back = HeadersJson.decode(HeadersJson.encode(headers));
        assertEquals(headers, back);
        assertEquals(List.of("z", "a"), List.copyOf(back.keySet()));
    }

    @Test
    void emptyHeadersAreCheap() {
        assertEquals("{}", HeadersJson.encode(Map.of()));
        assertEquals(Map.of(), HeadersJson.decode("{}"));
    }

    @Test
    void corruptColumnIsReportedNamingTheField() {
        assertEquals("headers", assertThrows(UndecodableCommitException.class, () -> HeadersJson.decode("[1]")).field());
    }
}
