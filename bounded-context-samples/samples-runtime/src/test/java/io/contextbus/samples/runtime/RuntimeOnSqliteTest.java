package io.contextbus.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.samples.common.domain.Decider;
import io.contextbus.samples.common.domain.DomainRuleException;
import io.contextbus.serialization.EventCodec;
import io.contextbus.serialization.EventTypeRegistry;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.testkit.Await;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime helpers against a real SQLite store in a temporary directory (no broker). */
class RuntimeOnSqliteTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A counter that refuses to go above 3: the smallest decider with a rule. */
    record Add(int amount) {
    }

    record Added(int amount) {
    }

    static final EventCodec CODEC = new EventCodec(EventTypeRegistry.builder()
            .register("sample.Added", 1, Added.class).build());

    static final class Counter implements Decider<Add, Integer, Added> {
        @Override
        public Integer initialState() {
            return 0;
        }

        @Override
        public List<Added> decide(Add command, Integer state) {
            if (state + command.amount() > 3) {
                throw new DomainRuleException("too-much", "at most 3");
            }
            return List.of(new Added(command.amount()));
        }

        @Override
        public Integer evolve(Integer state, Added event) {
            return state + event.amount();
        }
    }

    @TempDir
    Path dir;
    SqliteEventStore store;
    Aggregates<Add, Integer, Added> counters;

    @BeforeEach
    void open() {
        store = SqliteEventStore.open(dir, ContextName.of("sample"));
        counters = new Aggregates<>(store, new Counter(), CODEC, Added.class);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Nested
    @DisplayName("Aggregates")
    class AggregatesOnSqlite {
        @Test
        void commands_given_together_become_one_commit_and_the_state_survives_a_reload() {
            counters.execute("c1", List.of(new Add(1), new Add(2)), UUID.randomUUID(), Map.of());

            assertEquals(1, store.lastCommitSequence(StreamId.of("c1")));
            assertEquals(2, store.readStream(StreamId.of("c1"), 1).get(0).events().size());
            Aggregates<Add, Integer, Added> fresh = new Aggregates<>(store, new Counter(),
                    CODEC, Added.class);
            assertEquals(3, fresh.load("c1"));
        }

        @Test
        void a_broken_rule_appends_nothing() {
            counters.execute("c1", List.of(new Add(3)), UUID.randomUUID(), Map.of());
            assertThrows(DomainRuleException.class, () -> counters.execute("c1", List.of(new Add(1)), UUID.randomUUID(), Map.of()));
            assertEquals(1, store.lastCommitSequence(StreamId.of("c1")));
        }

        @Test
        void a_commit_appended_behind_its_back_is_seen_after_a_conflict() {
            counters.execute("c1", List.of(new Add(1)), UUID.randomUUID(), Map.of());
            Aggregates<Add, Integer, Added> other = new Aggregates<>(store, new Counter(),
                    CODEC, Added.class);
            other.execute("c1", List.of(new Add(1)), UUID.randomUUID(), Map.of());

            counters.execute("c1", List.of(new Add(1)), UUID.randomUUID(), Map.of());

            assertEquals(3, store.lastCommitSequence(StreamId.of("c1")));
            assertEquals(3, new Aggregates<>(store, new Counter(), CODEC, Added.class).load("c1"));
        }

        @Test
        void with_snapshots_a_restart_loads_from_the_latest_snapshot_and_the_commits_after_it() {
            Aggregates<Add, Integer, Added> snapshotting = new Aggregates<>(store, store.snapshots(),
                    JsonStateCodec.of(Integer.class, 1), new Counter(), CODEC, Added.class);
            for (int i = 0; i < 2 * Aggregates.SNAPSHOT_EVERY + 20; i++) {
                snapshotting.execute("c2", List.of(new Add(i % 2 == 0 ? 1 : -1)), UUID.randomUUID(), Map.of());
            }
            snapshotting.execute("c2", List.of(new Add(2)), UUID.randomUUID(), Map.of());
            snapshotting.close();
            assertEquals(2, snapshotting.stats().snapshotsWritten(), "at commits 50 and 100");

            try (Aggregates<Add, Integer, Added> restarted = new Aggregates<>(store, store.snapshots(),
                    JsonStateCodec.of(Integer.class, 1), new Counter(), CODEC, Added.class)) {
                assertEquals(2, restarted.load("c2"));
                assertEquals(1, restarted.stats().loadsFromSnapshot());
                assertEquals(21, restarted.stats().commitsReplayed(), "commits 101 to 121 only");
            }
            assertEquals(2, new Aggregates<>(store, new Counter(), CODEC, Added.class).load("c2"), "as without snapshots");
        }
    }

    @Nested
    @DisplayName("CommandQueue")
    class Queue {
        @Test
        void idle_workers_are_woken_by_the_commit_that_queues_a_command() throws Exception {
            List<String> ran = Collections.synchronizedList(new ArrayList<>());
            // the safety-net re-read is pushed out of reach: only the commit's wake-up can run these
            try (CommandQueue queue = new CommandQueue(store, 2, q -> ran.add(q.stream() + ":" + q.json()),
                    Duration.ofHours(1))) {
                queue.start();
                Await.until(() -> queue.pending() == 0, WAIT, "the workers to find the queue empty");
                for (int round = 1; round <= 3; round++) {
                    String amount = String.valueOf(round);
                    store.write(tx -> {
                        queue.enqueue(tx, "c1", "Add", amount);
                        queue.enqueue(tx, "c2", "Add", amount);
                        return null;
                    });
                    int expected = 2 * round;
                    Await.until(() -> ran.size() == expected, WAIT, "round " + round + " to run");
                }
                assertEquals(List.of("c1:1", "c1:2", "c1:3"), ran.stream().filter(r -> r.startsWith("c1")).toList());
                // a worker deletes a command's row just after running it
                Await.until(() -> queue.pending() == 0, WAIT, "the run commands to be deleted");
            }
        }

        @Test
        void queued_commands_run_in_order_per_stream_and_a_broken_rule_is_dropped() throws Exception {
            List<String> ran = Collections.synchronizedList(new ArrayList<>());
            try (CommandQueue queue = new CommandQueue(store, 2, q -> {
                counters.execute(q.stream(), List.of(new Add(Integer.parseInt(q.json()))), q.commitId(), Map.of());
                ran.add(q.stream() + ":" + q.json());
            })) {
                store.write(tx -> {
                    for (String amount : List.of("1", "1", "5", "1")) {
                        queue.enqueue(tx, "c1", "Add", amount);
                    }
                    queue.enqueue(tx, "c2", "Add", "2");
                    return null;
                });
                queue.start();
                Await.until(() -> queue.pending() == 0, WAIT, "the queue to drain");

                assertEquals(List.of("c1:1", "c1:1", "c1:1"), ran.stream().filter(r -> r.startsWith("c1")).toList());
                assertEquals(1, queue.dropped());
                assertEquals(3, counters.load("c1"));
                assertEquals(2, counters.load("c2"));
            }
        }

        @Test
        void a_queued_command_rerun_after_a_crash_appends_nothing_new() {
            CommandQueue.Queued q = new CommandQueue.Queued(42, "c1", "Add", "1");
            counters.execute("c1", List.of(new Add(1)), q.commitId(), Map.of());
            Aggregates<Add, Integer, Added> restarted = new Aggregates<>(store, new Counter(),
                    CODEC, Added.class);

            // The store recognises the commitId even though a fresh decision would append again.
            assertEquals(List.of(), restarted.execute("c1", List.of(new Add(1)), q.commitId(), Map.of()));
            assertEquals(1, store.lastCommitSequence(StreamId.of("c1")));
        }
    }

    @Nested
    @DisplayName("OwnEventsProjection")
    class Projection {
        @Test
        void each_own_commit_is_projected_once_also_across_a_restart() throws Exception {
            store.write(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE seen (stream TEXT, seq INTEGER)");
                }
                return null;
            });
            OwnEventsProjection.Projector projector = (commit, tx) -> {
                try (Statement s = tx.createStatement()) {
                    s.execute("INSERT INTO seen VALUES ('" + commit.streamId().value() + "', " + commit.commitSequence() + ")");
                }
            };
            counters.execute("c1", List.of(new Add(1)), UUID.randomUUID(), Map.of());
            try (OwnEventsProjection p = new OwnEventsProjection(store, "test", projector).start()) {
                counters.execute("c1", List.of(new Add(1)), UUID.randomUUID(), Map.of());
                Await.until(() -> seen() == 2, WAIT, "two commits projected");
            }
            counters.execute("c2", List.of(new Add(1)), UUID.randomUUID(), Map.of());
            try (OwnEventsProjection p = new OwnEventsProjection(store, "test", projector).start()) {
                // A projection that forgot its position would project all three again in one page (5 rows).
                Await.until(() -> seen() == 3, WAIT, "the third commit projected, and only it");
            }
        }

        private int seen() {
            return store.read(c -> {
                try (Statement s = c.createStatement(); var r = s.executeQuery("SELECT COUNT(*) FROM seen")) {
                    r.next();
                    return r.getInt(1);
                }
            });
        }
    }
}
