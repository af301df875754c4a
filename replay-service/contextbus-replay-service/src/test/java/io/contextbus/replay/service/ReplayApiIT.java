package io.contextbus.replay.service;

import static io.contextbus.replay.service.ReplayTestbed.BILLING;
import static io.contextbus.replay.service.ReplayTestbed.ORDERING;
import static io.contextbus.replay.service.ReplayTestbed.SHIPPING;
import static io.contextbus.replay.service.ReplayTestbed.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayJson;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.client.ReplayClient;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Replay service REST API over real HTTP on 127.0.0.1")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayApiIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int STREAMS = 3;
    private static final int COMMITS_PER_STREAM = 5;

    @TempDir
    static Path dir;
    ReplayTestbed bed;
    ReplayService service;
    ReplayClient client;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        bed = new ReplayTestbed(dir);
        for (int s = 0; s < STREAMS; s++) {
            StreamId stream = StreamId.of("order-" + s);
            TestCommits.attempts(stream, COMMITS_PER_STREAM).forEach(bed.sources.get(ORDERING)::append);
        }
        service = bed.startService(ReplayServiceConfig.Pacing.DEFAULT);
        client = ReplayTestbed.client(service);
    }

    @AfterAll
    void stop() {
        service.close();
        bed.close();
    }

    HttpResponse<String> call(String method, String path, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(service.uri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("HTTP call failed: " + method + " " + path, e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        return ReplayJson.readTree(r.body());
    }

    @Nested
    @DisplayName("authentication")
    class Auth {
        @Test
        void health_is_open() {
            // UP once the background probe of the broker has answered (DOWN, 503, until then)
            Await.until(() -> call("GET", "/health", null, null).statusCode() == 200, WAIT, "the broker probe answered");
            HttpResponse<String> r = call("GET", "/health", null, null);
            assertEquals("UP", json(r).path("status").asText());
            assertEquals("UP", json(r).path("components").path("broker").path("status").asText());
        }

        @Test
        void no_token_is_401() {
            HttpResponse<String> r = call("GET", "/replays", null, null);
            assertEquals(401, r.statusCode());
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        }

        @Test
        void wrong_token_is_401() {
            assertEquals(401, call("GET", "/replays", null, TOKEN + "x").statusCode());
            assertEquals(401, call("POST", "/replays", "{}", "nope").statusCode());
            assertEquals(401, call("GET", "/replays/whatever", null, "").statusCode());
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("not json", "{", "body"),
                Arguments.of("an array", "[]", "body"),
                Arguments.of("unknown field", "{\"target\":\"shipping\",\"sources\":[\"ordering\"],\"colour\":1}", "colour"),
                Arguments.of("missing target", "{\"sources\":[\"ordering\"]}", "target"),
                Arguments.of("target not a name", "{\"target\":\"Ship ping\",\"sources\":[\"ordering\"]}", "target"),
                Arguments.of("unknown target", "{\"target\":\"nowhere\",\"sources\":[\"ordering\"]}", "target"),
                Arguments.of("missing sources", "{\"target\":\"shipping\"}", "sources"),
                Arguments.of("empty sources", "{\"target\":\"shipping\",\"sources\":[]}", "sources"),
                Arguments.of("sources not an array", "{\"target\":\"shipping\",\"sources\":\"ordering\"}", "sources"),
                Arguments.of("source not a string", "{\"target\":\"shipping\",\"sources\":[\"ordering\",5]}", "sources"),
                Arguments.of("target not a string", "{\"target\":5,\"sources\":[\"ordering\"]}", "target"),
                Arguments.of("unknown source", "{\"target\":\"shipping\",\"sources\":[\"nowhere\"]}", "sources"),
                Arguments.of("source the target does not consume", "{\"target\":\"billing\",\"sources\":[\"catalog\"]}", "sources"),
                Arguments.of("target among sources", "{\"target\":\"shipping\",\"sources\":[\"ordering\",\"shipping\"]}", "sources"),
                Arguments.of("unparsable since", "{\"target\":\"shipping\",\"sources\":[\"ordering\"],\"since\":\"yesterday\"}", "since"),
                Arguments.of("unparsable until", "{\"target\":\"shipping\",\"sources\":[\"ordering\"],\"until\":\"2026-13-01T00:00:00Z\"}", "until"),
                Arguments.of("since after until", "{\"target\":\"shipping\",\"sources\":[\"ordering\"],"
                        + "\"since\":\"2026-02-01T00:00:00Z\",\"until\":\"2026-01-01T00:00:00Z\"}", "until"),
                Arguments.of("empty stream id", "{\"target\":\"shipping\",\"sources\":[\"ordering\"],\"streams\":[\"\"]}", "streams"),
                Arguments.of("stream id with control char", "{\"target\":\"shipping\",\"sources\":[\"ordering\"],\"streams\":[\"a\\u0001\"]}", "streams"),
                Arguments.of("stream id not a string", "{\"target\":\"shipping\",\"sources\":[\"ordering\"],\"streams\":[7]}", "streams"),
                Arguments.of("negative fromCommitSequence", "{\"target\":\"shipping\",\"sources\":[\"ordering\"],\"fromCommitSequence\":-1}", "fromCommitSequence"),
                Arguments.of("fractional fromCommitSequence", "{\"target\":\"shipping\",\"sources\":[\"ordering\"],\"fromCommitSequence\":1.5}", "fromCommitSequence"),
                Arguments.of("dryRun not a boolean", "{\"target\":\"shipping\",\"sources\":[\"ordering\"],\"dryRun\":\"yes\"}", "dryRun"));
    }

    @ParameterizedTest(name = "{0} -> 400 naming {2}")
    @MethodSource("malformed")
    @DisplayName("a malformed request is 400 with a JSON body naming the field, and starts nothing")
    void malformed_request_is_400(String what, String body, String field) {
        int before = client.list().size();

        HttpResponse<String> r = call("POST", "/replays", body, TOKEN);

        assertEquals(400, r.statusCode(), r.body());
        assertEquals(field, json(r).path("field").asText(), r.body());
        assertTrue(json(r).path("message").asText().contains(field), r.body());
        assertEquals(before, client.list().size(), "no replay recorded");
    }

    @Test
    void oversized_body_is_413() {
        String huge = "{\"target\":\"shipping\",\"sources\":[\"ordering\"],\"streams\":[\"" + "x".repeat(200_000) + "\"]}";
        HttpResponse<String> r = call("POST", "/replays", huge, TOKEN);
        assertEquals(413, r.statusCode());
        assertEquals("body", json(r).path("field").asText());
    }

    @Test
    void unknown_ids_and_paths_are_404() {
        assertEquals(404, call("GET", "/replays/rdoesnotexist", null, TOKEN).statusCode());
        assertEquals(404, call("DELETE", "/replays/rdoesnotexist", null, TOKEN).statusCode());
        assertEquals(404, call("GET", "/replays/rdoesnotexist/streams?source=ordering", null, TOKEN).statusCode());
        assertEquals(404, call("GET", "/elsewhere", null, TOKEN).statusCode());
    }

    @Test
    void wrong_methods_are_405() {
        HttpResponse<String> r = call("PUT", "/replays", "{}", TOKEN);
        assertEquals(405, r.statusCode());
        assertEquals("GET, POST", r.headers().firstValue("Allow").orElse(""));
        assertEquals(405, call("POST", "/replays/some-id", "{}", TOKEN).statusCode());
        assertEquals(405, call("PATCH", "/replays/some-id", "{}", TOKEN).statusCode());
        assertEquals(405, call("POST", "/health", "{}", null).statusCode());
    }

    @Test
    @DisplayName("POST is 202 with a Location; the replay sends every planned commit to the target only")
    void accepted_replay_completes() {
        long billingBefore = bed.bus.counts(ReplayTestbed.subscription(ORDERING, BILLING)).messagesEnqueued();
        long shippingBefore = bed.bus.counts(ReplayTestbed.subscription(ORDERING, SHIPPING)).messagesEnqueued();

        HttpResponse<String> r = call("POST", "/replays", "{\"target\":\"shipping\",\"sources\":[\"ordering\"]}", TOKEN);

        assertEquals(202, r.statusCode(), r.body());
        String id = json(r).path("id").asText();
        assertEquals("/replays/" + id, r.headers().firstValue("Location").orElse(""));
        ReplayStatus done = awaitTerminal(id);
        assertEquals(ReplayState.COMPLETED, done.state(), done.toString());
        assertEquals(STREAMS * COMMITS_PER_STREAM, done.planned());
        assertEquals(STREAMS * COMMITS_PER_STREAM, done.sent());
        assertEquals(shippingBefore + STREAMS * COMMITS_PER_STREAM,
                bed.bus.counts(ReplayTestbed.subscription(ORDERING, SHIPPING)).messagesEnqueued());
        assertEquals(billingBefore, bed.bus.counts(ReplayTestbed.subscription(ORDERING, BILLING)).messagesEnqueued(),
                "billing's subscription got none of the replay");
        assertTrue(client.list().stream().anyMatch(s -> s.id().equals(id)));
        assertEquals(STREAMS, client.heads(id, ORDERING).size());
    }

    @Test
    @DisplayName("a dry run counts and sends nothing")
    void dry_run_counts_only() {
        long before = bed.bus.counts(ReplayTestbed.subscription(ORDERING, SHIPPING)).messagesEnqueued();

        ReplayStatus s = client.submit(new ReplayRequest(SHIPPING, List.of(ORDERING), java.util.Optional.empty(),
                java.util.Optional.empty(), List.of(StreamId.of("order-1")), 2, true));

        ReplayStatus done = awaitTerminal(s.id());
        assertEquals(ReplayState.COMPLETED, done.state());
        assertEquals(COMMITS_PER_STREAM - 1, done.planned());
        assertEquals(0, done.sent());
        assertEquals(before, bed.bus.counts(ReplayTestbed.subscription(ORDERING, SHIPPING)).messagesEnqueued());
    }

    ReplayStatus awaitTerminal(String id) {
        return Await.value(() -> client.status(id).filter(s -> s.state().isTerminal()), WAIT, "replay " + id + " finished");
    }
}
