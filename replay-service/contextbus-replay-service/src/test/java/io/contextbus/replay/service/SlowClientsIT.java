package io.contextbus.replay.service;

import static io.contextbus.replay.service.ReplayTestbed.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.testkit.HalfSentRequests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Replay service REST API: slow clients cannot silence it")
class SlowClientsIT {
    /** Far more than the API's warm threads: each half-sent request holds one while it is read. */
    private static final int HALF_SENT = 80;

    @Test
    @DisplayName("a valid request is answered while many half-sent requests are open, and the server closes those")
    void half_sent_requests_do_not_block_a_valid_one(@TempDir Path dir) throws Exception {
        try (ReplayTestbed bed = new ReplayTestbed(dir);
             ReplayService service = bed.startService(ReplayServiceConfig.Pacing.DEFAULT);
             HalfSentRequests slow = HalfSentRequests.open("127.0.0.1", service.port(), "/replays", HALF_SENT)) {
            // given: the half-sent requests, unauthenticated and never finished
            // when: a valid, authenticated request arrives (a generous timeout, which the old server hit)
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.uri() + "/replays"))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            // then: it is answered, and the half-sent connections are closed once the read bound passes
            assertEquals(200, r.statusCode(), r.body());
            slow.awaitClosedByServer(Duration.ofSeconds(60));
        }
    }
}
