package io.contextbus.servicebus;

import static io.contextbus.servicebus.LocalBusFixture.FAST_DISPATCHER;
import static io.contextbus.servicebus.LocalBusFixture.ORDERING;
import static io.contextbus.servicebus.LocalBusFixture.SHIPPING;
import static io.contextbus.servicebus.LocalBusFixture.SUBSCRIPTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.inbox.Gap;
import io.contextbus.inbox.InboxResult;
import io.contextbus.inbox.SkippedCommit;
import io.contextbus.inbox.StreamHold;
import io.contextbus.model.StreamId;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 16, hole 1, over the local broker: a commit in the middle of a stream that a handler cannot
 * apply parks its stream durably in the consumer's inbox. The later commits of that stream wait
 * behind it (their messages completed, none dead-lettered, no replay asked for), every other
 * stream flows, and after a fix an operator's retry applies everything once and in order; a skip
 * is recorded with who, why and when and the stream continues after it.
 */
@DisplayName("Parked streams: a poison commit parks its stream, the rest flows, retry and skip settle it")
class ParkedStreamsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int STREAMS = 40;
    private static final int COMMITS = 5;

    @RegisterExtension
    final LocalBusFixture bus = new LocalBusFixture();

    @Test
    void a_poison_commit_parks_its_stream_until_retried_after_a_fix_or_skipped() throws Exception {
        AppliedLog log = new AppliedLog(bus.store(SHIPPING));
        AtomicBoolean fixed = new AtomicBoolean();
        List<Gap> replaysAsked = new CopyOnWriteArrayList<>();
        ContextBus consumer = bus.consumer(Handlers.<Connection>builder().on(LocalBusFixture.EVENT_TYPE, (e, ctx) -> {
            boolean poison = (ctx.streamId().value().equals("poisoned") && ctx.commitSequence() == 2 && !fixed.get())
                    || (ctx.streamId().value().equals("skipped") && ctx.commitSequence() == 3);
            return poison ? HandlerResult.reject("quantity is negative") : log.record(e, ctx);
        }).build(), b -> b.gapRepair(replaysAsked::add));
        HeldStreams held = consumer.heldStreams().orElseThrow();
        bus.publisher(FAST_DISPATCHER);
        List<String> healthy = LocalBusFixture.streams("order-", STREAMS);
        List<String> all = new ArrayList<>(healthy);
        all.add("poisoned");
        all.add("skipped");

        bus.appendAll(all, COMMITS, 4);

        log.awaitAll(healthy, COMMITS, PATIENCE, "every healthy stream applied while two are parked");
        Await.until(() -> held.parked().size() == 2 && bus.store(SHIPPING).inbox()
                        .stashed(ORDERING, StreamId.of("poisoned")).size() == COMMITS - 1
                        && bus.store(SHIPPING).inbox().stashed(ORDERING, StreamId.of("skipped")).size() == COMMITS - 2,
                PATIENCE, () -> "both streams parked with their later commits waiting: " + held.list());
        Await.until(() -> bus.broker.counts(SUBSCRIPTION).activeMessages() == 0, PATIENCE,
                () -> "every message completed: " + bus.broker.counts(SUBSCRIPTION));
        StreamHold poisoned = held.parked().stream().filter(h -> h.streamId().value().equals("poisoned")).findFirst()
                .orElseThrow();
        assertEquals(2, poisoned.commitSequence());
        assertTrue(poisoned.reason().contains("quantity is negative"), poisoned.reason());
        assertEquals(List.of(1L), log.of("poisoned"), "only the commit before the poison is applied");
        assertEquals(List.of(1L, 2L), log.of("skipped"));
        assertEquals(0, bus.broker.counts(SUBSCRIPTION).deadLetterMessages(), "no healthy commit dead-lettered");
        assertEquals(List.of(), replaysAsked, "nothing is missing: no replay asked for while parked");

        fixed.set(true);
        InboxResult retried = held.retry("ordering", "poisoned");
        InboxResult skipped = held.skip("ordering", "skipped", 3, "alice", "bad quantity, corrected in the ERP");

        assertEquals(List.of(2L, 3L, 4L, 5L), assertInstanceOf(InboxResult.Applied.class, retried).applied().stream()
                .map(c -> c.commitSequence()).toList());
        assertInstanceOf(InboxResult.Applied.class, skipped);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), log.of("poisoned"), "applied once each, in order, after the retry");
        assertEquals(List.of(1L, 2L, 4L, 5L), log.of("skipped"), "the stream continued after the skipped commit");
        SkippedCommit record = held.skipped().get(0);
        assertEquals(List.of("skipped", "3", "alice", "bad quantity, corrected in the ERP"), List.of(
                record.streamId().value(), String.valueOf(record.commitSequence()), record.by(), record.why()));
        assertEquals(List.of(), held.list());
        assertEquals(Optional.empty(), bus.store(SHIPPING).inbox().hold(ORDERING, StreamId.of("poisoned")));
        healthy.forEach(stream -> assertEquals(List.of(1L, 2L, 3L, 4L, 5L), log.of(stream), stream));
        assertEquals(List.of(), replaysAsked);
        assertEquals(0, bus.broker.counts(SUBSCRIPTION).deadLetterMessages());
    }
}
