package io.contextbus.replay.e2e;

import static io.contextbus.replay.e2e.EndToEnd.ORDERING;
import static io.contextbus.replay.e2e.EndToEnd.PATIENCE;
import static io.contextbus.replay.e2e.EndToEnd.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.handler.GapRepair;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.client.ReconcileJournal;
import io.contextbus.replay.client.ReconcileReport;
import io.contextbus.replay.client.Reconciler;
import io.contextbus.replay.client.ReconcilerOptions;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.client.ReplayGapRepair;
import io.contextbus.replay.service.ReplayService;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A lost last commit (no later commit follows to reveal a gap) is found by reconciliation and applied once")
class LostLastCommitReconcileIT {
    static final int STREAMS = 10;

    @TempDir
    Path dir;

    @Test
    void the_reconciler_notices_the_lost_newest_commits_and_they_are_applied_exactly_once() throws Exception {
        try (EndToEnd e2e = new EndToEnd(dir)) {
            List<StreamId> streams = EndToEnd.streams("order-", STREAMS);
            e2e.dispatcher();
            ContextBus first = e2e.consumer(SHIPPING, GapRepair.LOG_ONLY);
            e2e.append(streams, 1, 2, 2);
            Map<String, String> before = e2e.expected(streams);
            Await.until(() -> e2e.model(SHIPPING).matches(ORDERING, before), PATIENCE, "commits 1..2 applied");

            // given: the newest commit of every stream is sent, then dropped before shipping sees it, and nothing follows
            e2e.stop(first);
            e2e.append(streams, 3, 3, 2);
            Await.until(() -> e2e.enqueued(SHIPPING) == 3L * STREAMS, PATIENCE, "commit 3 reached the subscription");
            e2e.bus.purge(EndToEnd.subscription(SHIPPING));

            // when: shipping runs again, with gap repair and a reconciler
            ReplayService service = e2e.replayService(ReplayServiceConfig.Pacing.DEFAULT);
            ReplayClient client = EndToEnd.client(service);
            e2e.consumer(SHIPPING, e2e.track(new ReplayGapRepair(client, SHIPPING)));
            Reconciler reconciler = e2e.track(new Reconciler(client, SHIPPING, List.of(ORDERING), e2e.store(SHIPPING).inbox(),
                    ReconcileJournal.file(e2e.storeDir().resolve("shipping.reconcile")),
                    ReconcilerOptions.DEFAULT.withInterval(Duration.ofMillis(200)).withGrace(Duration.ZERO)
                            .withRequestsPerSecond(1_000))).start();

            // then: the lost commits are applied, each once and in order
            Map<String, String> expected = e2e.expected(streams);
            Await.until(() -> e2e.model(SHIPPING).matches(ORDERING, expected), PATIENCE, "lost last commits applied");
            e2e.model(SHIPPING).assertMatches(ORDERING, expected);
            for (StreamId s : streams) {
                assertEquals(3, e2e.store(SHIPPING).inbox().lastApplied(ORDERING, s), "last applied of " + s);
            }

            // and it asked for exactly the lost commits: one request, every stream from commit 3
            Await.until(() -> client.list().stream().allMatch(ReplayStatus::isComplete), PATIENCE, "replay completed");
            List<ReplayStatus> replays = client.list();
            assertEquals(1, replays.size(), "streams with the same missing start share one request: " + replays);
            assertEquals(STREAMS, replays.get(0).request().streams().size());
            assertEquals(3, replays.get(0).request().fromCommitSequence());
            assertEquals(STREAMS, replays.get(0).sent(), "one commit per stream resent");

            // and a full comparison afterwards finds nothing missing
            reconciler.close();
            ReconcileReport again = reconciler.reconcileFromBeginning();
            assertEquals(0, again.tailsMissing(), again.toString());
            assertEquals(STREAMS, again.headsCompared(), again.toString());
            assertTrue(again.complete(), again.toString());
        }
    }
}
