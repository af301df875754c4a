package io.contextbus.replay.service.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReplayRegistry} does: exact durable progress, sticky terminal states, paged
 * stream heads, listing, and the runner lease two service instances share (ADR 0015). Each
 * implementation runs it with a one-line subclass that says how to open its registry.
 */
abstract class ReplayRegistryContract {
    static final ContextName T = ContextName.of("shipping");
    static final ContextName A = ContextName.of("ordering");
    static final ContextName B = ContextName.of("catalog");
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    static final Duration LEASE = Duration.ofSeconds(30);

    /** The registry under test; a second call (after the first is closed) opens the same durable registry again. */
    abstract ReplayRegistry open();

    @Test
    @DisplayName("progress and cursor survive reopening the file, exactly")
    void progress_is_durable() {
        try (ReplayRegistry r = open()) {
            r.create("r1", ReplayRequest.everything(T, List.of(A, B)), NOW);
            r.transition("r1", ReplayState.RUNNING, NOW);
            r.savePlan("r1", A, 5, Map.of(StreamId.of("s1"), 3L, StreamId.of("s2"), 2L));
            r.savePlan("r1", B, 0, Map.of());
            r.saveProgress("r1", A, "42", 3, false);
        }
        try (ReplayRegistry r = open()) {
            StoredReplay s = r.find("r1").orElseThrow();
            assertEquals(ReplayState.RUNNING, s.state());
            assertEquals(5, s.planned());
            assertEquals(3, s.sent());
            assertEquals(Optional.of("42"), s.sources().get(0).cursor());
            assertFalse(s.sources().get(0).done());
            assertTrue(s.sources().get(1).done(), "a source with nothing planned is done");
            assertEquals(Map.of(StreamId.of("s1"), 3L, StreamId.of("s2"), 2L), r.heads("r1", A));
            assertEquals(List.of("r1"), r.unfinished().stream().map(StoredReplay::id).toList());
        }
    }

    @Test
    @DisplayName("a terminal state is never overwritten")
    void terminal_states_stick() {
        try (ReplayRegistry r = open()) {
            r.create("r1", ReplayRequest.everything(T, List.of(A)), NOW);
            assertTrue(r.transition("r1", ReplayState.CANCELLED, NOW));

            assertFalse(r.transition("r1", ReplayState.RUNNING, NOW));
            assertFalse(r.transition("r1", ReplayState.COMPLETED, NOW));
            assertEquals(ReplayState.CANCELLED, r.find("r1").orElseThrow().state());
            assertTrue(r.unfinished().isEmpty());
        }
    }

    @Test
    void heads_page_in_stream_order() {
        try (ReplayRegistry r = open()) {
            r.create("r1", ReplayRequest.everything(T, List.of(A)), NOW);
            r.savePlan("r1", A, 6, Map.of(StreamId.of("c"), 1L, StreamId.of("a"), 2L, StreamId.of("b"), 3L));

            assertEquals(List.of("a", "b"), r.heads("r1", A, "", 2).stream().map(h -> h.streamId().value()).toList());
            assertEquals(List.of("c"), r.heads("r1", A, "b", 2).stream().map(h -> h.streamId().value()).toList());
        }
    }

    @Test
    void lists_newest_first_and_records_errors_and_resumes() {
        try (ReplayRegistry r = open()) {
            r.create("r1", ReplayRequest.everything(T, List.of(A)), NOW);
            r.create("r2", ReplayRequest.everything(T, List.of(A)), NOW);
            r.error("r2", NOW, "boom");
            r.resumed("r2");

            assertEquals(List.of("r2", "r1"), r.list(10).stream().map(StoredReplay::id).toList());
            StoredReplay r2 = r.find("r2").orElseThrow();
            assertEquals(List.of(NOW + " boom"), r2.errors());
            assertEquals(1, r2.resumes());
        }
    }

    @Test
    @DisplayName("one runner holds a replay's lease until it expires; then another can take it")
    void a_lease_excludes_other_runners_until_it_expires() {
        try (ReplayRegistry r = open()) {
            r.create("r1", ReplayRequest.everything(T, List.of(A)), NOW);

            assertTrue(r.claim("r1", "a", NOW, LEASE));
            assertFalse(r.claim("r1", "b", NOW.plusSeconds(29), LEASE), "held by a");
            assertTrue(r.claim("r1", "a", NOW.plusSeconds(10), LEASE), "a claims again");
            assertEquals(Optional.of("a"), r.find("r1").orElseThrow().runner());
            assertTrue(r.renew("r1", "a", NOW.plusSeconds(20), LEASE));
            assertFalse(r.renew("r1", "b", NOW.plusSeconds(20), LEASE), "b holds nothing to renew");
            assertFalse(r.claim("r1", "b", NOW.plusSeconds(49), LEASE), "renewed until +50s");

            assertTrue(r.claim("r1", "b", NOW.plusSeconds(50), LEASE), "expired: b takes over");
            assertEquals(Optional.of("b"), r.find("r1").orElseThrow().runner());
            assertFalse(r.renew("r1", "a", NOW.plusSeconds(51), LEASE), "a lost it");
        }
    }

