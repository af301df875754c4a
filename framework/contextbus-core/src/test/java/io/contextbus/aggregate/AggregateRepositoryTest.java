package io.contextbus.aggregate;

import static io.contextbus.testing.Conditions.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.contextbus.dispatch.InMemoryEventStore;
import io.contextbus.error.ConcurrencyException;
import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.store.SnapshotPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The repository on core's in-memory store and an in-memory snapshot store that can fail or hang. */
@Timeout(120)
class AggregateRepositoryTest {
    private static final StreamId STREAM = StreamId.of("tally-1");
    private final InMemoryEventStore store = new InMemoryEventStore(ContextName.of("ordering"));
    private final MemorySnapshots snapshots = new MemorySnapshots();
    private AggregateRepository<Tally> repository;

    @AfterEach
    void close() {
        CountDownLatch gate = snapshots.gate;
        if (gate != null) {
            gate.countDown();
        }
        if (repository != null) {
            repository.close();
        }
    }

    private AggregateRepository<Tally> withSnapshots(int every, int version) {
        return AggregateRepository.builder(store, Tally.FOLD)
                .snapshots(snapshots, Tally.codec(version), SnapshotPolicy.everyCommits(every)).build();
    }

    private static AggregateState<Tally> saveCommits(AggregateRepository<Tally> repo, StreamId stream, int n) {
        AggregateState<Tally> s = repo.load(stream);
        for (int i = 0; i < n; i++) {
            s = repo.save(s, Tally.events(1 + i % 3), UUID.randomUUID(), Map.of());
        }
        return s;
    }

    private AggregateState<Tally> fullReplay(StreamId stream) {
        try (AggregateRepository<Tally> plain = AggregateRepository.builder(store, Tally.FOLD).build()) {
            return plain.load(stream);
        }
    }

    @Test
    @DisplayName("a snapshot is written every N commits, and a load starts from the latest one")
    void snapshotsEveryN() {
        repository = withSnapshots(3, 1);
        AggregateState<Tally> saved = saveCommits(repository, STREAM, 7);
        await(() -> repository.stats().snapshotsWritten() == 2, "snapshots at 3 and 6");

        assertEquals(6, snapshots.latestSnapshot(STREAM).orElseThrow().commitSequence());
        assertEquals(3, snapshots.latestSnapshot(STREAM, 5).orElseThrow().commitSequence());
        AggregateState<Tally> loaded = repository.load(STREAM);
        assertEquals(saved, loaded, "the state saved is the state loaded");
        assertEquals(fullReplay(STREAM), loaded, "from the snapshot as from commit 1");
        assertEquals(1, repository.stats().loadsFromSnapshot());
        assertEquals(1, repository.stats().commitsReplayed(), "commit 7 only, after the snapshot at 6");
    }

    @Test
    @DisplayName("a failing snapshot store never fails a save; failures are counted and loads replay")
    void failingSnapshotStore() {
        snapshots.failSaves = true;
        repository = withSnapshots(2, 1);
        AggregateState<Tally> saved = saveCommits(repository, STREAM, 6);
        await(() -> repository.stats().snapshotsFailed() == 3, "three failed snapshot writes");

        assertEquals(6, saved.commitSequence());
        assertEquals(saved, repository.load(STREAM));
        assertEquals(0, repository.stats().snapshotsWritten());
        assertEquals(0, repository.stats().loadsFromSnapshot());
    }

    @Test
    @DisplayName("a snapshot of another schema version is ignored: the stream is folded from commit 1")
    void staleVersionIgnored() {
        repository = withSnapshots(2, 1);
        saveCommits(repository, STREAM, 4);
        await(() -> repository.stats().snapshotsWritten() == 2, "two v1 snapshots");
        repository.close();

        SnapshotCodec<Tally> v2 = new SnapshotCodec<>() {
            @Override
            public int schemaVersion() {
                return 2;
            }

            @Override
            public String write(Tally state) {
                return Tally.codec(2).write(state);
            }

            @Override
            public Tally read(String json) {
                throw new AssertionError("a v1 snapshot was read as v2: " + json);
            }
        };
        repository = AggregateRepository.builder(store, Tally.FOLD)
                .snapshots(snapshots, v2, SnapshotPolicy.everyCommits(2)).build();
        assertEquals(fullReplay(STREAM), repository.load(STREAM));
        assertEquals(1, repository.stats().staleSnapshots());
        assertEquals(4, repository.stats().commitsReplayed());
    }

    @Test
    @DisplayName("a snapshot the codec cannot read is ignored and counted")
    void unreadableSnapshotIgnored() {
        repository = withSnapshots(2, 1);
        saveCommits(repository, STREAM, 3);
        await(() -> repository.stats().snapshotsWritten() == 1, "one snapshot");
        repository.close();
        SnapshotCodec<Tally> broken = new SnapshotCodec<>() {
            @Override
            public int schemaVersion() {
                return 1;
            }

            @Override
            public String write(Tally state) {
                return "{}";
            }

            @Override
            public Tally read(String json) {
                throw new IllegalArgumentException("cannot read " + json);
            }
        };
        repository = AggregateRepository.builder(store, Tally.FOLD)
                .snapshots(snapshots, broken, SnapshotPolicy.everyCommits(2)).build();

        assertEquals(fullReplay(STREAM), repository.load(STREAM));
        assertEquals(1, repository.stats().unreadableSnapshots());
    }

