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
    @DisplayName("a stream request covered by an unfinished replay of that stream is merged into it")
    void covered_stream_requests_are_merged() {
        try (ReplayTestbed bed = new ReplayTestbed(dir)) {
            TestCommits.attempts(StreamId.of("gap-1"), 20).forEach(bed.sources.get(ORDERING)::append);
            // given one replay at a time, and a slow full replay holding the only slot
            ReplayServiceConfig.Pacing oneAtATime = new ReplayServiceConfig.Pacing(10, 1, 1, 1, 1, 1, 0);
            try (ReplayService service = bed.startService(oneAtATime)) {
                ReplayClient client = ReplayTestbed.client(service);
                ReplayStatus blocker = client.submit(ReplayRequest.everything(SHIPPING, List.of(ORDERING)));
                ReplayStatus first = client.submit(ReplayRequest.stream(SHIPPING, ORDERING, StreamId.of("gap-1"), 5));

                // when: the same gap is reported again, and a later one too, by other instances
                ReplayStatus again = client.submit(ReplayRequest.stream(SHIPPING, ORDERING, StreamId.of("gap-1"), 5));
                ReplayStatus later = client.submit(ReplayRequest.stream(SHIPPING, ORDERING, StreamId.of("gap-1"), 9));
                ReplayStatus earlier = client.submit(ReplayRequest.stream(SHIPPING, ORDERING, StreamId.of("gap-1"), 3));

                // then
                assertEquals(first.id(), again.id());
                assertEquals(first.id(), later.id());
                assertTrue(!earlier.id().equals(first.id()), "an earlier start is not covered");
                assertEquals(3, client.list().size());
                client.cancel(blocker.id());
            }
        }
    }

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
