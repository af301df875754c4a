package io.contextbus.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextbus.handler.Handlers;
import io.contextbus.handler.UnknownEventPolicy;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.replay.service.ReplayService;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.testkit.Await;
import io.contextbus.testkit.TestCommits;
import io.contextbus.testsupport.LocalBus;
import io.contextbus.topology.ContextBusTopology;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sample context deployed after its source already committed (nothing of it on the bus any more)
 * catches up by itself: at start it compares the source's stream heads, read through the replay
 * service, with its empty inbox, asks for exactly the missing tails, and reports ready once it has
 * applied them. The source's dispatcher never runs here, so the replay is the only way in.
 */
@DisplayName("A sample context with a replay service catches up by itself at start")
class ContextServiceCatchUpIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final ContextName SHIPPING = ContextName.of("shipping");
    private static final String TOKEN = "catch-up-it-token-0123456789abcdef";
    private static final List<StreamId> STREAMS = List.of(StreamId.of("order-1"), StreamId.of("order-2"),
            StreamId.of("order-3"));
    private static final int COMMITS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private LocalBus local;
    private ReplayService replay;
    private ContextService<Connection> shipping;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        local = LocalBus.start(ContextBusTopology.builder().context("ordering")
                .context("shipping", ContextBusTopology.consumes("ordering")).build());
        try (SqliteEventStore ordering = SqliteEventStore.open(LocalBus.storeOptions(dir.resolve("ordering")), ORDERING)) {
            for (StreamId stream : STREAMS) {
                for (int seq = 1; seq <= COMMITS; seq++) {
                    ordering.append(TestCommits.attempt(stream, seq));
                }
            }
        }
        replay = ReplayService.start(new ReplayServiceConfig(ReplayServiceConfig.Http.DEFAULT.withPort(0), TOKEN,
                dir.resolve("replay/replays.db"), ReplayServiceConfig.ServiceBus.connectionString(local.connectionString()),
                Map.of(ORDERING, ReplayServiceConfig.Context.sqliteSource(dir.resolve("ordering")),
                        SHIPPING, ReplayServiceConfig.Context.target()),
                Optional.of(local.writeTopology(dir.resolve("topology.json"))), ReplayServiceConfig.Pacing.DEFAULT, true));
    }

    @AfterEach
    void stop() {
        if (shipping != null) {
            shipping.close();
        }
        if (replay != null) {
            replay.close();
        }
        local.close();
    }

    @Test
    void a_context_deployed_after_its_source_committed_asks_for_what_it_misses_and_applies_it() throws IOException {
        shipping = startShipping(Map.of());

        Await.until(() -> STREAMS.stream().allMatch(s -> shipping.storage().inbox().lastApplied(ORDERING, s) == COMMITS),
                PATIENCE, () -> "every stream of ordering applied up to " + COMMITS + ": " + stats());
        Await.until(() -> "CAUGHT_UP".equals(stats().path("catchUp").path("state").asText()), PATIENCE,
                () -> "the catch-up done: " + stats());
        assertEquals(STREAMS.size() * COMMITS, stats().path("catchUp").path("missingCommits").asLong(),
                "it asked for exactly the commits its inbox lacked");
        Await.until(() -> get("/ready").statusCode() == 200, PATIENCE, () -> "ready once caught up: " + get("/ready").body());
        assertEquals(STREAMS.size() * COMMITS, shipping.appliedLog().read(0, 100).size(), "each commit applied once");
    }

    @Test
    void with_catch_up_off_it_runs_no_catch_up() throws IOException {
        shipping = startShipping(Map.of("CONTEXTBUS_CATCH_UP", "off"));

        Await.until(() -> get("/ready").statusCode() == 200, PATIENCE, () -> "ready: " + get("/ready").body());
        assertEquals(true, stats().path("catchUp").isMissingNode(), () -> "no catch-up reported: " + stats());
    }

    private ContextService<Connection> startShipping(Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of(
                "CONTEXTBUS_DATA_DIR", dir.resolve("shipping").toString(),
                "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", local.connectionString(),
                "CONTEXTBUS_TOPOLOGY", dir.resolve("topology.json").toString(),
                "CONTEXTBUS_HTTP_PORT", "0",
                "CONTEXTBUS_REPLAY_URL", replay.uri().toString(),
                "CONTEXTBUS_REPLAY_TOKEN", TOKEN));
        env.putAll(extra);
        ServiceSettings settings = ServiceSettings.parse("shipping", new String[0], env);
        ContextService<Connection> service = ContextService.onSqlite(settings);
        service.consume("ordering", Handlers.<Connection>builder().unknownEvents(UnknownEventPolicy.SKIP)
                .decorate(service.appliedLog()).build());
        service.start();
        return service;
    }

    private JsonNode stats() {
        try {
            return JSON.readTree(get("/stats").body());
        } catch (IOException e) {
            throw new AssertionError("/stats is not JSON", e);
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            String port = Files.readString(dir.resolve("shipping").resolve("shipping.http-port")).trim();
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("GET " + path + " failed", e);
        }
    }
}
