package io.contextbus.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
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
        assertTrue(s.catchUp(), "a context catches up by itself unless told not to");
        assertFalse(ServiceSettings.parse("ordering", new String[] {"--connection-string=c", "--catch-up=off"}).catchUp());
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
        assertEquals("'--catch-up' must be 'on' or 'off' but was 'yes'.", assertThrows(IllegalArgumentException.class,
                () -> ServiceSettings.parse("ordering", new String[] {"--connection-string=c", "--catch-up=yes"})).getMessage());
    }

    @Nested
    @DisplayName("from environment variables (the Azure way)")
    class FromEnvironment {
        private final Map<String, String> azure = Map.of(
                "CONTEXTBUS_STORE", "cosmos",
                "CONTEXTBUS_COSMOS_ENDPOINT", "https://acct.documents.azure.com:443/",
                "CONTEXTBUS_SERVICEBUS_NAMESPACE", "sb-x.servicebus.windows.net",
                "CONTEXTBUS_TOPOLOGY", "/app/topology.json",
                "CONTEXTBUS_HTTP_PORT", "8080",
                "CONTEXTBUS_REPLAY_URL", "https://replay",
                "CONTEXTBUS_REPLAY_TOKEN", "t",
                "CONTEXTBUS_HTTP_BIND", "0.0.0.0");

        @Test
        void the_container_app_variables_select_cosmos_with_the_default_credential_and_the_namespace() {
            ServiceSettings s = ServiceSettings.parse("ordering", new String[0], azure);
            assertTrue(s.onCosmos());
            CosmosSettings c = s.cosmos().orElseThrow();
            assertEquals("https://acct.documents.azure.com:443/", c.endpoint());
            assertEquals(Optional.empty(), c.key());
            assertEquals("contextbus", c.database());
            assertFalse(c.createIfMissing());
            assertEquals(Optional.of("sb-x.servicebus.windows.net"), s.namespace());
            assertNull(s.connectionString());
            assertEquals(8080, s.httpPort());
            assertEquals("0.0.0.0", s.httpHost());
            assertEquals(Path.of("/app/topology.json"), s.topologyFile());
            assertEquals(Optional.of("https://replay"), s.replayUrl());
            assertEquals(Optional.of("t"), s.replayToken());
        }

        @Test
        void locally_a_key_allows_creating_and_the_api_stays_on_the_loopback() {
            Map<String, String> env = new HashMap<>(azure);
            env.remove("CONTEXTBUS_HTTP_BIND");
            env.remove("CONTEXTBUS_SERVICEBUS_NAMESPACE");
            env.put("CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", "Endpoint=sb://localhost:1;x=y");
            env.put("CONTEXTBUS_COSMOS_KEY", "k");
            env.put("CONTEXTBUS_COSMOS_DATABASE", "db");
            ServiceSettings s = ServiceSettings.parse("ordering", new String[0], env);
            assertEquals("127.0.0.1", s.httpHost());
            assertEquals("Endpoint=sb://localhost:1;x=y", s.connectionString());
            assertEquals(Optional.empty(), s.namespace());
            assertTrue(s.cosmos().orElseThrow().createIfMissing());
            assertEquals("db", s.cosmos().orElseThrow().database());
        }

        @Test
        void arguments_win_over_variables_and_sqlite_is_the_default() {
            ServiceSettings s = ServiceSettings.parse("ordering", new String[] {"--http-port=9", "--data-dir=d"},
                    Map.of("CONTEXTBUS_HTTP_PORT", "8080", "CONTEXTBUS_DATA_DIR", "e",
                            "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", "c"));
            assertEquals(9, s.httpPort());
            assertEquals(Path.of("d"), s.dataDir());
            assertFalse(s.onCosmos());
        }

        @Test
        void bad_or_missing_values_name_the_variable() {
            assertSetting("CONTEXTBUS_SERVICEBUS_NAMESPACE", Map.of());
            assertSetting("CONTEXTBUS_SERVICEBUS_NAMESPACE", Map.of("CONTEXTBUS_SERVICEBUS_NAMESPACE", "n",
                    "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", "c"));
            assertSetting("CONTEXTBUS_STORE", Map.of("CONTEXTBUS_SERVICEBUS_NAMESPACE", "n", "CONTEXTBUS_STORE", "mongo"));
            assertSetting("CONTEXTBUS_COSMOS_ENDPOINT", Map.of("CONTEXTBUS_SERVICEBUS_NAMESPACE", "n",
                    "CONTEXTBUS_STORE", "cosmos"));
            assertSetting("CONTEXTBUS_HTTP_PORT", Map.of("CONTEXTBUS_SERVICEBUS_NAMESPACE", "n",
                    "CONTEXTBUS_HTTP_PORT", "eighty"));
            assertSetting("CONTEXTBUS_HTTP_PORT", Map.of("CONTEXTBUS_SERVICEBUS_NAMESPACE", "n",
                    "CONTEXTBUS_HTTP_PORT", "70000"));
            assertSetting("CONTEXTBUS_CATCH_UP", Map.of("CONTEXTBUS_SERVICEBUS_NAMESPACE", "n",
                    "CONTEXTBUS_CATCH_UP", "true"));
        }

        private void assertSetting(String variable, Map<String, String> env) {
            SettingException e = assertThrows(SettingException.class, () -> ServiceSettings.parse("ordering", new String[0], env));
            assertEquals(variable, e.setting());
            assertTrue(e.getMessage().contains("'" + variable + "'"), e.getMessage());
        }
    }
}
