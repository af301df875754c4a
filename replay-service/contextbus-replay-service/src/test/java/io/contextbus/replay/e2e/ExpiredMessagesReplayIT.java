package io.contextbus.replay.e2e;

import static io.contextbus.replay.e2e.EndToEnd.BILLING;
import static io.contextbus.replay.e2e.EndToEnd.ORDERING;
import static io.contextbus.replay.e2e.EndToEnd.PATIENCE;
import static io.contextbus.replay.e2e.EndToEnd.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.handler.GapRepair;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.service.ReplayService;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.testkit.Await;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A consumer whose messages expired while it was down converges through a replay; no one else gets it")
class ExpiredMessagesReplayIT {
    static final int STREAMS = 100;

    @TempDir
    Path dir;

    @Test
    void stopped_consumer_converges_and_other_consumers_receive_none_of_the_replay() throws Exception {
        try (EndToEnd e2e = new EndToEnd(dir)) {
            List<StreamId> streams = EndToEnd.streams("order-", STREAMS);
            e2e.dispatcher();
            ContextBus shipping = e2e.consumer(SHIPPING, GapRepair.LOG_ONLY);
            e2e.consumer(BILLING, GapRepair.LOG_ONLY);
            e2e.append(streams, 1, 3, 4);
            Map<String, String> firstPart = e2e.expected(streams);
            Await.until(() -> e2e.model(SHIPPING).matches(ORDERING, firstPart), PATIENCE, "shipping applied commits 1..3");

            // given: shipping stops, more commits go out, and its subscription loses them (TTL expired)
            e2e.stop(shipping);
            Instant down = Instant.now();
            // Commits 1..3 are stamped at or before 'down', commits 4..6 strictly after it.
            Await.until(() -> Instant.now().isAfter(down.plusMillis(1)), PATIENCE, "the clock moved past the stop");
            e2e.append(streams, 4, 6, 4);
            long published = 6L * STREAMS;
            Await.until(() -> e2e.enqueued(SHIPPING) == published, PATIENCE, "commits 4..6 reached shipping's subscription");
            int lost = e2e.bus.purge(EndToEnd.subscription(SHIPPING));
            assertEquals(3 * STREAMS, lost);
            Map<String, String> expected = e2e.expected(streams);
            Await.until(() -> e2e.model(BILLING).matches(ORDERING, expected), PATIENCE, "billing applied everything live");
            long billingReceived = e2e.enqueued(BILLING);

            // when: shipping restarts and an operator replays what it missed, over REST
            e2e.consumer(SHIPPING, GapRepair.LOG_ONLY);
            ReplayService service = e2e.replayService(ReplayServiceConfig.Pacing.DEFAULT);
            ReplayClient client = EndToEnd.client(service);
            ReplayStatus accepted = client.submit(ReplayRequest.everything(SHIPPING, List.of(ORDERING)).withSince(down));

            // then
            ReplayStatus done = Await.value(() -> client.status(accepted.id()).filter(s -> s.state().isTerminal()), PATIENCE,
                    "replay finished");
            assertEquals(ReplayState.COMPLETED, done.state(), done.toString());
            assertEquals(3L * STREAMS, done.sent(), "replayed exactly the commits stamped since the stop");
            Await.until(() -> e2e.model(SHIPPING).matches(ORDERING, expected), PATIENCE, "shipping converged");
            e2e.model(SHIPPING).assertMatches(ORDERING, expected);
            assertEquals(billingReceived, e2e.enqueued(BILLING), "billing's subscription received none of the replay");
            e2e.model(BILLING).assertMatches(ORDERING, expected);
            assertTrue(e2e.enqueued(SHIPPING) >= published + done.sent());
        }
    }
}
