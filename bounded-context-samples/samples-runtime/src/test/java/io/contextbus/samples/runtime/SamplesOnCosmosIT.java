package io.contextbus.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.handler.EventContext;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.samples.common.domain.DomainRuleException;
import io.contextbus.store.cosmos.CosmosInboxTransaction;
import io.contextbus.testkit.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The samples' Cosmos DB storage against the stand-in (or the account {@code CONTEXTBUS_COSMOS_ENDPOINT}
 * names): the work queue, the applied log and the own-events follower.
 */
@DisplayName("Sample storage on Cosmos DB")
class SamplesOnCosmosIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ContextName SOURCE = ContextName.of("upstream");

    private CosmosStorage storage;

    @BeforeEach
    void open() {
        storage = StandInStorage.open("samples", ContextName.of("sample"));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void queued_commands_exist_only_with_their_inbox_batch_and_run_in_queue_order_per_source_stream() throws Exception {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        List<UUID> commitIds = Collections.synchronizedList(new ArrayList<>());
        try (CosmosWorkQueue queue = storage.workQueue(2, q -> {
            ran.add(q.stream() + ":" + q.json());
            commitIds.add(q.commitId());
        })) {
            receive(queue, commit("s1", 1), "t-a:1", "t-b:2");
            receive(queue, commit("s2", 1), "t-c:1");
            receive(queue, commit("s1", 2), "t-a:3");
            // A handler that fails after queuing: the batch is not written, so neither is its command.
            assertInstanceOf(InboxResult.RolledBack.class, storage.inbox().receive(SOURCE, commit("s2", 2), (s, c, tx) -> {
                queue.enqueue(new EventContext<>(s, c, 0, tx), "t-x", "Cmd", "never");
                throw new IllegalStateException("handler failed");
            }));
            assertEquals(4, queue.pending());

            queue.start();
            Await.until(() -> queue.executed() == 4 && queue.pending() == 0, WAIT, "four commands run and removed");
            List<String> s1 = ran.stream().filter(r -> !r.equals("t-c:1")).toList();
            assertEquals(List.of("t-a:1", "t-b:2", "t-a:3"), s1, "s1's commands in queue order");
            assertTrue(ran.contains("t-c:1"));
            assertEquals(4, ran.size(), "nothing of the failed batch ran: " + ran);
            assertEquals(4, commitIds.stream().distinct().count());
        }
    }

    @Test
    void a_failing_command_is_retried_with_the_same_commit_id_before_the_next_one_and_a_broken_rule_is_dropped()
            throws Exception {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        List<UUID> attemptsOfFlaky = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean failed = new AtomicBoolean();
        try (CosmosWorkQueue queue = storage.workQueue(2, q -> {
            if (q.json().equals("flaky")) {
                attemptsOfFlaky.add(q.commitId());
                if (failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("transient");
                }
            }
            if (q.json().equals("rule")) {
                throw new DomainRuleException("no", "broken rule");
            }
            ran.add(q.json());
        })) {
            receive(queue, commit("s1", 1), "t:first", "t:flaky", "t:rule", "t:last");
            queue.start();
            Await.until(() -> queue.pending() == 0 && ran.size() == 3, WAIT, "every command settled");
            assertEquals(List.of("first", "flaky", "last"), ran);
            assertEquals(2, attemptsOfFlaky.size());
            assertEquals(attemptsOfFlaky.get(0), attemptsOfFlaky.get(1), "a rerun appends with the same commitId");
            assertEquals(1, queue.dropped());
        }
    }

    @Test
    void the_applied_log_holds_each_applied_commit_once_stashed_ones_included_and_no_rolled_back_one() {
        AppliedLogDecorator<CosmosInboxTransaction> log = new AppliedLogDecorator<>(storage.appliedLog());
        Handlers<CosmosInboxTransaction> handlers = Handlers.<CosmosInboxTransaction>builder()
                .on("upstream.Happened", (EventMessage e, EventContext<CosmosInboxTransaction> ctx) ->
                        ctx.streamId().value().equals("bad") ? HandlerResult.retry("refused") : HandlerResult.HANDLED)
                .decorate(log)
                .build();
        assertInstanceOf(InboxResult.Applied.class, storage.inbox().receive(SOURCE, commit("s1", 1), handlers));
        assertInstanceOf(InboxResult.Duplicate.class, storage.inbox().receive(SOURCE, commit("s1", 1), handlers));
        assertInstanceOf(InboxResult.Stashed.class, storage.inbox().receive(SOURCE, commit("s1", 3), handlers));
        assertInstanceOf(InboxResult.Applied.class, storage.inbox().receive(SOURCE, commit("s1", 2), handlers));
        assertInstanceOf(InboxResult.RolledBack.class, storage.inbox().receive(SOURCE, commit("bad", 1), handlers));

        assertEquals(List.of(List.of(1L, "upstream", "s1", 1L), List.of(2L, "upstream", "s1", 2L),
                List.of(3L, "upstream", "s1", 3L)), log.read(0, 10));
        assertEquals(List.of(List.of(3L, "upstream", "s1", 3L)), log.read(2, 10));
        assertEquals(3, log.applied());
    }

    @Test
    void the_follower_sees_every_own_commit_in_order_per_stream_and_again_after_a_restart() throws Exception {
        append("a", 1);
        append("b", 1);
        append("a", 2);
        // Samples' own documents in the container are not commits: the follower never sees them.
        storage.inbox().receive(SOURCE, commit("a", 1), (s, c, tx) -> ApplyOutcome.APPLIED);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (OwnEventsFollower f = new OwnEventsFollower(storage.events(), "test",
                c -> seen.add(c.streamId().value() + ":" + c.commitSequence())).start()) {
            Await.until(() -> seen.size() == 3, WAIT, "three commits followed");
            append("a", 3);
            Await.until(() -> seen.size() == 4 && f.caughtUp(), WAIT, "the fourth followed");
        }
        assertEquals(List.of("a:1", "a:2", "a:3"), seen.stream().filter(s -> s.startsWith("a")).toList());
        List<String> again = Collections.synchronizedList(new ArrayList<>());
        try (OwnEventsFollower f = new OwnEventsFollower(storage.events(), "test",
                c -> again.add(c.streamId().value() + ":" + c.commitSequence())).start()) {
            Await.until(f::caughtUp, WAIT, "caught up after the restart");
        }
        assertEquals(new TreeSet<>(seen), new TreeSet<>(again), "rebuilt from the beginning");
        assertEquals(seen.size(), again.size());
    }

    private void receive(CosmosWorkQueue queue, Commit commit, String... items) {
        InboxResult r = storage.inbox().receive(SOURCE, commit, (s, c, tx) -> {
            for (String item : items) {
                String[] parts = item.split(":");
                queue.enqueue(new EventContext<CosmosInboxTransaction>(s, c, 0, tx), parts[0], "Cmd", parts[1]);
            }
            return ApplyOutcome.APPLIED;
        });
        assertInstanceOf(InboxResult.Applied.class, r);
    }

    private void append(String stream, long seq) {
        storage.events().append(new CommitAttempt(StreamId.of(stream), seq, seq, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of("sample.Happened", 1, "{}"))));
    }

    private static Commit commit(String stream, long seq) {
        return new Commit(StreamId.of(stream), seq, seq, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of("upstream.Happened", 1, "{}")));
    }
}
