package io.contextbus.aggregate;

import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.store.EventStore;
import io.contextbus.store.Snapshot;
import io.contextbus.store.SnapshotPolicy;
import io.contextbus.store.SnapshotStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and saves event-sourced aggregates on an {@link EventStore}, with optional snapshots.
 *
 * <p>{@link #load} starts from the stream's latest snapshot, when there is one whose schema version
 * is the codec's and which reads, and folds the commits after it; otherwise it folds the stream
 * from commit 1. Both give the same state (the fold is pure), snapshots only save time.
 * {@link #save} appends one commit after the state it was decided on, with the store's optimistic
 * concurrency (a {@link io.contextbus.error.ConcurrencyException} when another writer appended
 * first; the same commitId at the same sequence is idempotent), and when the commit's sequence is a
 * multiple of the {@link SnapshotPolicy}, queues a snapshot of the new state. Snapshots are written
 * on a background thread with a bounded queue: a slow, full or failing snapshot store never delays
 * or fails a save (failures are logged once each, with the stream, and counted in
 * {@link #stats()}). {@link #close()} writes what is queued (up to a timeout) and stops that
 * thread; it does not close the store. Thread-safe; it keeps no state in memory between calls.
 *
 * @param <S> the aggregate's state: an immutable value
 */
public final class AggregateRepository<S> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AggregateRepository.class);

    private final EventStore store;
    private final StateFold<S> fold;
    private final Clock clock;
    private final Optional<SnapshotStore> snapshots;
    private final SnapshotCodec<S> codec;
    private final SnapshotPolicy policy;
    private final SnapshotWriter writer;
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong loadsFromSnapshot = new AtomicLong();
    private final AtomicLong commitsReplayed = new AtomicLong();
    private final AtomicLong staleSnapshots = new AtomicLong();
    private final AtomicLong unreadableSnapshots = new AtomicLong();

    private AggregateRepository(Builder<S> b) {
        this.store = b.store;
        this.fold = b.fold;
        this.clock = b.clock;
        this.snapshots = Optional.ofNullable(b.snapshots);
        this.codec = b.codec;
        this.policy = b.policy;
        this.writer = b.snapshots == null ? null
                : new SnapshotWriter(store.context(), b.snapshots, b.queueCapacity, b.closeTimeout);
    }

    /** A repository of the aggregates kept in {@code store}, whose state {@code fold} builds. */
    public static <S> Builder<S> builder(EventStore store, StateFold<S> fold) {
        return new Builder<>(store, fold);
    }

    /** The state of {@code streamId} after its last commit; an unknown stream loads as the fold's initial state. */
    public AggregateState<S> load(StreamId streamId) {
        ValidationException.requireNonNull(streamId, "streamId");
        AggregateState<S> start = fromSnapshot(streamId)
                .orElseGet(() -> AggregateState.empty(streamId, initialState()));
        AggregateState<S> loaded = foldAfter(start, store.readStream(streamId, start.commitSequence() + 1));
        loads.incrementAndGet();
        commitsReplayed.addAndGet(loaded.commitSequence() - start.commitSequence());
        return loaded;
    }

    /**
     * Appends {@code events} as commit {@code base.nextCommitSequence()} of {@code base}'s stream and
     * returns the state after it. A snapshot, when due, is queued and written in the background.
     *
     * @param base     the state the events were decided on (from {@link #load} or a previous save)
     * @param commitId the idempotency key: a retry with the same commitId at the same sequence
     *                 returns the stored commit's state and writes nothing
     * @throws io.contextbus.error.ConcurrencyException when the stream no longer ends at {@code base}:
     *         load again, decide again
     * @throws io.contextbus.error.CommitIdReusedException when the stream holds {@code commitId} at
     *         another sequence
     * @throws ValidationException naming the bad argument; nothing is written
     */
    public AggregateState<S> save(AggregateState<S> base, List<EventMessage> events, UUID commitId,
                                  Map<String, String> headers) {
        ValidationException.requireNonNull(base, "base");
        ValidationException.requireNonNull(events, "events");
        ValidationException.require(!events.isEmpty(), "events", "cannot be empty: a commit holds at least one event.");
        ValidationException.requireNonNull(commitId, "commitId");
        ValidationException.requireNonNull(headers, "headers");
        CommitAttempt attempt = new CommitAttempt(base.streamId(), base.nextCommitSequence(),
                base.streamRevision() + events.size(), commitId, clock.instant(), headers, events);
        Commit stored = store.append(attempt);
        AggregateState<S> after = new AggregateState<>(base.streamId(), stored.commitSequence(),
                stored.streamRevision(), applied(base.state(), stored));
        if (writer != null && policy.isDue(after.commitSequence())) {
            writer.submit(after.streamId().value(), after.commitSequence(), () -> new Snapshot(after.streamId(),
                    after.commitSequence(), after.streamRevision(), codec.schemaVersion(), codec.write(after.state())));
        }
        return after;
    }

    /** Counters since this repository was built. */
    public RepositoryStats stats() {
        return new RepositoryStats(loads.get(), loadsFromSnapshot.get(), commitsReplayed.get(), staleSnapshots.get(),
                unreadableSnapshots.get(), writer == null ? 0 : writer.written.get(),
                writer == null ? 0 : writer.failed.get(), writer == null ? 0 : writer.skipped.get());
    }

    /** Writes the queued snapshots (up to the close timeout) and stops the snapshot thread. Idempotent. */
    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
    }

    private Optional<AggregateState<S>> fromSnapshot(StreamId streamId) {
        if (snapshots.isEmpty()) {
            return Optional.empty();
        }
        Optional<Snapshot> latest;
        try {
            latest = snapshots.get().latestSnapshot(streamId);
        } catch (RuntimeException e) {
            unreadableSnapshots.incrementAndGet();
            LOG.warn("snapshot read failed, folding from commit 1 context={} stream={} error=\"{}\"", store.context(),
                    streamId, e.toString());
            return Optional.empty();
        }
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Snapshot s = latest.get();
        if (s.schemaVersion() != codec.schemaVersion()) {
            staleSnapshots.incrementAndGet();
            LOG.debug("stale snapshot ignored context={} stream={} seq={} schemaVersion={} current={}",
                    store.context(), streamId, s.commitSequence(), s.schemaVersion(), codec.schemaVersion());
            return Optional.empty();
        }
        try {
            S state = ValidationException.requireNonNull(codec.read(s.state()), "state");
            loadsFromSnapshot.incrementAndGet();
            return Optional.of(new AggregateState<>(streamId, s.commitSequence(), s.streamRevision(), state));
        } catch (RuntimeException e) {
            unreadableSnapshots.incrementAndGet();
            LOG.warn("snapshot unreadable, folding from commit 1 context={} stream={} seq={} error=\"{}\"",
                    store.context(), streamId, s.commitSequence(), e.toString());
            return Optional.empty();
        }
    }

    private AggregateState<S> foldAfter(AggregateState<S> start, List<Commit> commits) {
        S state = start.state();
        long sequence = start.commitSequence();
        long revision = start.streamRevision();
        for (Commit c : commits) {
            state = applied(state, c);
            sequence = c.commitSequence();
            revision = c.streamRevision();
        }
        return new AggregateState<>(start.streamId(), sequence, revision, state);
    }

    private S initialState() {
        S initial = fold.initialState();
        if (initial == null) {
            throw new ValidationException("initialState", "'initialState' cannot be null: the fold returned null.");
        }
        return initial;
    }

    private S applied(S state, Commit commit) {
        S next = fold.apply(state, commit);
        if (next == null) {
            throw new ValidationException("state", "'state' cannot be null: the fold returned null for commit "
                    + commit.key() + ".");
        }
        return next;
    }

    /** Options of a repository: snapshots are off unless {@link #snapshots} is called. */
    public static final class Builder<S> {
        /** Snapshots queued at most, by default. */
        public static final int DEFAULT_QUEUE_CAPACITY = 1024;
        private final EventStore store;
        private final StateFold<S> fold;
        private Clock clock = Clock.systemUTC();
        private SnapshotStore snapshots;
        private SnapshotCodec<S> codec;
        private SnapshotPolicy policy = SnapshotPolicy.NEVER;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Duration closeTimeout = Duration.ofSeconds(10);

        private Builder(EventStore store, StateFold<S> fold) {
            this.store = ValidationException.requireNonNull(store, "store");
            this.fold = ValidationException.requireNonNull(fold, "fold");
        }

        /** Snapshot every {@code policy.every()} commits into {@code snapshots}, written with {@code codec}. */
        public Builder<S> snapshots(SnapshotStore snapshots, SnapshotCodec<S> codec, SnapshotPolicy policy) {
            this.snapshots = ValidationException.requireNonNull(snapshots, "snapshots");
            this.codec = ValidationException.requireNonNull(codec, "codec");
            this.policy = ValidationException.requireNonNull(policy, "policy");
            ValidationException.require(codec.schemaVersion() >= 1, "schemaVersion",
                    "must be at least 1 but was " + codec.schemaVersion() + ".");
            return this;
        }

        /** How many snapshots may wait to be written (1..100000); more are skipped. */
        public Builder<S> snapshotQueueCapacity(int capacity) {
            ValidationException.require(capacity >= 1 && capacity <= 100_000, "snapshotQueueCapacity",
                    "must be between 1 and 100000 but was " + capacity + ".");
            this.queueCapacity = capacity;
            return this;
        }

        /** How long {@link AggregateRepository#close()} lets queued snapshots be written. */
        public Builder<S> closeTimeout(Duration timeout) {
            ValidationException.requireNonNull(timeout, "closeTimeout");
            ValidationException.require(!timeout.isNegative(), "closeTimeout", "cannot be negative but was " + timeout + ".");
            this.closeTimeout = timeout;
            return this;
        }

        /** The clock that stamps commits; the system clock by default. */
        public Builder<S> clock(Clock clock) {
            this.clock = ValidationException.requireNonNull(clock, "clock");
            return this;
        }

        public AggregateRepository<S> build() {
            return new AggregateRepository<>(this);
        }
    }
}
