package io.contextbus.replay.e2e;

import static io.contextbus.replay.e2e.EndToEnd.ORDERING;
import static io.contextbus.replay.e2e.EndToEnd.PATIENCE;
import static io.contextbus.replay.e2e.EndToEnd.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.client.ReplayGapRepair;
import io.contextbus.replay.service.ReplayService;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.testkit.Await;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A replay overlapping live traffic on the same streams: each commit applied once, in order")
class ReplayDuringLiveTrafficIT {
    static final int STREAMS = 50;

    @TempDir
    Path dir;

    @Test
    void replay_and_live_commits_on_the_same_streams_apply_once_in_order() throws Exception {
        try (EndToEnd e2e = new EndToEnd(dir)) {
            List<StreamId> streams = EndToEnd.streams("order-", STREAMS);
            e2e.dispatcher();
            ReplayService service = e2e.replayService(new ReplayServiceConfig.Pacing(2_000, 200, 4, 100, 50, 1, 8));
            ReplayClient client = EndToEnd.client(service);
            e2e.consumer(SHIPPING, e2e.track(new ReplayGapRepair(client, SHIPPING)));
            e2e.append(streams, 1, 10, 4);

            // when: a full replay runs while the same streams keep getting live commits
            ReplayStatus replay = client.submit(ReplayRequest.everything(SHIPPING, List.of(ORDERING)));
            e2e.append(streams, 11, 30, 4);

            // then
            ReplayStatus done = Await.value(() -> client.status(replay.id()).filter(s -> s.state().isTerminal()), PATIENCE,
                    "replay finished");
            assertEquals(ReplayState.COMPLETED, done.state(), done.toString());
            assertEquals(done.planned(), done.sent());
            Map<String, String> expected = e2e.expected(streams);
            Await.until(() -> e2e.model(SHIPPING).matches(ORDERING, expected), PATIENCE, "shipping converged");
            e2e.model(SHIPPING).assertMatches(ORDERING, expected);
        }
    }
}
