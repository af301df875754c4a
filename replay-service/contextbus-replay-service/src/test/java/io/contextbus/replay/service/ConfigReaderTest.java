package io.contextbus.replay.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.identity.DefaultAzureCredential;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.store.cosmos.CosmosStoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
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

    @Nested
    @DisplayName("contexts.<name>.cosmos")
    class CosmosSource {
        private final Map<String, String> env = Map.of("CONTEXTBUS_REPLAY_TOKEN", "0123456789abcdefXYZ",
                "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", "x", "ORDERING_COSMOS_KEY", "a2V5LWZvci10ZXN0cw==");

        private ReplayServiceConfig load(String ordering) throws IOException {
            return ReplayServiceConfig.load(write("{\"contexts\": {\"ordering\": " + ordering + ", \"shipping\": {}}}"), env);
        }

        private void assertRefused(String field, String ordering) {
            ValidationException e = assertThrows(ValidationException.class, () -> load(ordering));
            assertEquals(field, e.field(), e.getMessage());
            assertTrue(e.getMessage().startsWith("'" + field + "'"), e.getMessage());
        }

        @Test
        @DisplayName("endpoint, database, container prefix and the key from the environment variable keyEnv names")
        void withAKey() throws IOException {
            ReplayServiceConfig c = load("""
                    {"cosmos": {"endpoint": "https://acct.documents.azure.com:443/", "database": "shop",
                                "containerPrefix": "ev-", "keyEnv": "ORDERING_COSMOS_KEY"}, "sessions": "buckets:8"}
                    """);

            ReplayServiceConfig.Context ordering = c.contexts().get(ContextName.of("ordering"));
            CosmosStoreOptions o = ordering.cosmos().orElseThrow();
            assertEquals("https://acct.documents.azure.com:443/", o.endpoint());
            assertEquals("shop", o.database());
            assertEquals("ev-ordering", o.containerName("ordering"));
            assertEquals("a2V5LWZvci10ZXN0cw==", o.key());
            assertNull(o.credential());
            assertFalse(o.createIfMissing(), "a source never creates containers");
            assertEquals(Optional.empty(), ordering.sqliteDirectory());
            assertEquals(SessionStrategy.buckets(8), ordering.sessions());
            assertTrue(ordering.isSource());
            assertFalse(c.contexts().get(ContextName.of("shipping")).isSource());
        }

        @Test
        @DisplayName("without keyEnv: DefaultAzureCredential and the store's default database and container prefix")
        void withoutAKey() throws IOException {
            CosmosStoreOptions o = load("{\"cosmos\": {\"endpoint\": \"https://acct.documents.azure.com:443/\"}}")
                    .contexts().get(ContextName.of("ordering")).cosmos().orElseThrow();

            assertNull(o.key());
            assertInstanceOf(DefaultAzureCredential.class, o.credential());
            CosmosStoreOptions defaults = CosmosStoreOptions.builder().endpoint(o.endpoint()).credential(o.credential()).build();
            assertEquals(defaults.database(), o.database());
            assertEquals(defaults.containerName("ordering"), o.containerName("ordering"));
        }

        @Test
        @DisplayName("sqlite and cosmos together are refused, naming the context")
        void notBothStores() {
            assertRefused("contexts.ordering",
                    "{\"sqlite\": \"stores\", \"cosmos\": {\"endpoint\": \"https://a.documents.azure.com/\"}}");
        }

        @Test
        @DisplayName("missing or bad fields are refused, naming the field")
        void badFields() {
            assertRefused("contexts.ordering.cosmos.endpoint", "{\"cosmos\": {}}");
            assertRefused("contexts.ordering.cosmos.endpoint", "{\"cosmos\": {\"endpoint\": \"http://a.documents.azure.com/\"}}");
            assertRefused("contexts.ordering.cosmos.endpoint", "{\"cosmos\": {\"endpoint\": 443}}");
            assertRefused("contexts.ordering.cosmos.database",
                    "{\"cosmos\": {\"endpoint\": \"https://a/\", \"database\": \" \"}}");
            assertRefused("contexts.ordering.cosmos.containerPrefix",
                    "{\"cosmos\": {\"endpoint\": \"https://a/\", \"containerPrefix\": false}}");
            assertRefused("contexts.ordering.cosmos.keyEnv",
                    "{\"cosmos\": {\"endpoint\": \"https://a/\", \"keyEnv\": \"NOT_SET_ANYWHERE\"}}");
            assertRefused("contexts.ordering.cosmos.keyEnv",
                    "{\"cosmos\": {\"endpoint\": \"https://a/\", \"keyEnv\": \"\"}}");
            assertRefused("contexts.ordering.cosmos.keyenv",
                    "{\"cosmos\": {\"endpoint\": \"https://a/\", \"keyenv\": \"ORDERING_COSMOS_KEY\"}}");
            assertRefused("contexts.ordering.cosmos.key",
                    "{\"cosmos\": {\"endpoint\": \"https://a/\", \"key\": \"a secret in the file\"}}");
            assertRefused("contexts.ordering.cosmos", "{\"cosmos\": \"https://a/\"}");
        }
    }
}
