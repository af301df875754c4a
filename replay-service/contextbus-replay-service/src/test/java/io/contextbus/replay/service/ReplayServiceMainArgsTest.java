package io.contextbus.replay.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.error.ValidationException;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ReplayServiceMain's arguments are checked before anything starts")
class ReplayServiceMainArgsTest {

    @Test
    @DisplayName("--broker-counts-url must be loopback http: refused naming the field")
    void broker_counts_url_must_be_loopback_http() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> ReplayServiceMain.start(new String[]{"--broker-counts-url=http://broker.example.com/counts"}, Map.of()));
        assertEquals("countsUrl", e.field());
    }

    @Test
    @DisplayName("--broker-counts-url that is not a URL is refused naming the argument")
    void broker_counts_url_must_be_a_url() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> ReplayServiceMain.start(new String[]{"--broker-counts-url=http://[::1"}, Map.of()));
        assertEquals("broker-counts-url", e.field());
    }
}
