package io.contextbus.replay.service.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import io.contextbus.replay.service.ReplayTransport;
import io.contextbus.replay.service.SqliteSourceStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayEngineTest {
    static final ContextName SOURCE = ContextName.of("ordering");
    static final ContextName TARGET = ContextName.of("shipping");

    @TempDir
    Path dir;

    static final ReplayTransport NOTHING_SENT = new ReplayTransport() {
        @Override
        public void send(ContextName source, ContextName target, String replayId, List<Commit> commits) {
            throw new AssertionError("an interrupted replay must not send");
        }

        @Override
        public void close() {
        }
    };

    @Test
    @DisplayName("told not to resume, a restart marks unfinished replays INTERRUPTED with their exact counts")
    void unfinished_replays_are_interrupted_with_exact_counts() {
        try (ReplayRegistry registry = ReplayRegistry.open(dir.resolve("r.db"));
             SqliteSourceStores stores = new SqliteSourceStores(Map.of(SOURCE, dir))) {
            // given a replay a killed process left RUNNING with 40 of 100 commits recorded
            registry.create("r1", ReplayRequest.everything(TARGET, List.of(SOURCE)), Instant.now());
            registry.transition("r1", ReplayState.RUNNING, Instant.now());
            registry.savePlan("r1", SOURCE, 100, Map.of(StreamId.of("s"), 100L));
            registry.saveProgress("r1", SOURCE, "40", 40, false);
            EngineSettings settings = new EngineSettings(10, 1, 10, 0, 1, 1, 0, Duration.ofMillis(1));

            // when
            try (ReplayEngine engine = new ReplayEngine(registry, stores, NOTHING_SENT, settings, Clock.systemUTC())) {
                engine.recover(false);
            }

            // then
            StoredReplay r = registry.find("r1").orElseThrow();
            assertEquals(ReplayState.INTERRUPTED, r.state());
            assertEquals(40, r.sent());
            assertEquals(100, r.planned());
            assertTrue(r.finishedAt().isPresent());
            assertTrue(r.errors().get(0).contains("sent 40 of 100"), r.errors().toString());
        }
    }
}
