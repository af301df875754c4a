package io.contextbus.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextbus.handler.Handlers;
import io.contextbus.handler.UnknownEventPolicy;
import io.contextbus.servicebus.HealthOptions;
import io.contextbus.testkit.Await;
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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sample context's {@code /health} and {@code /ready} over the local broker: 200 UP while the
 * broker answers, 503 DOWN (naming the broker and the consumer) while its network is stopped, 200
 * UP again once it is back, without a restart.
 */
@DisplayName("A sample context's /health follows the broker")
class ContextServiceHealthIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private LocalBus local;
    private ContextService<Connection> shipping;
    private String url;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        local = LocalBus.start(ContextBusTopology.builder().context("ordering")
                .context("shipping", ContextBusTopology.consumes("ordering")).build());
        Path topology = local.writeTopology(dir.resolve("topology.json"));
        ServiceSettings settings = ServiceSettings.parse("shipping", new String[0], Map.of(
                "CONTEXTBUS_DATA_DIR", dir.resolve("data").toString(),
                "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", local.connectionString(),
                "CONTEXTBUS_TOPOLOGY", topology.toString(),
                "CONTEXTBUS_HTTP_PORT", "0"));
        // the broker is judged DOWN after seconds instead of the default 40 (probe every 10 s, 30 s to answer)
        shipping = ContextService.onSqlite(settings).healthOptions(HealthOptions.DEFAULT
                .withBrokerProbeInterval(Duration.ofMillis(500)).withBrokerProbeTimeout(Duration.ofSeconds(5))
                .withConsumerErrorWindow(Duration.ofSeconds(5)));
        shipping.consume("ordering", Handlers.<Connection>builder().unknownEvents(UnknownEventPolicy.SKIP).build());
        shipping.start();
        url = "http://127.0.0.1:" + Files.readString(settings.portFile()).trim();
    }

    @AfterEach
    void stop() {
        if (shipping != null) {
            shipping.close();
        }
        local.close();
    }

    @Test
    void health_and_readiness_go_down_with_the_broker_and_up_again() {
        Await.until(() -> get("/health").statusCode() == 200, PATIENCE, () -> "UP at first: " + get("/health").body());
        JsonNode up = json(get("/health"));
        assertEquals("shipping", up.path("context").asText());
        assertEquals("UP", up.path("components").path("consumer.ordering").path("status").asText());
        Await.until(() -> get("/ready").statusCode() == 200, PATIENCE, () -> "ready: " + get("/ready").body());

        local.broker().stopNetwork();
        Await.until(() -> get("/health").statusCode() == 503, PATIENCE, () -> "DOWN while the broker is away: "
                + get("/health").body());
        Await.until(() -> "DOWN".equals(json(get("/health")).path("components").path("broker").path("status").asText())
                        && "DOWN".equals(json(get("/health")).path("components").path("consumer.ordering").path("status").asText()),
                PATIENCE, () -> "the broker and the consumer named: " + get("/health").body());
        assertEquals(503, get("/ready").statusCode(), "not ready while unhealthy");

        local.broker().startNetwork();
        Await.until(() -> get("/health").statusCode() == 200, PATIENCE, () -> "UP again: " + get("/health").body());
        Await.until(() -> get("/ready").statusCode() == 200, PATIENCE, () -> "ready again: " + get("/ready").body());
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("GET " + path + " failed", e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }
}
