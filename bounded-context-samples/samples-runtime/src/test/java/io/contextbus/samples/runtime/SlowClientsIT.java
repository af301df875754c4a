package io.contextbus.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.testkit.HalfSentRequests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The sample services' HTTP server: slow clients cannot silence it")
class SlowClientsIT {
    /** More than the server's warm threads (64): each half-sent request holds one while it is read. */
    private static final int HALF_SENT = 100;

    @Test
    @DisplayName("a valid request is answered while many half-sent requests are open, and the server closes those")
    void half_sent_requests_do_not_block_a_valid_one() throws Exception {
        try (JsonHttpServer server = new JsonHttpServer(0).route("GET", "/health", r -> JsonHttpServer.Response.ok(Map.of("status", "UP")))) {
            server.start();
            try (HalfSentRequests slow = HalfSentRequests.open("127.0.0.1", server.port(), "/health", HALF_SENT)) {
                // when: a valid request arrives while they are open (a generous timeout, which the old server hit)
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.port() + "/health")).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                // then: it is answered, and the half-sent connections are closed once the read bound passes
                assertEquals(200, r.statusCode(), r.body());
                slow.awaitClosedByServer(Duration.ofSeconds(60));
            }
        }
    }
}
