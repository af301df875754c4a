package io.contextbus.replay.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.store.cosmos.CosmosStoreOptions;
import io.contextbus.topology.ContextBusTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ReplayServiceConfig from the CONTEXTBUS_* environment variables")
class EnvironmentConfigTest {
    static final ContextName ORDERING = ContextName.of("ordering");
    static final ContextName SHIPPING = ContextName.of("shipping");
    static final String TOKEN = "0123456789abcdefXYZ";

    @TempDir
    Path dir;
    Path topology;

    @BeforeEach
    void given_a_topology() throws IOException {
        topology = Files.writeString(dir.resolve("topology.json"), ContextBusTopology.builder().context("ordering")
                .context("shipping", ContextBusTopology.consumes("ordering")).build().toJson());
    }

    /** What the Bicep sets on the container app, with a key as locally. */
    Map<String, String> azureLike() {
        Map<String, String> env = new HashMap<>();
        env.put("CONTEXTBUS_SERVICEBUS_NAMESPACE", "sb-x.servicebus.windows.net");
        env.put("CONTEXTBUS_COSMOS_ENDPOINT", "https://cosmos-x.documents.azure.com:443/");
        env.put("CONTEXTBUS_TOPOLOGY", topology.toString());
        env.put("CONTEXTBUS_HTTP_PORT", "8080");
        env.put("CONTEXTBUS_HTTP_BIND", "0.0.0.0");
        env.put("CONTEXTBUS_REPLAY_TOKEN", TOKEN);
        return env;
    }

    @Test
    @DisplayName("on Azure: contexts from the topology, sources and registry on Cosmos DB with a credential, nothing created")
    void azure_configuration() {
        ReplayServiceConfig c = ReplayServiceConfig.fromEnvironment(azureLike());

        assertEquals("0.0.0.0", c.http().host());
        assertEquals(8080, c.http().port());
        assertEquals(TOKEN, c.authToken());
        assertEquals(Optional.of("sb-x.servicebus.windows.net"), c.serviceBus().namespace());
        assertEquals(Optional.of(topology), c.topologyFile());
        CosmosStoreOptions ordering = c.contexts().get(ORDERING).cosmos().orElseThrow();
        assertEquals("contextbus", ordering.database());
        assertEquals("events-ordering", ordering.containerName("ordering"));
        assertNull(ordering.key());
        assertNotNull(ordering.credential());
        assertFalse(ordering.createIfMissing());
        assertTrue(c.contexts().containsKey(SHIPPING), "a subscriber is a target");
        CosmosStoreOptions registry = c.cosmosRegistry().orElseThrow();
        assertFalse(registry.createIfMissing(), "on Azure the service never creates containers");
        assertEquals(ReplayServiceConfig.DEFAULT_LEASE, c.lease());
    }

    @Test
    @DisplayName("CONTEXTBUS_STORE, set on every app by the Bicep, agrees with the store the other variables give")
    void store_variable_agrees() {
        Map<String, String> env = azureLike();
        env.put("CONTEXTBUS_STORE", "cosmos");
        assertTrue(ReplayServiceConfig.fromEnvironment(env).cosmosRegistry().isPresent());
        env.put("CONTEXTBUS_STORE", "sqlite");
        env.remove("CONTEXTBUS_COSMOS_ENDPOINT");
        env.put("CONTEXTBUS_DATA_DIR", dir.toString());
        assertEquals(Optional.empty(), ReplayServiceConfig.fromEnvironment(env).cosmosRegistry());
    }

