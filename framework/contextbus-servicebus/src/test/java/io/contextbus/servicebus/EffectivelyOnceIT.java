package io.contextbus.servicebus;

import static io.contextbus.servicebus.LocalBusFixture.FAST_DISPATCHER;
import static io.contextbus.servicebus.LocalBusFixture.ORDERING;
import static io.contextbus.servicebus.LocalBusFixture.SHIPPING;
import static io.contextbus.servicebus.LocalBusFixture.SUBSCRIPTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.servicebus.local.EntityCounts;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Promises 2 and 4, nothing lost and effectively once, across real crashes: a dispatcher killed
 * between Service Bus's acknowledgement and its checkpoint, and a consumer killed mid-apply, each
 * in a second JVM halted without closing anything.
 */
@DisplayName("Promises 2 and 4: crashes lose nothing and apply nothing twice")
class EffectivelyOnceIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int STREAMS = 50;
    private static final int COMMITS = 10;
    private static final int TOTAL = STREAMS * COMMITS;
    private static final int PAGE = 100;
    private static final String TOPIC = "ordering.events";

    @RegisterExtension
    final LocalBusFixture bus = new LocalBusFixture();
    private AppliedLog log;
    private final List<String> streams = LocalBusFixture.streams("order-", STREAMS);

    @BeforeEach
    void start() {
        log = new AppliedLog(bus.store(SHIPPING));
    }

    private void awaitApplied(long count) {
        Await.until(() -> log.count() >= count, PATIENCE, () -> count + " commits applied (so far " + log.count() + "; " + bus.broker.counts(SUBSCRIPTION) + " "
                + bus.broker.counts(TOPIC) + ")");
        Await.until(() -> bus.broker.counts(SUBSCRIPTION).activeMessages() == 0, PATIENCE,
                () -> "every message settled: " + bus.broker.counts(SUBSCRIPTION) + " " + bus.broker.counts(TOPIC));
    }

    /**
     * Appends, then lets a child JVM dispatch until it halts right after the send of page 3; returns
     * the duplicates the broker had dropped by then (the child's own retries, if any).
     */
    private long dispatchAndCrashAfterThirdPage() throws Exception {
        bus.appendAll(streams, COMMITS, 8);
        bus.closeStore(ORDERING);
        ChildProcesses.runUntilHalt(HaltingDispatcherMain.class, List.of(bus.directory().toString(), bus.broker.connectionString(),
                Integer.toString(PAGE), "3"), HaltingDispatcherMain.HALTED);
        awaitApplied(3 * PAGE);
        assertEquals(3 * PAGE, bus.broker.counts(TOPIC).messagesEnqueued(), "pages 1-3 reached the broker");
        return bus.broker.counts(TOPIC).duplicatesDropped();
    }

    @Test
    void a_dispatcher_killed_between_send_and_checkpoint_resends_and_the_broker_drops_the_duplicates() throws Exception {
        bus.consumer(log);
        long droppedBefore = dispatchAndCrashAfterThirdPage();

        bus.publisher(FAST_DISPATCHER.withPageSize(PAGE));

        awaitApplied(TOTAL);
        EntityCounts topic = bus.broker.counts(TOPIC);
        assertEquals(PAGE, topic.duplicatesDropped() - droppedBefore, "the re-sent page 3 was dropped by duplicate detection");
        assertEquals(TOTAL, topic.messagesEnqueued());
        assertEquals(TOTAL, bus.broker.counts(SUBSCRIPTION).messagesEnqueued());
        log.assertEachOnceInOrder(streams, COMMITS);
    }

    @Test
    void the_same_resend_outside_the_dedupe_window_reaches_the_consumer_and_the_inbox_drops_it() throws Exception {
        bus.consumer(log);
        long droppedBefore = dispatchAndCrashAfterThirdPage();
        bus.clock.advance(bus.topology.topic(TOPIC).orElseThrow().properties().duplicateDetectionHistoryTimeWindow()
                .plusMinutes(1));

        bus.publisher(FAST_DISPATCHER.withPageSize(PAGE));

        Await.until(() -> bus.broker.counts(SUBSCRIPTION).messagesEnqueued() == TOTAL + PAGE, PATIENCE,
                () -> "page 3 delivered a second time to the subscription: " + bus.broker.counts(SUBSCRIPTION));
        awaitApplied(TOTAL);
        assertEquals(droppedBefore, bus.broker.counts(TOPIC).duplicatesDropped(), "outside the window the broker lets it through");
        assertEquals(TOTAL, log.count(), "the inbox dropped the " + PAGE + " re-sent commits");
        log.assertEachOnceInOrder(streams, COMMITS);
    }

    @Test
    void a_consumer_killed_mid_apply_gets_the_commit_again_and_applies_it_once() throws Exception {
        Path topologyFile = Files.writeString(bus.directory().resolve("topology.json"), bus.topology.toJson());
        bus.appendAll(streams, COMMITS, 8);
        bus.publisher(FAST_DISPATCHER);
        bus.closeStore(SHIPPING);

        ChildProcesses.runUntilHalt(HaltingConsumerMain.class, List.of(bus.directory().toString(), bus.broker.connectionString(),
                topologyFile.toString(), "order-7", "5"), HaltingConsumerMain.HALTED);
        log = new AppliedLog(bus.store(SHIPPING));
        long appliedByTheChild = log.count();
        // 5 never committed; 1-4 did unless they were in 5's group commit (the consumer queues a
        // session's next message before the previous one's group has committed)
        List<Long> order7 = log.byStream().getOrDefault("order-7", List.of());
        assertTrue(order7.size() <= 4 && order7.equals(java.util.stream.LongStream.rangeClosed(1, order7.size()).boxed().toList()),
                "the child applied order-7 up to at most 4, in order, and died applying 5: " + order7);
        bus.consumer(log);

        awaitApplied(TOTAL);
        log.assertEachOnceInOrder(streams, COMMITS);
        EntityCounts sub = bus.broker.counts(SUBSCRIPTION);
        assertTrue(sub.messagesDelivered() > sub.messagesEnqueued(), "order-7:5 was delivered again: " + sub);
        assertTrue(appliedByTheChild < TOTAL, "the child did not finish: " + appliedByTheChild);
    }
}
