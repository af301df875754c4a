package io.contextbus.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServiceSettingsTest {

    @Test
    void arguments_are_read_with_defaults_for_the_rest() {
        ServiceSettings s = ServiceSettings.parse("ordering",
                new String[] {"--data-dir=d", "--connection-string=Endpoint=sb://localhost:1;x=y", "--http-port=8081"});
        assertEquals(Path.of("d"), s.dataDir());
        assertEquals("Endpoint=sb://localhost:1;x=y", s.connectionString());
        assertEquals(8081, s.httpPort());
        assertEquals(ServiceSettings.DEFAULT_SESSION_BUCKETS, s.sessionBuckets());
        assertEquals(Path.of("d", "ordering.http-port"), s.portFile());
    }

    @Test
    void a_missing_connection_string_is_named() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceSettings.parse("ordering", new String[] {"--data-dir=d"}));
        assertEquals("'--connection-string' is required.", e.getMessage());
    }

    @Test
    void a_bad_number_or_form_is_named() {
        assertEquals("'--http-port' must be a whole number but was 'x'.", assertThrows(IllegalArgumentException.class,
                () -> ServiceSettings.parse("ordering", new String[] {"--connection-string=c", "--http-port=x"})).getMessage());
        assertEquals("'http-port' is not of the form --name=value.", assertThrows(IllegalArgumentException.class,
                () -> ServiceSettings.parse("ordering", new String[] {"http-port"})).getMessage());
    }
}