    @Test
    @DisplayName("locally: a connection string, a key (the registry may create its container), a database, a lease")
    void local_configuration() {
        Map<String, String> env = azureLike();
        env.remove("CONTEXTBUS_SERVICEBUS_NAMESPACE");
        env.remove("CONTEXTBUS_HTTP_BIND");
        env.put("CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", "Endpoint=sb://localhost:5672;SharedAccessKeyName=l;SharedAccessKey=l");
        env.put("CONTEXTBUS_COSMOS_KEY", "a-key");
        env.put("CONTEXTBUS_COSMOS_DATABASE", "tests");
        env.put("CONTEXTBUS_REPLAY_LEASE", "PT5S");

        ReplayServiceConfig c = ReplayServiceConfig.fromEnvironment(env);

        assertEquals("127.0.0.1", c.http().host(), "binds to all interfaces only when told");
        assertTrue(c.serviceBus().connectionString().isPresent());
        assertEquals("a-key", c.contexts().get(ORDERING).cosmos().orElseThrow().key());
        assertFalse(c.contexts().get(ORDERING).cosmos().orElseThrow().createIfMissing(), "sources are only read");
        assertTrue(c.cosmosRegistry().orElseThrow().createIfMissing());
        assertEquals("tests", c.cosmosRegistry().orElseThrow().database());
        assertEquals(Duration.ofSeconds(5), c.lease());
        assertEquals(SessionStrategy.perStream(), c.contexts().get(ORDERING).sessions(), "per stream by default");
    }

    @Test
    @DisplayName("CONTEXTBUS_REPLAY_SESSIONS: every context's live session strategy, so replays keep a consumer's sessions")
    void session_strategy() {
        Map<String, String> env = azureLike();
        env.put("CONTEXTBUS_REPLAY_SESSIONS", "buckets:16");

        ReplayServiceConfig c = ReplayServiceConfig.fromEnvironment(env);

        assertEquals(SessionStrategy.buckets(16), c.contexts().get(ORDERING).sessions());
        assertEquals(SessionStrategy.buckets(16), c.contexts().get(SHIPPING).sessions());
    }

    @Test
    @DisplayName("with CONTEXTBUS_DATA_DIR instead of Cosmos DB: SQLite sources and registry in that folder")
    void sqlite_configuration() {
        Map<String, String> env = azureLike();
        env.remove("CONTEXTBUS_COSMOS_ENDPOINT");
        env.put("CONTEXTBUS_DATA_DIR", dir.toString());

        ReplayServiceConfig c = ReplayServiceConfig.fromEnvironment(env);

        assertEquals(Optional.of(dir), c.contexts().get(ORDERING).sqliteDirectory());
        assertEquals(Optional.empty(), c.cosmosRegistry());
        assertEquals(dir.resolve("replay-service").resolve("replays.db"), c.dataFile());
    }

    @Test
    @DisplayName("a missing or bad value is refused naming the variable")
    void bad_values_are_named() {
        assertRefused("CONTEXTBUS_REPLAY_TOKEN", env -> env.remove("CONTEXTBUS_REPLAY_TOKEN"));
        assertRefused("CONTEXTBUS_REPLAY_TOKEN", env -> env.put("CONTEXTBUS_REPLAY_TOKEN", "short"));
        assertRefused("CONTEXTBUS_TOPOLOGY", env -> env.remove("CONTEXTBUS_TOPOLOGY"));
        assertRefused("CONTEXTBUS_TOPOLOGY", env -> env.put("CONTEXTBUS_TOPOLOGY", dir.resolve("nope.json").toString()));
        assertRefused("CONTEXTBUS_HTTP_PORT", env -> env.put("CONTEXTBUS_HTTP_PORT", "80a"));
        assertRefused("CONTEXTBUS_HTTP_PORT", env -> env.put("CONTEXTBUS_HTTP_PORT", "70000"));
        assertRefused("CONTEXTBUS_COSMOS_ENDPOINT", env -> env.put("CONTEXTBUS_COSMOS_ENDPOINT", "http://cosmos-x/"));
        assertRefused("CONTEXTBUS_COSMOS_DATABASE", env -> env.put("CONTEXTBUS_COSMOS_DATABASE", "bad/name"));
        assertRefused("CONTEXTBUS_SERVICEBUS_NAMESPACE",
                env -> env.put("CONTEXTBUS_SERVICEBUS_NAMESPACE", "sb://sb-x.servicebus.windows.net"));
        assertRefused("CONTEXTBUS_REPLAY_SESSIONS", env -> env.put("CONTEXTBUS_REPLAY_SESSIONS", "bucket:16"));
        assertRefused("CONTEXTBUS_REPLAY_SESSIONS", env -> env.put("CONTEXTBUS_REPLAY_SESSIONS", "buckets:x"));
        assertRefused("CONTEXTBUS_REPLAY_SESSIONS", env -> env.put("CONTEXTBUS_REPLAY_SESSIONS", "buckets:0"));
        assertRefused("CONTEXTBUS_STORE", env -> env.put("CONTEXTBUS_STORE", "mongo"));
        assertRefused("CONTEXTBUS_STORE", env -> env.put("CONTEXTBUS_STORE", "sqlite"));
        assertRefused("CONTEXTBUS_COSMOS_ENDPOINT", env -> {
            env.put("CONTEXTBUS_STORE", "cosmos");
            env.remove("CONTEXTBUS_COSMOS_ENDPOINT");
            env.put("CONTEXTBUS_DATA_DIR", dir.toString());
        });
        assertRefused("CONTEXTBUS_REPLAY_LEASE", env -> env.put("CONTEXTBUS_REPLAY_LEASE", "30s"));
        assertRefused("CONTEXTBUS_REPLAY_LEASE", env -> env.put("CONTEXTBUS_REPLAY_LEASE", "PT0.5S"));
        assertRefused("CONTEXTBUS_COSMOS_KEY", env -> {
            env.remove("CONTEXTBUS_COSMOS_ENDPOINT");
            env.put("CONTEXTBUS_COSMOS_KEY", "k");
        });
    }

