package io.contextbus.replay.service.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.error.ValidationException;
import io.contextbus.replay.service.DeadLetterCounts;
import java.net.URI;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BrokerAdminCountsTest {

    @Test
    @DisplayName("reads each entity's deadLetterMessages from the admin view's JSON")
    void parses_the_admin_view() throws Exception {
        String body = "{\"ordering.events\":{\"activeMessages\":0,\"duplicatesDropped\":3},"
                + "\"ordering.events/subscriptions/shipping\":{\"activeMessages\":2,\"deadLetterMessages\":7}}";

        assertEquals(Map.of("ordering.events/subscriptions/shipping", OptionalLong.of(7)), BrokerAdminCounts.parse(body));
    }

    @Test
    @DisplayName("refuses a URL that is not plain http on a loopback address, naming the field")
    void loopback_http_only() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> DeadLetterCounts.brokerAdmin(URI.create("http://example.com:8089/counts")));
        assertEquals("countsUrl", e.field());
        assertThrows(ValidationException.class, () -> DeadLetterCounts.brokerAdmin(URI.create("https://127.0.0.1:8089/counts")));
        assertEquals("countsUrl", assertThrows(ValidationException.class, () -> DeadLetterCounts.brokerAdmin(null)).field());
    }

    @Test
    @DisplayName("an unreachable admin view makes every count unknown, not zero")
    void unreachable_is_unknown() {
        // port 9 (discard) on loopback: nothing listens there in a test run
        DeadLetterCounts counts = DeadLetterCounts.brokerAdmin(URI.create("http://127.0.0.1:9/counts"));

        assertEquals(Map.of(), counts.deadLettered());
    }
}
