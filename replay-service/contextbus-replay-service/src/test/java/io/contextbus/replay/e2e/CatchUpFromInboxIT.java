package io.contextbus.replay.e2e;

import static io.contextbus.replay.e2e.EndToEnd.ORDERING;
import static io.contextbus.replay.e2e.EndToEnd.PATIENCE;
import static io.contextbus.replay.e2e.EndToEnd.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.handler.GapRepair;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.client.CatchUp;
import io.contextbus.replay.client.CatchUpStatus;
import io.contextbus.replay.client.ReconcileJournal;
import io.contextbus.replay.client.Reconciler;
import io.contextbus.replay.client.ReconcilerOptions;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.service.ReplayService;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("After the broker lost its state, catch-up with no 'since' replays exactly the tails the inbox misses")
class CatchUpFromInboxIT {
    static final int GROUP = 10;

    @TempDir
    Path dir;

    @Test
    void catch_up_derives_the_missing_tails_from_the_inbox_and_sends_nothing_it_had() throws Exception {
        try (EndToEnd e2e = new EndToEnd(dir)) {
            List<StreamId> twoBehind = EndToEnd.streams("a-", GROUP);
            List<StreamId> oneBehind = EndToEnd.streams("b-", GROUP);
            List<StreamId> upToDate = EndToEnd.streams("c-", GROUP);
            List<StreamId> unseen = EndToEnd.streams("d-", GROUP);
            List<StreamId> known = new ArrayList<>(twoBehind);
            known.addAll(oneBehind);
            known.addAll(upToDate);
            e2e.dispatcher();
            ContextBus first = e2e.consumer(SHIPPING, GapRepair.LOG_ONLY);
            e2e.append(known, 1, 2, 2);
            Map<String, String> before = e2e.expected(known);
            Await.until(() -> e2e.model(SHIPPING).matches(ORDERING, before), PATIENCE, "commits 1..2 applied");

            // given: while shipping is down, more commits are published and then the broker loses them all
            e2e.stop(first);
            e2e.append(twoBehind, 3, 4, 2);
            e2e.append(oneBehind, 3, 3, 2);
            e2e.append(unseen, 1, 2, 2);
            long published = 3L * GROUP * 2 + 2L * GROUP + GROUP + 2L * GROUP;
            Await.until(() -> e2e.enqueued(SHIPPING) == published, PATIENCE, "every commit reached the subscription");
            e2e.bus.purge(EndToEnd.subscription(SHIPPING));

            // when: shipping starts again and catches up from its inbox, naming no time
            ReplayService service = e2e.replayService(ReplayServiceConfig.Pacing.DEFAULT.withCommitsPerSecond(0));
            ReplayClient client = EndToEnd.client(service);
            e2e.consumer(SHIPPING, GapRepair.LOG_ONLY);
            Reconciler reconciler = e2e.track(new Reconciler(client, SHIPPING, List.of(ORDERING), e2e.store(SHIPPING).inbox(),
                    ReconcileJournal.file(e2e.storeDir().resolve("shipping.reconcile")),
                    ReconcilerOptions.DEFAULT.withPageCommits(7).withRequestsPerSecond(1_000)));
            CatchUp catchUp = e2e.track(CatchUp.fromInbox(reconciler, SHIPPING, e2e.store(SHIPPING).inbox(), Duration.ofMillis(200)));
            assertTrue(catchUp.start().isCatchingUp());

            // then: it catches up, every stream applied once and in order
            Await.until(() -> catchUp.status().state() == CatchUpStatus.State.CAUGHT_UP, PATIENCE,
                    "caught up; last status: " + catchUp.status());
            List<StreamId> all = new ArrayList<>(known);
            all.addAll(unseen);
            e2e.model(SHIPPING).assertMatches(ORDERING, e2e.expected(all));

            // and exactly the missing tails were asked for and sent: 2 + 1 + 0 + 2 commits per stream of each group
            long missing = 2L * GROUP + GROUP + 2L * GROUP;
            assertEquals(missing, catchUp.status().planned(), catchUp.status().toString());
            assertEquals(missing, catchUp.status().sent(), catchUp.status().toString());
            assertEquals(3L * GROUP, catchUp.status().streams(), "streams behind");
            Await.until(() -> client.list().stream().allMatch(ReplayStatus::isComplete), PATIENCE, "replays completed");
            List<ReplayStatus> replays = client.list();
            assertEquals(missing, replays.stream().mapToLong(ReplayStatus::sent).sum(), "nothing sent the inbox had: " + replays);
            assertEquals(missing, replays.stream().mapToLong(ReplayStatus::planned).sum());
            for (ReplayStatus r : replays) {
                assertTrue(r.request().since().isEmpty() && !r.request().streams().isEmpty(), "targeted, no time: " + r.request());
                long from = r.request().fromCommitSequence();
                for (StreamId s : r.request().streams()) {
                    String group = s.value().substring(0, 2);
                    long expectedFrom = group.equals("d-") ? 1 : 3;
                    assertEquals(expectedFrom, from, "starts after the inbox's last applied for " + s);
                }
            }
        }
    }
}