    @Test
    @DisplayName("both or neither of namespace and connection string, or of Cosmos DB and data folder: the error names both")
    void either_or_errors_name_both() {
        ValidationException both = refused(env -> env.put("CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", "Endpoint=sb://x"));
        assertTrue(both.getMessage().contains("CONTEXTBUS_SERVICEBUS_NAMESPACE")
                && both.getMessage().contains("CONTEXTBUS_SERVICEBUS_CONNECTION_STRING"), both.getMessage());
        ValidationException neither = refused(env -> env.remove("CONTEXTBUS_SERVICEBUS_NAMESPACE"));
        assertTrue(neither.getMessage().contains("CONTEXTBUS_SERVICEBUS_CONNECTION_STRING"), neither.getMessage());
        ValidationException noStore = refused(env -> env.remove("CONTEXTBUS_COSMOS_ENDPOINT"));
        assertTrue(noStore.getMessage().contains("CONTEXTBUS_COSMOS_ENDPOINT")
                && noStore.getMessage().contains("CONTEXTBUS_DATA_DIR"), noStore.getMessage());
    }

    @Nested
    @DisplayName("complementing a config file")
    class WithAFile {
        Path file(String json) throws IOException {
            return Files.writeString(dir.resolve("replay.json"), json);
        }

        @Test
        @DisplayName("a variable fills in what the file leaves out")
        void fills_in() throws IOException {
            Path f = file("{\"contexts\": {\"ordering\": {\"sqlite\": \"stores\"}, \"shipping\": {}}}");
            Map<String, String> env = Map.of("CONTEXTBUS_REPLAY_TOKEN", TOKEN, "CONTEXTBUS_SERVICEBUS_NAMESPACE",
                    "sb-x.servicebus.windows.net", "CONTEXTBUS_HTTP_PORT", "8080", "CONTEXTBUS_TOPOLOGY", topology.toString());

            ReplayServiceConfig c = ReplayServiceConfig.load(f, env);

            assertEquals(8080, c.http().port());
            assertEquals(Optional.of("sb-x.servicebus.windows.net"), c.serviceBus().namespace());
            assertEquals(Optional.of(topology), c.topologyFile());
            assertEquals(Optional.of(dir.resolve("stores")), c.contexts().get(ORDERING).sqliteDirectory(),
                    "the file's contexts stay");
        }

        @Test
        @DisplayName("a file without contexts takes them from the environment's topology and Cosmos DB account")
        void contexts_from_the_environment() throws IOException {
            Path f = file("{\"pacing\": {\"lanes\": 2}}");
            Map<String, String> env = azureLike();

            ReplayServiceConfig c = ReplayServiceConfig.load(f, env);

            assertEquals(2, c.pacing().lanes());
            assertTrue(c.contexts().get(ORDERING).cosmos().isPresent());
            assertTrue(c.cosmosRegistry().isPresent());
        }

