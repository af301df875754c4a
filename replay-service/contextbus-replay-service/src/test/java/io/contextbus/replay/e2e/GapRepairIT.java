package io.contextbus.replay.e2e;

import static io.contextbus.replay.e2e.EndToEnd.ORDERING;
import static io.contextbus.replay.e2e.EndToEnd.PATIENCE;
import static io.contextbus.replay.e2e.EndToEnd.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.handler.GapRepair;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.client.ReplayGapRepair;
import io.contextbus.replay.service.ReplayService;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.testkit.Await;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A gap (a deleted message) is repaired automatically through the gap-repair client")
class GapRepairIT {
    static final int STREAMS = 20;

    @TempDir
    Path dir;

    @Test
    void deleted_messages_are_replayed_for_just_their_streams_with_merged_requests() throws Exception {
        try (EndToEnd e2e = new EndToEnd(dir)) {
            List<StreamId> streams = EndToEnd.streams("order-", STREAMS);
            e2e.dispatcher();
            ContextBus first = e2e.consumer(SHIPPING, GapRepair.LOG_ONLY);
            e2e.append(streams, 1, 2, 2);
            Map<String, String> before = e2e.expected(streams);
            Await.until(() -> e2e.model(SHIPPING).matches(ORDERING, before), PATIENCE, "commits 1..2 applied");

            // given: commit 3 of every stream is deleted from shipping's subscription while it is down
            e2e.stop(first);
            e2e.append(streams, 3, 3, 2);
            Await.until(() -> e2e.enqueued(SHIPPING) == 3L * STREAMS, PATIENCE, "commit 3 reached the subscription");
            e2e.bus.purge(EndToEnd.subscription(SHIPPING));
            e2e.append(streams, 4, 6, 2);
            Await.until(() -> e2e.enqueued(SHIPPING) == 6L * STREAMS, PATIENCE, "commits 4..6 reached the subscription");

            // when: shipping restarts with the replay service as its gap repair
            ReplayService service = e2e.replayService(ReplayServiceConfig.Pacing.DEFAULT);
            ReplayClient client = EndToEnd.client(service);
            ReplayGapRepair repair = e2e.track(new ReplayGapRepair(client, SHIPPING));
            e2e.consumer(SHIPPING, repair);

            // then: every stream converges, through one targeted replay per stream
            Map<String, String> expected = e2e.expected(streams);
            Await.until(() -> e2e.model(SHIPPING).matches(ORDERING, expected), PATIENCE, "gaps repaired");
            e2e.model(SHIPPING).assertMatches(ORDERING, expected);
            // The service may finish a replay before the client has read its answer: wait for the count.
            Await.until(() -> repair.requested() == STREAMS, PATIENCE, "one replay requested per gapped stream");
            List<ReplayStatus> replays = client.list();
            assertEquals(STREAMS, replays.size(), "one replay per gapped stream");
            assertTrue(repair.absorbed() > 0, "later reports of the same gap were merged");
            for (ReplayStatus r : replays) {
                assertEquals(1, r.request().streams().size(), "targeted at one stream: " + r.request());
                assertEquals(3, r.request().fromCommitSequence(), "from the first missing commit: " + r.request());
            }
        }
    }
}