    @Test
    @DisplayName("progress fenced by a runner is written only while that runner holds the lease")
    void fenced_progress_needs_the_lease() {
        try (ReplayRegistry r = open()) {
            r.create("r1", ReplayRequest.everything(T, List.of(A)), NOW);
            r.savePlan("r1", A, 10, Map.of(StreamId.of("s"), 10L));
            assertTrue(r.claim("r1", "a", NOW, LEASE));
            assertTrue(r.saveProgress("r1", A, "4", 4, false, "a"));

            assertTrue(r.claim("r1", "b", NOW.plus(LEASE), LEASE), "a's lease expired");
            assertFalse(r.saveProgress("r1", A, "8", 4, false, "a"), "a was taken over");
            assertTrue(r.saveProgress("r1", A, "8", 4, false, "b"));

            StoredReplay s = r.find("r1").orElseThrow();
            assertEquals(8, s.sent(), "a's refused write left no trace");
            assertEquals(Optional.of("8"), s.sources().get(0).cursor());
        }
    }

    @Test
    @DisplayName("the progress of a page sent before a cancel is recorded, and tells the runner to stop")
    void progress_after_a_cancel_is_recorded_and_stops_the_run() {
        try (ReplayRegistry r = open()) {
            r.create("r1", ReplayRequest.everything(T, List.of(A)), NOW);
            r.savePlan("r1", A, 10, Map.of(StreamId.of("s"), 10L));
            assertTrue(r.claim("r1", "a", NOW, LEASE));
            assertTrue(r.transition("r1", ReplayState.CANCELLED, NOW), "cancelled through any instance's API");

            assertFalse(r.saveProgress("r1", A, "4", 4, false, "a"), "the runner is told to stop");
            assertEquals(4, r.find("r1").orElseThrow().sent(), "what was sent is counted");
        }
    }

    @Test
    @DisplayName("a released lease is free at once; a terminal replay cannot be claimed or renewed")
    void release_and_terminal_states() {
        try (ReplayRegistry r = open()) {
            r.create("r1", ReplayRequest.everything(T, List.of(A)), NOW);
            assertTrue(r.claim("r1", "a", NOW, LEASE));
            r.release("r1", "b");
            assertEquals(Optional.of("a"), r.find("r1").orElseThrow().runner(), "only the holder releases");
            r.release("r1", "a");
            assertEquals(Optional.empty(), r.find("r1").orElseThrow().runner());
            assertTrue(r.claim("r1", "b", NOW, LEASE));

            assertTrue(r.transition("r1", ReplayState.CANCELLED, NOW));
            assertFalse(r.renew("r1", "b", NOW, LEASE), "a cancelled replay tells its runner to stop");
            assertFalse(r.claim("r1", "c", NOW.plus(LEASE), LEASE));
            assertFalse(r.claim("missing", "c", NOW, LEASE));
        }
    }

    @Test
    @DisplayName("of many runners claiming at once, exactly one wins")
    void concurrent_claims_have_one_winner() throws Exception {
        try (ReplayRegistry r = open()) {
            r.create("r1", ReplayRequest.everything(T, List.of(A)), NOW);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Boolean>> claims = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String runner = "runner-" + i;
                    claims.add(pool.submit(() -> r.claim("r1", runner, NOW, LEASE)));
                }
                int winners = 0;
                for (Future<Boolean> c : claims) {
                    winners += c.get() ? 1 : 0;
                }
                assertEquals(1, winners);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    @DisplayName("many stream heads are kept and paged exactly")
    void many_heads() {
        try (ReplayRegistry r = open()) {
            r.create("r1", ReplayRequest.everything(T, List.of(A)), NOW);
            Map<StreamId, Long> heads = new HashMap<>();
            for (int i = 0; i < 4_500; i++) {
                heads.put(StreamId.of(String.format("stream-%05d", i)), (long) i + 1);
            }
            r.savePlan("r1", A, 10_000, heads);

            assertEquals(heads, r.heads("r1", A));
            assertEquals(List.of("stream-02000", "stream-02001"),
                    r.heads("r1", A, "stream-01999", 2).stream().map(h -> h.streamId().value()).toList());
            assertEquals(4_500, r.heads("r1", A, "", 5_000).size());
        }
    }
}
