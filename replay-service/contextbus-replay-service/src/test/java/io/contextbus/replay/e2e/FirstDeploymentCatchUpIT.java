package io.contextbus.replay.e2e;

import static io.contextbus.replay.e2e.EndToEnd.ORDERING;
import static io.contextbus.replay.e2e.EndToEnd.PATIENCE;
import static io.contextbus.replay.e2e.EndToEnd.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.model.StreamId;
import io.contextbus.replay.client.CatchUp;
import io.contextbus.replay.client.CatchUpJournal;
import io.contextbus.replay.client.CatchUpStatus;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.client.ReplayGapRepair;
import io.contextbus.replay.service.ReplayService;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A context deployed after 10,000 commits exist catches up from full history on its own")
class FirstDeploymentCatchUpIT {
    static final int STREAMS = 1_000;
    static final int COMMITS = 10;

    @TempDir
    Path dir;

    @Test
    void new_context_catches_up_and_reports_it() throws Exception {
        try (EndToEnd e2e = new EndToEnd(dir)) {
            List<StreamId> streams = EndToEnd.streams("order-", STREAMS);
            e2e.append(streams, 1, COMMITS, 8);
            Map<String, String> expected = e2e.expected(streams);
            ReplayService service = e2e.replayService(ReplayServiceConfig.Pacing.DEFAULT.withCommitsPerSecond(0));
            ReplayClient client = EndToEnd.client(service);

            // when: shipping starts for the first time and asks for everything
            ReplayGapRepair repair = e2e.track(new ReplayGapRepair(client, SHIPPING));
            e2e.consumer(SHIPPING, repair);
            CatchUpJournal journal = CatchUpJournal.file(e2e.storeDir().resolve("shipping.catch-up"));
            CatchUp catchUp = e2e.track(new CatchUp(client, SHIPPING, List.of(ORDERING), e2e.store(SHIPPING).inbox(), journal,
                    Duration.ofMillis(200)));
            CatchUpStatus first = catchUp.start();

            // then: it reports catching up until every stream is applied, then caught up
            assertTrue(first.isCatchingUp(), first.toString());
            Await.until(() -> catchUp.status().state() == CatchUpStatus.State.CAUGHT_UP, PATIENCE,
                    "caught up; last status: " + catchUp.status());
            e2e.model(SHIPPING).assertMatches(ORDERING, expected);
            assertEquals((long) STREAMS * COMMITS, catchUp.status().sent());
            assertEquals(STREAMS, catchUp.status().streams());

            // and a restart with its state kept does not ask again
            int replays = client.list().size();
            CatchUp again = e2e.track(new CatchUp(client, SHIPPING, List.of(ORDERING), e2e.store(SHIPPING).inbox(), journal,
                    Duration.ofMillis(200)));
            assertEquals(CatchUpStatus.State.CAUGHT_UP, again.start().state());
            assertEquals(replays, client.list().size());
        }
    }
}
