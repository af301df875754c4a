package io.contextbus.servicebus;

import static io.contextbus.servicebus.LocalBusFixture.SHIPPING;
import static io.contextbus.servicebus.LocalBusFixture.SUBSCRIPTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.handler.Handlers;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The consumer pipelines a session: it queues the session's next message to the inbox while the
 * previous one's transaction is still open, yet settles no message before its transaction is
 * durable, and the inbox applies them in order. A handler holds the store's writer on commit 1
 * while the test looks at what was queued and what the broker still holds.
 */
@DisplayName("The consumer pipelines a session and settles only what is durable")
class PipelinedSettlementIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    final LocalBusFixture bus = new LocalBusFixture();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch firstApplying = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
    }

    /** The consumer and what the test watches: commit 1 of order-1 holds the writer until released. */
    private record Held(ContextBus consumer, WireOrderLog<Connection> inbox, AppliedLog log) {
    }

    /** Publishes order-1:1..3 and waits until 1 holds the store's writer and 2 and 3 are queued behind it. */
    private Held threeQueuedBehindAHeldWriter() throws Exception {
        bus.appendAll(List.of("order-1"), 3, 1);
        AppliedLog log = new AppliedLog(bus.store(SHIPPING));
        WireOrderLog<Connection> inbox = new WireOrderLog<>(bus.store(SHIPPING).inbox());
        ContextBus consumer = bus.consumer(Handlers.<Connection>builder().on(LocalBusFixture.EVENT_TYPE, (event, ctx) -> {
            if (ctx.commitSequence() == 1) {
                firstApplying.countDown();
                // holds the store's writer: nothing of this group or later ones commits meanwhile
                assertTrue(release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the test released commit 1");
            }
            return log.record(event, ctx);
        }).build(), b -> b.inbox(inbox));
        bus.publisher(LocalBusFixture.FAST_DISPATCHER);
        assertTrue(firstApplying.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "commit 1 reached its handler");
        Await.until(() -> inbox.received("order-1").size() == 3, PATIENCE,
                () -> "commits 2 and 3 queued while commit 1 is applying (queued so far: " + inbox.received("order-1") + ")");
        return new Held(consumer, inbox, log);
    }

    @Test
    void queues_the_next_message_before_the_previous_commits_and_settles_none_before_it_is_durable() throws Exception {
        Held held = threeQueuedBehindAHeldWriter();
        assertEquals(List.of(1L, 2L, 3L), held.inbox().received("order-1"));
        assertEquals(3, bus.broker.counts(SUBSCRIPTION).activeMessages(),
                "no message is settled while its transaction is open");
        assertEquals(0, held.log().count(), "nothing is committed yet");

        release.countDown();
        Await.until(() -> held.log().count() == 3 && bus.broker.counts(SUBSCRIPTION).activeMessages() == 0, PATIENCE,
                () -> "all three applied and settled (applied " + held.log().byStream() + "; "
                        + bus.broker.counts(SUBSCRIPTION) + ")");
        held.log().assertEachOnceInOrder(List.of("order-1"), 3);
    }

    @Test
    void closing_waits_until_what_was_queued_is_settled() throws Exception {
        Held held = threeQueuedBehindAHeldWriter();
        ContextBus consumer = held.consumer();
        AppliedLog log = held.log();

        Thread closer = new Thread(consumer::close, "closer");
        closer.start();
        Await.until(() -> closer.getState() == Thread.State.TIMED_WAITING, PATIENCE,
                () -> "close() waits for what was queued (the closer thread is " + closer.getState() + ")");
        release.countDown();
        closer.join(PATIENCE.toMillis());

        assertFalse(closer.isAlive(), "close() returned");
        assertEquals(3, log.count());
        assertEquals(0, bus.broker.counts(SUBSCRIPTION).activeMessages(),
                "the three queued when closing began were settled before the processor closed");
    }
}
