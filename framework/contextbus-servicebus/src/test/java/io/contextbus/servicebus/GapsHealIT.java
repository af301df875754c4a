package io.contextbus.servicebus;

import static io.contextbus.servicebus.LocalBusFixture.ORDERING;
import static io.contextbus.servicebus.LocalBusFixture.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import io.contextbus.handler.Handlers;
import io.contextbus.inbox.Gap;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Promise 5, gaps heal: a commit that arrives ahead of a gap is stashed, the gap is reported with its
 * stream and range, and once the missing commits arrive (here as a targeted replay) everything is
 * applied in order. Also shows that a replay for another context never reaches this one.
 */
@DisplayName("Promise 5: gaps heal")
class GapsHealIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    final LocalBusFixture bus = new LocalBusFixture();
    private ServiceBusSenderClient sender;
    private final CommitMessages messages = new CommitMessages(SessionStrategy.perStream());
    private final List<Gap> gaps = new CopyOnWriteArrayList<>();
    private final ExecutorService replays = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start() {
        sender = new ServiceBusClientBuilder().connectionString(bus.broker.connectionString()).sender()
                .topicName(ORDERING.topicName()).buildClient();
    }

    @AfterEach
    void stop() {
        replays.shutdownNow();
        sender.close();
    }

    private Commit stored(String stream, long seq) {
        return bus.store(ORDERING).readStream(StreamId.of(stream), seq, seq).get(0);
    }

    /** What the replay service will do: resend the missing range of the stream to shipping only. */
    private void replay(Gap gap) {
        SqliteEventStore source = bus.store(gap.source());
        for (Commit c : source.readStream(gap.streamId(), gap.fromSequence(), gap.toSequence())) {
            sender.sendMessage(messages.replay(gap.source(), c, SHIPPING, "heal-1"));
        }
    }

    @Test
    void a_commit_ahead_of_a_gap_is_stashed_the_gap_reported_and_all_applied_in_order_once_it_fills() throws Exception {
        bus.appendAll(List.of("order-1"), 3, 1);
        AppliedLog log = new AppliedLog(bus.store(SHIPPING));
        bus.consumer(Handlers.<Connection>builder().on(LocalBusFixture.EVENT_TYPE, log::record).build(),
                b -> b.gapRepair(gap -> {
                    gaps.add(gap);
                    replays.submit(() -> replay(gap));
                }));

        sender.sendMessage(messages.live(ORDERING, stored("order-1", 3)));

        Await.until(() -> log.count() == 3, PATIENCE, () -> "order-1 applied up to 3 after the replay (applied "
                + log.byStream() + "; gaps reported " + gaps + "; stashed "
                + bus.store(SHIPPING).inbox().stashed(ORDERING, StreamId.of("order-1")).size() + ")");
        assertEquals(new Gap(ORDERING, StreamId.of("order-1"), 1, 2), gaps.get(0), "the gap reported first");
        // Applying 1 while 3 is stashed reports what is still missing (2) once more; the repeat
        // request is harmless (a replay resend of the same range is dropped as a duplicate).
        assertTrue(gaps.stream().allMatch(g -> g.fromSequence() >= 1 && g.toSequence() <= 2), gaps.toString());
        assertEquals(List.of(1L, 2L, 3L), log.byStream().get("order-1"));
        assertEquals(List.of(), bus.store(SHIPPING).inbox().stashed(ORDERING, StreamId.of("order-1")));
    }

    @Test
    void a_replay_for_another_context_never_reaches_this_one() throws Exception {
        bus.appendAll(List.of("order-2"), 2, 1);
        AppliedLog log = new AppliedLog(bus.store(SHIPPING));
        bus.consumer(log);

        sender.sendMessage(messages.replay(ORDERING, stored("order-2", 1), ContextName.of("billing"), "other-1"));
        sender.sendMessage(messages.live(ORDERING, stored("order-2", 1)));
        sender.sendMessage(messages.live(ORDERING, stored("order-2", 2)));

        Await.until(() -> log.count() == 2, PATIENCE, () -> "order-2 applied 1..2 (applied " + log.byStream() + "; "
                + bus.broker.counts(LocalBusFixture.SUBSCRIPTION) + ")");
        assertEquals(2, bus.broker.counts(LocalBusFixture.SUBSCRIPTION).messagesEnqueued(),
                "the replay for billing was filtered out of shipping's subscription");
        assertEquals(List.of(1L, 2L), log.byStream().get("order-2"));
    }
}
