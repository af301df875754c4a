package io.contextbus.replay.service;

import static io.contextbus.replay.service.ReplayTestbed.ORDERING;
import static io.contextbus.replay.service.ReplayTestbed.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.observation.ContextBusObserver;
import io.contextbus.replay.ReplayJson;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.servicebus.HealthOptions;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.testkit.Await;
import io.contextbus.testkit.TestCommits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay service's {@code GET /health} follows Service Bus: 200 UP while the broker answers, 503
 * DOWN (naming the broker) while its network is stopped, 200 UP again once it is back. And its
 * observer hears each replay's progress and end.
 */
@DisplayName("Replay service health follows the broker; replays report progress")
class ReplayServiceHealthIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path dir;
    private ReplayTestbed bed;
    private ReplayService service;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong progressed = new AtomicLong();
    private final Map<String, String> ended = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        bed = new ReplayTestbed(dir);
        TestCommits.attempts(StreamId.of("order-1"), 4).forEach(bed.sources.get(ORDERING)::append);
        ReplayServiceConfig config = bed.config(ReplayServiceConfig.Pacing.DEFAULT);
        ContextBusObserver observer = new ContextBusObserver() {
            @Override
            public void replayProgress(ContextName target, ContextName source, String replayId, int commits, long sent,
                                       long planned) {
                progressed.addAndGet(commits);
            }

            @Override
            public void replayEnded(ContextName target, String replayId, String state) {
                ended.put(replayId, state);
            }
        };
        service = ReplayService.start(config, new ConfiguredSourceStores(config.contexts()),
                new ServiceBusReplayTransport(new ServiceBusClientBuilder().connectionString(bed.bus.connectionString()),
                        s -> SessionStrategy.PER_STREAM),
                DeadLetterCounts.NONE, observer, HealthOptions.DEFAULT.withBrokerProbeInterval(Duration.ofMillis(500))
                        .withBrokerProbeTimeout(Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        service.close();
        bed.close();
    }

    @Test
    void health_goes_down_with_the_broker_and_up_again() {
        Await.until(() -> health().statusCode() == 200, PATIENCE, () -> "UP at first: " + health().body());
        assertEquals("UP", ReplayJson.readTree(health().body()).path("components").path("broker").path("status").asText());

        bed.bus.stopNetwork();
        Await.until(() -> health().statusCode() == 503, PATIENCE, () -> "DOWN while the broker is away: " + health().body());
        assertEquals("DOWN", ReplayJson.readTree(health().body()).path("status").asText());
        assertEquals("DOWN", service.health().component("broker").orElseThrow().status().name());

        bed.bus.startNetwork();
        Await.until(() -> health().statusCode() == 200, PATIENCE, () -> "UP again: " + health().body());
    }

    @Test
    void a_replay_reports_its_progress_and_its_end() {
        ReplayClient client = ReplayTestbed.client(service);
        ReplayStatus s = client.submit(ReplayRequest.everything(SHIPPING, List.of(ORDERING)));
        ReplayStatus done = Await.value(() -> client.status(s.id()).filter(r -> r.state().isTerminal()), PATIENCE,
                "the replay finished");
        assertEquals(ReplayState.COMPLETED, done.state());
        Await.until(() -> ended.containsKey(s.id()), PATIENCE, "the end reported");
        assertEquals("COMPLETED", ended.get(s.id()));
        assertEquals(4, progressed.get(), "every commit sent was reported");
        assertEquals(done.sent(), progressed.get());
    }

    private HttpResponse<String> health() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(service.uri() + "/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("GET /health failed", e);
        }
    }
}
