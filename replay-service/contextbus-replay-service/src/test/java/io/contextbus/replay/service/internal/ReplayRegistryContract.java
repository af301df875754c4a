package io.contextbus.replay.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayRegistryTest {
    static final ContextName T = ContextName.of("shipping");
    static final ContextName A = ContextName.of("ordering");
    static final ContextName B = ContextName.of("catalog");
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    @DisplayName("progress and cursor survive reopening the file, exactly")
    void progress_is_durable() {
        try (ReplayRegistry r = ReplayRegistry.open(dir.resolve("r.db"))) {
            r.create("r1", ReplayRequest.everything(T, List.of(A, B)), NOW);
            r.transition("r1", ReplayState.RUNNING, NOW);
            r.savePlan("r1", A, 5, Map.of(StreamId.of("s1"), 3L, StreamId.of("s2"), 2L));
            r.savePlan("r1", B, 0, Map.of());
            r.saveProgress("r1", A, "42", 3, false);
        }
        try (ReplayRegistry r = ReplayRegistry.open(dir.resolve("r.db"))) {
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
        try (ReplayRegistry r = ReplayRegistry.open(dir.resolve("r.db"))) {
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
        try (ReplayRegistry r = ReplayRegistry.open(dir.resolve("r.db"))) {
            r.create("r1", ReplayRequest.everything(T, List.of(A)), NOW);
            r.savePlan("r1", A, 6, Map.of(StreamId.of("c"), 1L, StreamId.of("a"), 2L, StreamId.of("b"), 3L));

            assertEquals(List.of("a", "b"), r.heads("r1", A, "", 2).stream().map(h -> h.streamId().value()).toList());
            assertEquals(List.of("c"), r.heads("r1", A, "b", 2).stream().map(h -> h.streamId().value()).toList());
        }
    }

    @Test
    void lists_newest_first_and_records_errors_and_resumes() {
        try (ReplayRegistry r = ReplayRegistry.open(dir.resolve("r.db"))) {
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
}
