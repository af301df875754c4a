package io.contextbus.servicebus;

import static io.contextbus.servicebus.LocalBusFixture.SHIPPING;
import static io.contextbus.servicebus.LocalBusFixture.SUBSCRIPTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.handler.Handlers;
import io.contextbus.servicebus.local.EntityCounts;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 16, hole 3: a handler that fails transiently for about a second (a database blip) costs its
 * commit a few retries with backoff inside one delivery, not the ten deliveries of its message in
 * milliseconds and then a dead letter. Over the local broker and a real SQLite store: the commit is
 * applied once, in order with its stream's later commits, its message delivered about once, and no
 * stream parks.
 */
@DisplayName("Transient failures: retried with backoff within a delivery, applied once and in order")
class TransientFailuresIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final int STREAMS = 4;
    private static final int COMMITS = 6;
    /** The commit that meets the blip: the second of the first stream. */
    private static final long BLIP_AT = 2;
    private static final long BLIP_NANOS = Duration.ofSeconds(1).toNanos();
    /**
     * At least 50 + 100 + 200 + 400 + 500 x 3 ms = 2.25 s of backoff in all, well over the blip; at most
     * 5.05 s, within the session idle timeout set below.
     */
    private static final TransientRetry RETRY = new TransientRetry(8, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1));

    @RegisterExtension
    final LocalBusFixture bus = new LocalBusFixture();

    @Test
    void a_second_long_blip_is_retried_with_backoff_and_the_commit_applied_once_in_order() throws Exception {
        List<String> streams = LocalBusFixture.streams("order", STREAMS);
        String blipped = streams.get(0);
        AppliedLog log = new AppliedLog(bus.store(SHIPPING));
        AtomicLong blipStarted = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        // given: a handler whose database is away for a second from the first time it touches the blipped commit
        ContextBus consumer = bus.consumer(Handlers.<Connection>builder().on(LocalBusFixture.EVENT_TYPE, (event, ctx) -> {
            if (ctx.streamId().value().equals(blipped) && ctx.commitSequence() == BLIP_AT) {
                long now = System.nanoTime();
                blipStarted.compareAndSet(0, now);
                if (now - blipStarted.get() < BLIP_NANOS) {
                    failures.incrementAndGet();
                    throw new IllegalStateException("database unavailable (blip)");
                }
            }
            return log.record(event, ctx);
        }).build(), b -> b.consumerOptions(LocalBusFixture.FAST_CONSUMER.withSessionIdleTimeout(Duration.ofSeconds(10))
                .withTransientRetry(RETRY)));
        bus.publisher(LocalBusFixture.FAST_DISPATCHER);

        // when: every stream's commits are published
        bus.appendAll(streams, COMMITS, 2);

        // then: every commit is applied once and in order, the blipped one included, after failing more than once
        log.awaitAll(streams, COMMITS, PATIENCE, "all commits applied");
        Await.until(() -> bus.broker.counts(SUBSCRIPTION).activeMessages() == 0, PATIENCE,
                () -> "every message settled (" + bus.broker.counts(SUBSCRIPTION) + ")");
        log.assertEachOnceInOrder(streams, COMMITS);
        assertTrue(failures.get() >= 2, "the blip made the handler fail repeatedly (" + failures.get() + " failures)");
        // and the blip cost retries, not deliveries: no dead letter, no parked stream, about one delivery each
        EntityCounts counts = bus.broker.counts(SUBSCRIPTION);
        assertEquals(0, counts.deadLetterMessages(), counts.toString());
        assertEquals(List.of(), new ArrayList<>(consumer.heldStreams().orElseThrow().parked()), "no stream parked");
        long messages = (long) STREAMS * COMMITS;
        assertTrue(counts.messagesDelivered() <= messages + 2, "the blipped message was not redelivered over and over: "
                + counts.messagesDelivered() + " deliveries for " + messages + " messages, " + failures.get()
                + " handler failures (" + counts + ")");
    }
}
