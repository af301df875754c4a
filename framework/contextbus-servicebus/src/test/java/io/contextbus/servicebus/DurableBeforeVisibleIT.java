package io.contextbus.servicebus;

import static io.contextbus.servicebus.LocalBusFixture.FAST_DISPATCHER;
import static io.contextbus.servicebus.LocalBusFixture.ORDERING;
import static io.contextbus.servicebus.LocalBusFixture.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.error.CommitTooLargeException;
import io.contextbus.error.ConcurrencyException;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.EventMessage;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Promise 1, durable before visible: only commits the store made durable become messages; attempts
 * the store refused (a concurrency conflict: a reused sequence or one ahead of its stream, an
 * oversized commit, data that is not JSON) never do: nothing is written and nothing is published.
 */
@DisplayName("Promise 1: durable before visible")
class DurableBeforeVisibleIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    final LocalBusFixture bus = new LocalBusFixture();

    private static CommitAttempt withData(String stream, long seq, String data) {
        return new CommitAttempt(StreamId.of(stream), seq, seq, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of(LocalBusFixture.EVENT_TYPE, 1, data)));
    }

    @Test
    void refused_attempts_never_become_messages_and_every_durable_commit_does() throws Exception {
        AppliedLog log = new AppliedLog(bus.store(SHIPPING));
        bus.consumer(log);
        ContextBus ordering = bus.publisher(FAST_DISPATCHER);
        List<String> streams = LocalBusFixture.streams("order-", 20);
        SqliteEventStore store = bus.store(ORDERING);

        bus.appendAll(streams, 5, 4);
        assertThrows(ConcurrencyException.class, () -> store.append(LocalBusFixture.attempt("order-1", 3)));
        assertThrows(CommitTooLargeException.class, () -> store.append(withData("order-1", 6,
                "\"" + "x".repeat(300 * 1024) + "\"")));
        assertThrows(ValidationException.class, () -> store.append(withData("order-2", 6, "{not json")));
        // An append ahead of its stream (order-3 is at 5; commitSequence 7 would skip 6) is a conflict too.
        ConcurrencyException ahead = assertThrows(ConcurrencyException.class,
                () -> store.append(LocalBusFixture.attempt("order-3", 7)),
                "an append ahead of its stream (order-3 at 5, commitSequence 7) must be refused with ConcurrencyException");
        assertEquals(5, ahead.actualCommitSequence(), "the refusal of the append ahead names where order-3 is");

        Await.until(() -> log.count() >= 100, PATIENCE, () -> "100 durable commits applied (" + log.progress(streams, 5)
                + "; dispatcher " + ordering.dispatcherStatus().orElseThrow() + ")");
        Await.until(() -> ordering.dispatcherStatus().orElseThrow().caughtUp(), PATIENCE,
                () -> "dispatcher caught up: " + ordering.dispatcherStatus().orElseThrow());
        assertEquals(LongStream.rangeClosed(1, 5).boxed().toList(),
                store.readStream(StreamId.of("order-3"), 1).stream().map(Commit::commitSequence).toList(),
                "the refused append ahead of order-3 (commitSequence 7) must leave nothing written: order-3 holds 1..5");
        assertEquals(100, store.readAll(Position.BEGINNING, 1000).commits().size(),
                "commits in ordering's store: the 100 appended; a refused append must write nothing");
        assertEquals(100, bus.broker.counts("ordering.events").messagesEnqueued(), "one message per durable commit");
        assertEquals(LongStream.rangeClosed(1, 5).boxed().toList(), log.byStream().get("order-3"),
                "commits of order-3 that reached shipping: the refused append ahead (commitSequence 7) must not be published");
        assertEquals(100, log.count());
        log.assertEachOnceInOrder(streams, 5);
    }
}