        @Test
        @DisplayName("a setting given in both with different values is refused naming both")
        void conflicts_name_both() throws IOException {
            Path f = file("{\"http\": {\"port\": 8085}, \"dataFile\": \"r.db\", \"serviceBus\": {\"namespace\": \"sb-a.servicebus.windows.net\"},"
                    + " \"contexts\": {\"shipping\": {}}}");
            ValidationException port = assertThrows(ValidationException.class, () -> ReplayServiceConfig.load(f,
                    Map.of("CONTEXTBUS_REPLAY_TOKEN", TOKEN, "CONTEXTBUS_HTTP_PORT", "8080")));
            assertEquals("CONTEXTBUS_HTTP_PORT", port.field());
            assertTrue(port.getMessage().contains("'http.port'"), port.getMessage());

            ValidationException ns = assertThrows(ValidationException.class, () -> ReplayServiceConfig.load(f,
                    Map.of("CONTEXTBUS_REPLAY_TOKEN", TOKEN, "CONTEXTBUS_SERVICEBUS_NAMESPACE", "sb-b.servicebus.windows.net")));
            assertTrue(ns.getMessage().contains("'serviceBus.namespace'") && ns.getMessage().contains("CONTEXTBUS_SERVICEBUS_NAMESPACE"),
                    ns.getMessage());

            ValidationException cs = assertThrows(ValidationException.class, () -> ReplayServiceConfig.load(f,
                    Map.of("CONTEXTBUS_REPLAY_TOKEN", TOKEN, "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", "Endpoint=sb://x")));
            assertTrue(cs.getMessage().contains("'serviceBus.namespace'")
                    && cs.getMessage().contains("CONTEXTBUS_SERVICEBUS_CONNECTION_STRING"), cs.getMessage());

            ValidationException registry = assertThrows(ValidationException.class, () -> ReplayServiceConfig.load(f,
                    Map.of("CONTEXTBUS_REPLAY_TOKEN", TOKEN, "CONTEXTBUS_COSMOS_ENDPOINT", "https://c/", "CONTEXTBUS_COSMOS_KEY", "k")));
            assertTrue(registry.getMessage().contains("'dataFile'") && registry.getMessage().contains("CONTEXTBUS_COSMOS_ENDPOINT"),
                    registry.getMessage());

            Path withConnection = Files.writeString(dir.resolve("sb.json"),
                    "{\"serviceBus\": {\"connectionStringEnv\": \"MY_SB\"}, \"contexts\": {\"shipping\": {}}}");
            ValidationException sbEnv = assertThrows(ValidationException.class, () -> ReplayServiceConfig.load(withConnection,
                    Map.of("CONTEXTBUS_REPLAY_TOKEN", TOKEN, "MY_SB", "Endpoint=sb://x", "CONTEXTBUS_SERVICEBUS_NAMESPACE",
                            "sb-b.servicebus.windows.net")));
            assertTrue(sbEnv.getMessage().contains("'serviceBus.connectionStringEnv'")
                    && sbEnv.getMessage().contains("CONTEXTBUS_SERVICEBUS_NAMESPACE"), sbEnv.getMessage());

            assertEquals(8085, ReplayServiceConfig.load(f, Map.of("CONTEXTBUS_REPLAY_TOKEN", TOKEN,
                    "CONTEXTBUS_HTTP_PORT", "8085")).http().port(), "the same value in both is fine");
        }
    }

    private void assertRefused(String variable, java.util.function.Consumer<Map<String, String>> change) {
        ValidationException e = refused(change);
        assertEquals(variable, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(variable), e.getMessage());
    }

    private ValidationException refused(java.util.function.Consumer<Map<String, String>> change) {
        Map<String, String> env = azureLike();
        change.accept(env);
        return assertThrows(ValidationException.class, () -> ReplayServiceConfig.fromEnvironment(env));
    }
}
