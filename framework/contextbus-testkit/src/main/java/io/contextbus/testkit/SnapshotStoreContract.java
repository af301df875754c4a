package io.contextbus.testkit;

import static io.contextbus.testkit.EventStoreValidation.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.contextbus.model.Commit;
import io.contextbus.model.StreamId;
import io.contextbus.store.EventStore;
import io.contextbus.store.Snapshot;
import io.contextbus.store.SnapshotPolicy;
import io.contextbus.store.SnapshotStore;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The snapshot contract, for adapters that declare the capability
 * ({@link StoreFixture#snapshots} not empty). It never skips: a subclass whose fixture declares no
 * snapshot store fails every test; an adapter without snapshots simply does not subclass it.
 */
@DisplayName("snapshot store contract")
@Timeout(60)
public abstract class SnapshotStoreContract {
    private final StoreFixture<?> fixture;
    private OpenedStores stores;
    private String location;
    private EventStore store;
    private SnapshotStore snapshots;

    protected SnapshotStoreContract(StoreFixture<?> fixture) {
        this.fixture = fixture;
    }

    @BeforeEach
    final void openStore() {
        stores = new OpenedStores(fixture);
        location = fixture.newLocation();
        store = stores.open(location);
        snapshots = declared(store);
    }

    @AfterEach
    final void closeStores() {
        stores.close();
    }

    @Test
    @DisplayName("snapshots taken every N commits by a SnapshotPolicy; latestSnapshot finds the newest at or below a sequence")
    void policyAndLatest() {
        // given a stream of 10 commits with a snapshot wherever the policy (every 3) says so
        StreamId stream = TestCommits.newStreamId("snap");
        SnapshotPolicy policy = SnapshotPolicy.everyCommits(3);
        for (long seq = 1; seq <= 10; seq++) {
            Commit c = store.append(TestCommits.attempt(stream, seq));
            if (policy.isDue(c.commitSequence())) {
                snapshots.saveSnapshot(snapshotAt(c, "{\"folded\":" + seq + "}"));
            }
        }

        // then the latest is at 9, the latest at or below 8 is at 6, nothing at or below 2
        assertEquals(9, snapshots.latestSnapshot(stream).orElseThrow().commitSequence());
        assertEquals(6, snapshots.latestSnapshot(stream, 8).orElseThrow().commitSequence());
        assertEquals(3, snapshots.latestSnapshot(stream, 3).orElseThrow().commitSequence());
        assertEquals(Optional.empty(), snapshots.latestSnapshot(stream, 2));
        assertEquals(Optional.empty(), snapshots.latestSnapshot(TestCommits.newStreamId("no-snap")));
    }

    @Test
    @DisplayName("a snapshot keeps every field, replaces one at the same sequence, and survives reopening")
    void roundTripAndReplace() {
        // given a snapshot at commit 2
        StreamId stream = TestCommits.newStreamId("snap-fields");
        store.append(TestCommits.attempt(stream, 1));
        Commit second = store.append(TestCommits.attempt(stream, 2));
        snapshots.saveSnapshot(new Snapshot(stream, 2, second.streamRevision(), 4, "{\"v\":\"old\"}"));

        // when it is saved again with other state
        Snapshot replacement = new Snapshot(stream, 2, second.streamRevision(), 5,
                "{\"name\":\"Zoë 😀\",\"amount\":12345678901234567890.123456789}");
        snapshots.saveSnapshot(replacement);

        // then the later state is kept, intact, also after reopening
        assertSameSnapshot(replacement, snapshots.latestSnapshot(stream).orElseThrow());
        stores.close(store);
        EventStore reopened = stores.open(location);
        assertSameSnapshot(replacement, declared(reopened).latestSnapshot(stream).orElseThrow());
    }

    @Test
    @DisplayName("a snapshot beyond the stream's end is refused with a ValidationException and not saved")
    void beyondTheEndIsRefused() {
        // given a stream of 2 commits
        StreamId stream = TestCommits.newStreamId("snap-ahead");
        store.append(TestCommits.attempt(stream, 1));
        store.append(TestCommits.attempt(stream, 2));

        // when snapshots at 3 and on an empty stream are saved, then they are refused
        assertRefused("commitSequence", () -> snapshots.saveSnapshot(new Snapshot(stream, 3, 3, 1, "{}")));
        StreamId empty = TestCommits.newStreamId("snap-empty");
        assertRefused("commitSequence", () -> snapshots.saveSnapshot(new Snapshot(empty, 1, 1, 1, "{}")));
        assertRefused("snapshot", () -> snapshots.saveSnapshot(null));
        assertRefused("streamId", () -> snapshots.latestSnapshot(null, 1));

        // and nothing was saved
        assertEquals(Optional.empty(), snapshots.latestSnapshot(stream));
        assertEquals(Optional.empty(), snapshots.latestSnapshot(empty));
    }

    private SnapshotStore declared(EventStore s) {
        return fixture.snapshots(s).orElseGet(() -> fail(fixture.getClass().getName()
                + " declares no SnapshotStore (snapshots() is empty), yet " + getClass().getName()
                + " subclasses SnapshotStoreContract. Return the adapter's SnapshotStore from snapshots(),"
                + " or do not subclass this suite if the adapter has no snapshots."));
    }

    private static Snapshot snapshotAt(Commit c, String state) {
        return new Snapshot(c.streamId(), c.commitSequence(), c.streamRevision(), 1, state);
    }

    private static void assertSameSnapshot(Snapshot expected, Snapshot actual) {
        assertEquals(expected.streamId(), actual.streamId());
        assertEquals(expected.commitSequence(), actual.commitSequence());
        assertEquals(expected.streamRevision(), actual.streamRevision());
        assertEquals(expected.schemaVersion(), actual.schemaVersion());
        JsonAssertions.assertSameJson(expected.state(), actual.state(), "snapshot state");
    }
}
