package io.contextbus.replay.service;

import static io.contextbus.replay.service.ReplayTestbed.ORDERING;
import static io.contextbus.replay.service.ReplayTestbed.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.testkit.Await;
import io.contextbus.testkit.TestCommits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("DELETE /replays/{id} cancels a running replay")
class ReplayCancelIT {
    @TempDir
    Path dir;

    @Test
    void cancel_stops_the_replay_with_exact_counts() {
        try (ReplayTestbed bed = new ReplayTestbed(dir)) {
            for (int s = 0; s < 20; s++) {
                TestCommits.attempts(StreamId.of("slow-" + s), 50).forEach(bed.sources.get(ORDERING)::append);
            }
            // given a replay paced to 100 commits/s, 10 per page, so it runs for seconds
            ReplayServiceConfig.Pacing slow = new ReplayServiceConfig.Pacing(100, 10, 2, 10, 10, 1, 0);
            try (ReplayService service = bed.startService(slow)) {
                ReplayClient client = ReplayTestbed.client(service);
                ReplayStatus started = client.submit(ReplayRequest.everything(SHIPPING, List.of(ORDERING)));
                Await.until(() -> client.status(started.id()).orElseThrow().sent() > 0, Duration.ofSeconds(60), "replay sending");

                // when
                ReplayStatus cancelled = client.cancel(started.id()).orElseThrow();

                // then
                assertEquals(ReplayState.CANCELLED, cancelled.state());
                String sub = ReplayTestbed.subscription(ORDERING, SHIPPING);
                Await.until(() -> bed.bus.counts(sub).messagesEnqueued() == client.status(started.id()).orElseThrow().sent(),
                        Duration.ofSeconds(60), "the broker holds exactly the commits the replay reports sent");
                ReplayStatus after = client.status(started.id()).orElseThrow();
                assertEquals(ReplayState.CANCELLED, after.state());
                assertEquals(1000, after.planned());
                assertTrue(after.sent() < after.planned(), "stopped early: " + after);
            }
        }
    }
}
