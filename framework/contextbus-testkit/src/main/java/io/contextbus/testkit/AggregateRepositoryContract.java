package io.contextbus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextbus.aggregate.AggregateRepository;
import io.contextbus.aggregate.AggregateState;
import io.contextbus.aggregate.SnapshotCodec;
import io.contextbus.aggregate.StateFold;
import io.contextbus.error.StoreException;
import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.store.EventStore;
import io.contextbus.store.Snapshot;
import io.contextbus.store.SnapshotPolicy;
import io.contextbus.store.SnapshotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The core {@link AggregateRepository} on a real store and its snapshot capability: snapshots every
 * N commits, loads equal with and without snapshots, a failing snapshot store never fails a save,
 * a snapshot of another schema version is ignored. For adapters that declare snapshots
 * ({@link StoreFixture#snapshots}); it never skips.
 */
@DisplayName("aggregate repository contract")
@Timeout(120)
public abstract class AggregateRepositoryContract {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StoreFixture<?> fixture;
    private final List<AggregateRepository<Tally>> repositories = new ArrayList<>();
    private OpenedStores stores;
    private String location;
    private EventStore store;
    private SnapshotStore snapshots;

    protected AggregateRepositoryContract(StoreFixture<?> fixture) {
        this.fixture = fixture;
    }

    /** Test state: commits and events folded, and a checksum over their order and data. */
    record Tally(long commits, long events, long checksum) {
    }

    static final StateFold<Tally> FOLD = new StateFold<>() {
        @Override
        public Tally initialState() {
            return new Tally(0, 0, 17);
        }

        @Override
        public Tally apply(Tally t, Commit c) {
            long sum = t.checksum() * 31 + c.commitSequence();
            for (EventMessage e : c.events()) {
                sum = sum * 31 + e.type().hashCode() * 7L + e.data().length();
            }
            return new Tally(t.commits() + 1, t.events() + c.events().size(), sum);
        }
    };

    static SnapshotCodec<Tally> codec(int version) {
        return new SnapshotCodec<>() {
            @Override
            public int schemaVersion() {
                return version;
            }

            @Override
            public String write(Tally t) {
                return "{\"commits\":" + t.commits() + ",\"events\":" + t.events() + ",\"checksum\":" + t.checksum() + "}";
            }

            @Override
            public Tally read(String json) {
                try {
                    JsonNode n = JSON.readTree(json);
                    return new Tally(n.get("commits").asLong(), n.get("events").asLong(), n.get("checksum").asLong());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    @BeforeEach
    final void openStore() {
        stores = new OpenedStores(fixture);
        location = fixture.newLocation();
        store = stores.open(location);
        snapshots = fixture.snapshots(store).orElseThrow(() -> new AssertionError(
                "The fixture declares no snapshot store; an adapter without snapshots does not run this suite."));
    }

    @AfterEach
    final void closeAll() {
        repositories.forEach(AggregateRepository::close);
        stores.close();
    }

    private AggregateRepository<Tally> repository(SnapshotStore on, SnapshotCodec<Tally> codec, int every) {
        AggregateRepository<Tally> r = AggregateRepository.builder(store, FOLD)
                .snapshots(on, codec, SnapshotPolicy.everyCommits(every)).build();
        repositories.add(r);
        return r;
    }

    private AggregateState<Tally> fullReplay(EventStore on, StreamId stream) {
        try (AggregateRepository<Tally> plain = AggregateRepository.builder(on, FOLD).build()) {
            return plain.load(stream);
        }
    }

    private static AggregateState<Tally> saveCommits(AggregateRepository<Tally> r, StreamId stream, int n) {
        AggregateState<Tally> s = r.load(stream);
        for (int i = 0; i < n; i++) {
            List<EventMessage> events = new ArrayList<>();
            for (int e = 0; e <= i % 3; e++) {
                events.add(EventMessage.of("test.Counted", 1, "{\"commit\":" + (s.commitSequence() + 1) + ",\"event\":" + e + "}"));
            }
            s = r.save(s, events, UUID.randomUUID(), Map.of("n", Integer.toString(i)));
        }
        return s;
    }

    @Test
    @DisplayName("a snapshot every N commits; a load starts from the latest and folds only the commits after it")
    void snapshotEveryN() {
        AggregateRepository<Tally> r = repository(snapshots, codec(1), 4);
        StreamId stream = TestCommits.newStreamId("every-n");
        AggregateState<Tally> saved = saveCommits(r, stream, 10);
        Await.until(() -> r.stats().snapshotsWritten() == 2, PATIENCE, "snapshots at commits 4 and 8");

        assertEquals(8, snapshots.latestSnapshot(stream).orElseThrow().commitSequence());
        assertEquals(4, snapshots.latestSnapshot(stream, 7).orElseThrow().commitSequence());
        assertEquals(saved, r.load(stream), "the state saved is the state loaded");
        assertEquals(1, r.stats().loadsFromSnapshot());
        assertEquals(2, r.stats().commitsReplayed(), "commits 9 and 10 only");
    }

    @Test
    @DisplayName("loads are equal with and without snapshots (no commits, fewer than N, on a boundary, past it), also from another store instance")
    void loadsEqualWithAndWithout() {
        AggregateRepository<Tally> r = repository(snapshots, codec(1), 5);
        int[] lengths = {0, 3, 10, 23};
        List<StreamId> streams = new ArrayList<>();
        for (int n : lengths) {
            StreamId stream = TestCommits.newStreamId("equal-" + n);
            saveCommits(r, stream, n);
            streams.add(stream);
        }
        Await.until(() -> r.stats().snapshotsWritten() == 2 + 4, PATIENCE, "snapshots at 5, 10 and 5, 10, 15, 20");
        EventStore other = stores.open(location);
        for (StreamId stream : streams) {
            assertEquals(fullReplay(other, stream), r.load(stream), "stream " + stream);
        }
        assertEquals(2, r.stats().loadsFromSnapshot(), "streams of 10 and 23 commits load from a snapshot");
        assertEquals(0 + 3 + 0 + 3, r.stats().commitsReplayed());
    }

    @Test
    @DisplayName("a failing snapshot store never fails a save; the failures are counted and loads fold from commit 1")
    void failingSnapshotStoreDoesNotFailSaves() {
        SnapshotStore failing = new SnapshotStore() {
            @Override
            public void saveSnapshot(Snapshot snapshot) {
                throw new StoreException("snapshot store unavailable (test)", true, null);
            }

            @Override
            public Optional<Snapshot> latestSnapshot(StreamId streamId, long maxCommitSequence) {
                return snapshots.latestSnapshot(streamId, maxCommitSequence);
            }
        };
        AggregateRepository<Tally> r = repository(failing, codec(1), 3);
        StreamId stream = TestCommits.newStreamId("failing");
        AggregateState<Tally> saved = saveCommits(r, stream, 9);

        assertEquals(9, store.lastCommitSequence(stream), "every save appended");
        Await.until(() -> r.stats().snapshotsFailed() == 3, PATIENCE, "three failed snapshot writes counted");
        assertEquals(Optional.empty(), snapshots.latestSnapshot(stream));
        assertEquals(saved, r.load(stream));
        assertEquals(fullReplay(store, stream), r.load(stream));
    }

    @Test
    @DisplayName("a snapshot of another schema version is ignored (full replay); the next due snapshot is written with the new version and used")
    void staleSchemaVersionIgnored() {
        AggregateRepository<Tally> v1 = repository(snapshots, codec(1), 3);
        StreamId stream = TestCommits.newStreamId("stale");
        saveCommits(v1, stream, 7);
        Await.until(() -> v1.stats().snapshotsWritten() == 2, PATIENCE, "v1 snapshots at 3 and 6");
        v1.close();

        SnapshotCodec<Tally> strictV2 = new SnapshotCodec<>() {
            @Override
            public int schemaVersion() {
                return 2;
            }

            @Override
            public String write(Tally state) {
                return codec(2).write(state);
            }

            @Override
            public Tally read(String json) {
                Tally t = codec(2).read(json);
                assertTrue(json.contains("\"commits\":9"), "only the v2 snapshot at 9 is read, not " + json);
                return t;
            }
        };
        AggregateRepository<Tally> v2 = repository(snapshots, strictV2, 3);
        AggregateState<Tally> loaded = v2.load(stream);
        assertEquals(fullReplay(store, stream), loaded);
        assertEquals(1, v2.stats().staleSnapshots());
        assertEquals(7, v2.stats().commitsReplayed(), "folded from commit 1");

        AggregateState<Tally> s = loaded;
        for (int i = 0; i < 2; i++) {
            s = v2.save(s, List.of(EventMessage.of("test.Counted", 1, "{\"more\":" + i + "}")), UUID.randomUUID(), Map.of());
        }
        Await.until(() -> v2.stats().snapshotsWritten() == 1, PATIENCE, "a v2 snapshot at 9");
        assertEquals(2, snapshots.latestSnapshot(stream).orElseThrow().schemaVersion());
        assertEquals(s, v2.load(stream));
        assertEquals(1, v2.stats().loadsFromSnapshot());
    }
}
