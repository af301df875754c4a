package io.contextbus.store.cosmos;

import static io.contextbus.testkit.TestCommits.attempt;
import static io.contextbus.testkit.TestCommits.newStreamId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.CommitPage;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.store.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cosmos store: read-all through the change feed")
class CosmosReadAllIT {
    private CosmosStores stores;
    private CosmosEventStore store;

    @BeforeEach
    void open() {
        stores = CosmosTestStores.connect();
        store = stores.eventStore(ContextName.of("ordering"));
    }

    @AfterEach
    void close() {
        stores.close();
    }

    @Test
    @DisplayName("snapshots, inbox and lease documents in the container never show up as commits")
    void onlyCommits() {
        // given commits, a snapshot, an inbox entry and a dispatcher lease in the same container
        StreamId s = newStreamId("order");
        Commit c1 = store.append(attempt(s, 1));
        store.saveSnapshot(new Snapshot(s, 1, 1, 1, "{\"total\":1}"));
        stores.inbox(ContextName.of("ordering")).receive(ContextName.of("billing"), c1, (src, c, tx) -> ApplyOutcome.APPLIED);
        stores.checkpoints(ContextName.of("ordering")).tryAcquireLease("a", java.time.Duration.ofMinutes(1));
        Commit c2 = store.append(attempt(s, 2));

        // when everything is read
        List<Commit> all = readAll(Position.BEGINNING);

        // then only the two commits come back, in order
        assertEquals(List.of(c1, c2), all);
    }

    @Test
    @DisplayName("a long run of other documents between two commits never ends a read early (empty page = end of feed)")
    void longRunsOfOtherDocuments() {
        // given a commit, then 40 inbox documents (ordering consuming billing's streams), then a commit
        StreamId s = newStreamId("order");
        Commit c1 = store.append(attempt(s, 1));
        Position afterC1 = store.readAll(Position.BEGINNING, 1).next();
        for (int i = 0; i < 40; i++) {
            Commit source = attempt(newStreamId("order"), 1).toCommit();
            stores.inbox(ContextName.of("ordering")).receive(ContextName.of("billing"), source, (src, c, tx) -> ApplyOutcome.APPLIED);
        }
        Commit c2 = store.append(attempt(s, 2));

        // when read one document per feed page, then the next commit comes in one call, and nothing is lost
        assertEquals(List.of(c2), store.readAll(afterC1, 1).commits());
        assertEquals(List.of(c1, c2), readAll(Position.BEGINNING, 1));
    }

    @Test
    @DisplayName("positionAt finds commits by their stamp, also stamps far from the write time")
    void positionAtByStamp() {
        // given a commit stamped in the past and one in the future
        StreamId s = newStreamId("order");
        Instant t0 = Instant.parse("2031-05-01T00:00:00Z");
        Commit past = store.append(stamped(s, 1, Instant.parse("2001-01-01T00:00:00Z")));
        Commit future = store.append(stamped(s, 2, t0));

        // then positionAt(t0) reads the future one (and may read earlier ones), positionAt(after all) nothing old
        List<Commit> fromT0 = readAll(store.positionAt(t0));
        assertTrue(fromT0.contains(future), "read from positionAt(t0): " + fromT0);
        assertEquals(List.of(past, future), readAll(store.positionAt(Instant.EPOCH)));
        Position end = store.positionAt(t0.plusSeconds(1));
        assertEquals(List.of(), readAll(end));
        Commit later = store.append(stamped(s, 3, t0.plusSeconds(5)));
        assertEquals(List.of(later), readAll(end), "a commit appended after positionAt is read from it");
    }

    private static CommitAttempt stamped(StreamId s, long seq, Instant stamp) {
        return new CommitAttempt(s, seq, seq, UUID.randomUUID(), stamp, Map.of(),
                attempt(s, seq).events());
    }

    private List<Commit> readAll(Position from) {
        return readAll(from, 3);
    }

    /** Every commit from {@code from}, stopping at the first empty page, as the dispatcher and replays do. */
    private List<Commit> readAll(Position from, int pageSize) {
        List<Commit> out = new ArrayList<>();
        Position p = from;
        CommitPage page;
        while (!(page = store.readAll(p, pageSize)).isEmpty()) {
            out.addAll(page.commits());
            p = page.next();
        }
        return out;
    }
}
