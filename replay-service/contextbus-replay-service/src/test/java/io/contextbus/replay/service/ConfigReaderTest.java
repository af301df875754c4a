package io.contextbus.replay.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.servicebus.SessionStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {
    @TempDir
    Path dir;

    Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("replay.json"), json);
    }

    @Test
    void reads_a_file_with_secrets_from_the_environment() throws IOException {
        Path file = write("""
                {"http": {"port": 9000}, "dataFile": "data/r.db", "pacing": {"commitsPerSecond": 100, "lanes": 2},
                 "resumeOnStart": false,
                 "contexts": {"ordering": {"sqlite": "stores", "sessions": "buckets:16"}, "shipping": {}}}
                """);

        ReplayServiceConfig c = ReplayServiceConfig.load(file, Map.of("CONTEXTBUS_REPLAY_TOKEN", "0123456789abcdefXYZ",
                "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", "Endpoint=sb://localhost:5672;SharedAccessKeyName=local;SharedAccessKey=local"));

        assertEquals(9000, c.http().port());
        assertEquals("127.0.0.1", c.http().host());
        assertEquals("0123456789abcdefXYZ", c.authToken());
        assertEquals(dir.resolve("data/r.db"), c.dataFile());
        assertEquals(100, c.pacing().commitsPerSecond());
        assertEquals(2, c.pacing().lanes());
        assertEquals(ReplayServiceConfig.Pacing.DEFAULT.pageSize(), c.pacing().pageSize());
        assertEquals(false, c.resumeOnStart());
        ReplayServiceConfig.Context ordering = c.contexts().get(ContextName.of("ordering"));
        assertEquals(Optional.of(dir.resolve("stores")), ordering.sqliteDirectory());
        assertEquals(SessionStrategy.buckets(16), ordering.sessions());
        assertEquals(Optional.empty(), c.contexts().get(ContextName.of("shipping")).sqliteDirectory());
        assertEquals(Optional.empty(), c.serviceBus().namespace());
    }

    @Test
    void a_namespace_needs_no_connection_string() throws IOException {
        Path file = write("{\"serviceBus\": {\"namespace\": \"ns.servicebus.windows.net\"}, \"contexts\": {\"shipping\": {}}}");

        ReplayServiceConfig c = ReplayServiceConfig.load(file, Map.of("CONTEXTBUS_REPLAY_TOKEN", "0123456789abcdefXYZ"));

        assertEquals(Optional.of("ns.servicebus.windows.net"), c.serviceBus().namespace());
    }

    @Test
    void refuses_missing_secrets_and_bad_values_naming_them() throws IOException {
        Path ok = write("{\"contexts\": {\"shipping\": {}}}");
        assertEquals("authToken", assertThrows(ValidationException.class,
                () -> ReplayServiceConfig.load(ok, Map.of())).field());
        assertEquals("serviceBus", assertThrows(ValidationException.class,
                () -> ReplayServiceConfig.load(ok, Map.of("CONTEXTBUS_REPLAY_TOKEN", "0123456789abcdefXYZ"))).field());
        assertEquals("authToken", assertThrows(ValidationException.class,
                () -> ReplayServiceConfig.load(ok, Map.of("CONTEXTBUS_REPLAY_TOKEN", "short",
                        "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", "x"))).field());
        Path badSessions = write("{\"contexts\": {\"shipping\": {\"sessions\": \"many\"}}}");
        assertEquals("contexts.shipping.sessions", assertThrows(ValidationException.class,
                () -> ReplayServiceConfig.load(badSessions, Map.of("CONTEXTBUS_REPLAY_TOKEN", "0123456789abcdefXYZ",
                        "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", "x"))).field());
    }
}