    @Test
    @DisplayName("a hung snapshot store: saves go on, the bounded queue skips what does not fit, close gives up after its timeout")
    void boundedQueueAndCloseTimeout() throws InterruptedException {
        snapshots.gate = new CountDownLatch(1);
        repository = AggregateRepository.builder(store, Tally.FOLD)
                .snapshots(snapshots, Tally.codec(1), SnapshotPolicy.everyCommits(1))
                .snapshotQueueCapacity(2).closeTimeout(Duration.ofMillis(200)).build();
        AggregateState<Tally> s = repository.save(repository.load(STREAM), Tally.events(1), UUID.randomUUID(), Map.of());
        assertTrue(snapshots.entered.await(30, TimeUnit.SECONDS), "the writer took the first snapshot");
        for (int i = 0; i < 5; i++) {
            s = repository.save(s, Tally.events(1), UUID.randomUUID(), Map.of());
        }
        assertEquals(6, s.commitSequence(), "every save returned while the snapshot store hangs");
        assertEquals(3, repository.stats().snapshotsSkipped(), "two queued, three skipped");

        repository.close();
        assertEquals(5, repository.stats().snapshotsSkipped(), "the two queued ones dropped at close");
        repository.save(s, Tally.events(1), UUID.randomUUID(), Map.of());
        assertEquals(6, repository.stats().snapshotsSkipped(), "after close, due snapshots are skipped");
    }

    @Test
    @DisplayName("close writes the queued snapshots before it returns")
    void closeWritesQueued() {
        snapshots.gate = new CountDownLatch(1);
        repository = withSnapshots(1, 1);
        saveCommits(repository, STREAM, 3);
        snapshots.gate.countDown();
        repository.close();
        assertEquals(3, repository.stats().snapshotsWritten());
        assertEquals(3, snapshots.latestSnapshot(STREAM).orElseThrow().commitSequence());
    }

    @Test
    @DisplayName("a save on a stale state is refused by the store's optimistic concurrency; a retry with the same commitId is idempotent")
    void concurrency() {
        repository = withSnapshots(10, 1);
        AggregateState<Tally> base = repository.load(STREAM);
        UUID commitId = UUID.randomUUID();
        AggregateState<Tally> first = repository.save(base, Tally.events(1), commitId, Map.of());

        assertEquals(first, repository.save(base, Tally.events(1), commitId, Map.of()), "retry with the same commitId");
        ConcurrencyException e = assertThrows(ConcurrencyException.class,
                () -> repository.save(base, Tally.events(1), UUID.randomUUID(), Map.of()));
        assertEquals(2, e.nextCommitSequence());
    }

    @Test
    @DisplayName("bad input is refused naming the field, and nothing is written")
    void badInput() {
        repository = withSnapshots(2, 1);
        AggregateState<Tally> base = repository.load(STREAM);
        assertField("store", () -> AggregateRepository.builder(null, Tally.FOLD));
        assertField("fold", () -> AggregateRepository.builder(store, null));
        assertField("streamId", () -> repository.load(null));
        assertField("base", () -> repository.save(null, Tally.events(1), UUID.randomUUID(), Map.of()));
        assertField("events", () -> repository.save(base, null, UUID.randomUUID(), Map.of()));
        assertField("events", () -> repository.save(base, List.of(), UUID.randomUUID(), Map.of()));
        assertField("commitId", () -> repository.save(base, Tally.events(1), null, Map.of()));
        assertField("headers", () -> repository.save(base, Tally.events(1), UUID.randomUUID(), null));
        assertField("snapshotQueueCapacity", () -> AggregateRepository.builder(store, Tally.FOLD).snapshotQueueCapacity(0));
        assertField("closeTimeout", () -> AggregateRepository.builder(store, Tally.FOLD).closeTimeout(Duration.ofSeconds(-1)));
        assertField("schemaVersion", () -> AggregateRepository.builder(store, Tally.FOLD)
                .snapshots(snapshots, Tally.codec(0), SnapshotPolicy.everyCommits(2)));
        assertField("policy", () -> AggregateRepository.builder(store, Tally.FOLD).snapshots(snapshots, Tally.codec(1), null));
        assertField("commitSequence", () -> new AggregateState<>(STREAM, -1, 0, new Tally(0, 0, 0)));
        assertField("state", () -> new AggregateState<Tally>(STREAM, 0, 0, null));
        assertEquals(0, store.lastCommitSequence(STREAM), "nothing written");

        StateFold<Tally> nullFold = new StateFold<>() {
            @Override
            public Tally initialState() {
                return new Tally(0, 0, 0);
            }

            @Override
            public Tally apply(Tally state, io.contextbus.model.Commit commit) {
                return null;
            }
        };
        try (AggregateRepository<Tally> bad = AggregateRepository.builder(store, nullFold).build()) {
            ValidationException e = assertThrows(ValidationException.class,
                    () -> bad.save(bad.load(STREAM), Tally.events(1), UUID.randomUUID(), Map.of()));
            assertEquals("state", e.field());
            assertTrue(e.getMessage().contains("tally-1:1"), e.getMessage());
        }
    }

    private static void assertField(String field, Runnable call) {
        ValidationException e = assertThrows(ValidationException.class, call::run);
        assertEquals(field, e.field(), e.getMessage());
    }
}
