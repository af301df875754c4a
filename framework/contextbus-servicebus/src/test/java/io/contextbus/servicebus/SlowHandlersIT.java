package io.contextbus.servicebus;

import static io.contextbus.servicebus.LocalBusFixture.SHIPPING;
import static io.contextbus.servicebus.LocalBusFixture.SUBSCRIPTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.handler.Handlers;
import io.contextbus.servicebus.local.EntityCounts;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A handler that takes 100 ms costs only its own stream: over the local broker and a real SQLite
 * store, every message is delivered once and settled (no session goes idle while its messages wait
 * for their transaction), the store's transactions stay short, and the consuming context's own
 * append returns while the handlers are still running.
 */
@DisplayName("Slow handlers: no failed settlement, one delivery per message, appends not stuck behind them")
class SlowHandlersIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final int STREAMS = 4;
    private static final int COMMITS = 25;
    /** The handler's own work (an external call made in the apply, which the docs advise against). */
    private static final long HANDLER_MILLIS = 100;

    @RegisterExtension
    final LocalBusFixture bus = new LocalBusFixture();

    @Test
    void slow_handlers_settle_every_message_once_and_let_the_context_append() throws Exception {
        List<String> streams = LocalBusFixture.streams("order", STREAMS);
        bus.appendAll(streams, COMMITS, 2);
        SqliteEventStore shipping = bus.store(SHIPPING);
        AppliedLog log = new AppliedLog(shipping);
        // given: a 100 ms handler, with the consumer options the docs give for slow handlers (no prefetch)
        bus.consumer(Handlers.<Connection>builder().on(LocalBusFixture.EVENT_TYPE, (event, ctx) -> {
            Thread.sleep(HANDLER_MILLIS);
            return log.record(event, ctx);
        }).build(), b -> b.consumerOptions(ConsumerOptions.DEFAULT.withPrefetchCount(0)
                .withMaxLockRenewal(Duration.ofSeconds(60))));
        bus.publisher(LocalBusFixture.FAST_DISPATCHER);
        Await.until(() -> log.count() >= 5, PATIENCE, () -> "the first commits applied (" + log.count() + ")");

        // when: the consuming context appends to its own stream while the handlers run
        shipping.append(LocalBusFixture.attempt("shipment-1", 1));

        // then: the append did not wait for the applies queued before it
        long appliedWhenAppended = log.count();
        assertTrue(appliedWhenAppended < STREAMS * COMMITS,
                "the append returned while handlers were still running (applied then: " + appliedWhenAppended + ")");
        // and every commit is applied once, in order, every message settled after exactly one delivery
        log.awaitAll(streams, COMMITS, PATIENCE, "all commits applied");
        Await.until(() -> bus.broker.counts(SUBSCRIPTION).activeMessages() == 0, PATIENCE,
                () -> "every message settled (" + bus.broker.counts(SUBSCRIPTION) + ")");
        log.assertEachOnceInOrder(streams, COMMITS);
        EntityCounts counts = bus.broker.counts(SUBSCRIPTION);
        assertEquals(STREAMS * COMMITS, counts.messagesDelivered(),
                "one delivery per message: no settlement failed, no session was closed under its messages (" + counts + ")");
        assertEquals(0, counts.deadLetterMessages(), counts.toString());
        // and no store transaction ran anywhere near all the handlers
        Duration longest = shipping.longestWriteTransaction();
        Duration allOfThem = Duration.ofMillis(STREAMS * COMMITS * HANDLER_MILLIS);
        assertTrue(longest.compareTo(allOfThem.dividedBy(4)) < 0, "longest write transaction " + longest
                + " (bound: maxGroupTime plus one handler), all handlers take " + allOfThem);
    }
}
