package io.contextbus.replay.service.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.PublishException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import io.contextbus.replay.service.ReplayTransport;
import io.contextbus.replay.service.SqliteSourceStores;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.testkit.TestCommits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ReplayRun: plans, sends in order per stream, and keeps exact durable progress")
class ReplayRunTest {
    static final ContextName SOURCE = ContextName.of("ordering");
    static final ContextName TARGET = ContextName.of("shipping");
    static final int STREAMS = 7;
    static final int PER_STREAM = 13;

    @TempDir
    Path dir;
    SqliteSourceStores stores;
    ReplayRegistry registry;
    final Recording transport = new Recording();

    /** Records what was sent; fails the n-th send call when told to. */
    static final class Recording implements ReplayTransport {
        final List<Commit> sent = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger calls = new AtomicInteger();
        volatile int failAtCall = -1;
        volatile boolean failTransient;

        @Override
        public void send(ContextName source, ContextName target, String replayId, List<Commit> commits) {
            if (calls.incrementAndGet() == failAtCall) {
                throw new PublishException("injected", failTransient, null);
            }
            sent.addAll(commits);
        }

        @Override
        public void close() {
        }
    }

    @BeforeEach
    void given_a_source_store() {
        try (SqliteEventStore store = SqliteEventStore.open(dir, SOURCE)) {
            for (int i = 1; i <= PER_STREAM; i++) {
                for (int s = 0; s < STREAMS; s++) {
                    store.append(TestCommits.attempt(StreamId.of("s" + s), i));
                }
            }
        }
        stores = new SqliteSourceStores(Map.of(SOURCE, dir));
        registry = ReplayRegistry.open(dir.resolve("replays.db"));
    }

    @AfterEach
    void close() {
        registry.close();
        stores.close();
    }

    EngineSettings settings(int sendRetries) {
        return new EngineSettings(10, 3, 4, 0, 1, 1, sendRetries, Duration.ofMillis(1));
    }

    void run(String id, EngineSettings settings) throws InterruptedException {
        try (LaneSender sender = new LaneSender(transport, new TokenBucket(0, 1), settings)) {
            new ReplayRun(id, registry, stores, sender, settings, Clock.systemUTC(), () -> false, new LiveRate()).run();
        }
    }

    @Test
    void sends_every_commit_once_in_order_per_stream() throws InterruptedException {
        registry.create("r1", ReplayRequest.everything(TARGET, List.of(SOURCE)), Instant.now());

        run("r1", settings(0));

        StoredReplay r = registry.find("r1").orElseThrow();
        assertEquals(ReplayState.COMPLETED, r.state());
        assertEquals(STREAMS * PER_STREAM, r.planned());
        assertEquals(STREAMS * PER_STREAM, r.sent());
        assertEquals(STREAMS * PER_STREAM, transport.sent.size());
        assertInOrderPerStream(transport.sent, 1);
    }

    @Test
    void a_stream_request_sends_that_stream_from_the_sequence_on() throws InterruptedException {
        registry.create("r1", ReplayRequest.stream(TARGET, SOURCE, StreamId.of("s3"), 5), Instant.now());

        run("r1", settings(0));

        assertEquals(PER_STREAM - 4, registry.find("r1").orElseThrow().sent());
        assertTrue(transport.sent.stream().allMatch(c -> c.streamId().value().equals("s3")));
        assertInOrderPerStream(transport.sent, 5);
        assertEquals(Map.of(StreamId.of("s3"), (long) PER_STREAM), registry.heads("r1", SOURCE));
    }

    @Test
    @DisplayName("a failed run resumes from its cursor: acknowledged pages are not sent again")
    void resumes_from_the_cursor() throws InterruptedException {
        registry.create("r1", ReplayRequest.everything(TARGET, List.of(SOURCE)), Instant.now());
        transport.failAtCall = 12;

        run("r1", settings(0));

        StoredReplay failed = registry.find("r1").orElseThrow();
        assertEquals(ReplayState.FAILED, failed.state());
        long recorded = failed.sent();
        assertTrue(recorded > 0 && recorded < STREAMS * PER_STREAM, "stopped midway: " + recorded);

        // when: the same replay runs again from its durable state (as after a restart)
        registry.resumed("r1");
        forceState("r1");
        transport.failAtCall = -1;
        int before = transport.sent.size();
        run("r1", settings(0));

        StoredReplay done = registry.find("r1").orElseThrow();
        assertEquals(ReplayState.COMPLETED, done.state());
        assertEquals(STREAMS * PER_STREAM, done.sent(), "exact count");
        // the second run re-sent nothing that was recorded as acknowledged
        assertEquals(STREAMS * PER_STREAM - recorded, transport.sent.size() - before);
    }

    @Test
    void a_transient_failure_is_retried() throws InterruptedException {
        registry.create("r1", ReplayRequest.everything(TARGET, List.of(SOURCE)), Instant.now());
        transport.failAtCall = 3;
        transport.failTransient = true;

        run("r1", settings(2));

        assertEquals(ReplayState.COMPLETED, registry.find("r1").orElseThrow().state());
        assertEquals(STREAMS * PER_STREAM, transport.sent.size());
    }

    @Test
    void a_dry_run_plans_and_sends_nothing() throws InterruptedException {
        registry.create("r1", ReplayRequest.everything(TARGET, List.of(SOURCE)).withDryRun(true), Instant.now());

        run("r1", settings(0));

        StoredReplay r = registry.find("r1").orElseThrow();
        assertEquals(ReplayState.COMPLETED, r.state());
        assertEquals(STREAMS * PER_STREAM, r.planned());
        assertEquals(0, transport.sent.size());
    }

    // A FAILED replay is terminal; a restart resumes only unfinished ones, so put it back to RUNNING by hand.
    private void forceState(String id) {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("replays.db"));
             var s = c.createStatement()) {
            s.executeUpdate("UPDATE replay SET state = 'RUNNING' WHERE id = '" + id + "'");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    static void assertInOrderPerStream(List<Commit> sent, long firstSequence) {
        Map<StreamId, Long> last = new HashMap<>();
        for (Commit c : sent) {
            long expected = last.getOrDefault(c.streamId(), firstSequence - 1) + 1;
            assertEquals(expected, c.commitSequence(), "order of " + c.streamId());
            last.put(c.streamId(), c.commitSequence());
        }
        assertTrue(Optional.of(last.size()).get() > 0);
    }
}
