package io.contextbus.replay.service.implementation;

import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import io.contextbus.replay.StreamHead;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The replay service's durable book of replays: requests, states, per source the plan, the count
 * of acknowledged sends and the read cursor after them (written together, so after a crash the
 * counts are exactly those of the cursor), the per-stream heads of the plan, errors, and the
 * runner lease that lets one of several service instances run a replay (ADR 0015). A terminal
 * state is never overwritten. Implementations: {@link SqliteReplayRegistry} (one process, a local
 * file) and {@link CosmosReplayRegistry} (shared by replicas). Thread-safe.
 */
interface ReplayRegistry extends AutoCloseable {

    /** The SQLite registry in {@code file}, created when missing. */
    static ReplayRegistry open(Path file) {
        return SqliteReplayRegistry.open(file);
    }

    void create(String id, ReplayRequest request, Instant now);

    /** Moves a non-terminal replay to {@code state}; false when it was already terminal. */
    boolean transition(String id, ReplayState state, Instant now);

    void resumed(String id);

    void error(String id, Instant at, String message);

    /** Records a source's finished plan: its commit count and each planned stream's last sequence. */
    void savePlan(String id, ContextName source, long planned, Map<StreamId, Long> heads);

    /** Records acknowledged sends and the cursor after them, atomically. */
    default void saveProgress(String id, ContextName source, String cursor, long sentDelta, boolean done) {
        saveProgress(id, source, cursor, sentDelta, done, null);
    }

    /**
     * As {@link #saveProgress(String, ContextName, String, long, boolean)}, fenced: when
     * {@code runner} is not null, nothing is written unless {@code runner} still holds the replay's
     * lease. The progress of a replay cancelled meanwhile is still written (its commits were sent).
     * Returns whether the run should go on: written, and the replay not terminal.
     */
    boolean saveProgress(String id, ContextName source, String cursor, long sentDelta, boolean done, String runner);

    Map<StreamId, Long> heads(String id, ContextName source);

    /** Up to {@code limit} planned stream heads of one source, in stream id order after {@code after}. */
    List<StreamHead> heads(String id, ContextName source, String after, int limit);

    Optional<StoredReplay> find(String id);

    /** The newest {@code limit} replays, newest first. */
    List<StoredReplay> list(int limit);

    /** The replays not in a terminal state, oldest first. */
    List<StoredReplay> unfinished();

    /**
     * Takes the lease of an unfinished replay for {@code runner} until {@code now + ttl}: succeeds
     * when no runner holds it, its lease expired, or {@code runner} already holds it. Of two
     * runners claiming at once, at most one succeeds.
     */
    boolean claim(String id, String runner, Instant now, Duration ttl);

    /** Extends the lease {@code runner} holds; false when another runner holds it or the replay is terminal. */
    boolean renew(String id, String runner, Instant now, Duration ttl);

    /** Gives up the lease if {@code runner} holds it. */
    void release(String id, String runner);

    @Override
    void close();
}
