package io.contextbus.replay.e2e;

import static io.contextbus.replay.e2e.EndToEnd.ORDERING;
import static io.contextbus.replay.e2e.EndToEnd.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.replay.SourceHeads;
import io.contextbus.replay.client.ReconcileJournal;
import io.contextbus.replay.client.ReconcileReport;
import io.contextbus.replay.client.Reconciler;
import io.contextbus.replay.client.ReconcilerOptions;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.client.ReplayClientException;
import io.contextbus.replay.service.ReplayService;
import io.contextbus.replay.service.ReplayServiceConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Source stream heads from a position, and the reconciler's bounds")
class SourceHeadsReconcilerIT {
    static final int STREAMS = 5;

    @TempDir
    Path dir;

    static Map<String, Long> readAll(ReplayClient client, Position from, int limit, Position[] end) {
        Map<String, Long> heads = new HashMap<>();
        Position p = from;
        SourceHeads page;
        do {
            page = client.sourceHeads(ORDERING, p, limit);
            assertTrue(page.heads().size() <= limit);
            page.heads().forEach(h -> heads.merge(h.streamId().value(), h.lastSequence(), Math::max));
            p = page.next();
        } while (!page.end());
        end[0] = p;
        return heads;
    }

    @Nested
    @DisplayName("GET /sources/{source}/heads")
    class Api {
        @Test
        @DisplayName("pages through every stream's head, then from the kept position only what changed since")
        void incremental_heads() throws Exception {
            try (EndToEnd e2e = new EndToEnd(dir)) {
                List<StreamId> streams = EndToEnd.streams("order-", STREAMS);
                e2e.append(streams, 1, 2, 1);
                ReplayClient client = EndToEnd.client(e2e.replayService(ReplayServiceConfig.Pacing.DEFAULT));

                Position[] end = new Position[1];
                Map<String, Long> all = readAll(client, Position.BEGINNING, 3, end);
                Map<String, Long> expected = new HashMap<>();
                streams.forEach(s -> expected.put(s.value(), 2L));
                assertEquals(expected, all);

                e2e.append(List.of(streams.get(1)), 3, 3, 1);
                Position[] after = new Position[1];
                assertEquals(Map.of(streams.get(1).value(), 3L), readAll(client, end[0], 3, after));
                assertEquals(Map.of(), readAll(client, after[0], 3, new Position[1]), "nothing changed since");
            }
        }

        @Test
        @DisplayName("refuses an unknown source, a bad limit, and a missing token, naming what is wrong")
        void bad_requests() {
            try (EndToEnd e2e = new EndToEnd(dir)) {
                ReplayService service = e2e.replayService(ReplayServiceConfig.Pacing.DEFAULT);
                ReplayClient client = EndToEnd.client(service);

                ReplayClientException unknown = assertThrows(ReplayClientException.class,
                        () -> client.sourceHeads(ContextName.of("nosuch"), Position.BEGINNING, 10));
                assertEquals(400, unknown.status());
                assertEquals("source", unknown.field().orElseThrow());
                ReplayClientException limit = assertThrows(ReplayClientException.class,
                        () -> client.sourceHeads(ORDERING, Position.BEGINNING, 10_001));
                assertEquals("limit", limit.field().orElseThrow());
                ReplayClientException token = assertThrows(ReplayClientException.class,
                        () -> ReplayClient.create(service.uri(), "wrong").sourceHeads(ORDERING, Position.BEGINNING, 10));
                assertEquals(401, token.status());
            }
        }
    }

    @Nested
    @DisplayName("a reconciler")
    class Bounds {
        @Test
        @DisplayName("leaves young heads to a later run, keeps to its request bound, and advances its journal only past what it asked for")
        void deferral_bounds_and_journal() throws Exception {
            try (EndToEnd e2e = new EndToEnd(dir)) {
                List<StreamId> streams = EndToEnd.streams("order-", STREAMS);
                e2e.append(streams, 1, 2, 1);
                ReplayClient client = EndToEnd.client(e2e.replayService(ReplayServiceConfig.Pacing.DEFAULT));
                // The inbox: stream i has applied i commits (0 = never seen), so the tails start at 1, 2, 3, ...
                Map<StreamId, Long> applied = new HashMap<>();
                for (int i = 0; i < STREAMS; i++) {
                    applied.put(streams.get(i), (long) Math.min(i, 2));
                }
                ReconcileJournal journal = ReconcileJournal.file(dir.resolve("shipping.reconcile"));
                ReconcilerOptions options = ReconcilerOptions.DEFAULT.withPageCommits(4).withMaxRequestsPerRun(1)
                        .withRequestsPerSecond(1_000).withGrace(Duration.ofHours(1));
                Clock now = Clock.fixed(Instant.now(), ZoneOffset.UTC);

                // given heads younger than the grace period: nothing is asked for and the journal stays put
                try (Reconciler young = new Reconciler(client, SHIPPING, List.of(ORDERING), (s, id) -> applied.get(id), journal,
                        options, now)) {
                    ReconcileReport r = young.reconcileNow();
                    assertEquals(0, r.requests(), r.toString());
                    assertTrue(r.tailsDeferred() > 0, r.toString());
                    assertFalse(r.complete());
                    assertEquals(Position.BEGINNING, journal.position(ORDERING));
                }

                // when they are old enough: one request per run (the bound), the journal advancing only once all are asked for
                Clock later = Clock.offset(now, Duration.ofHours(2));
                try (Reconciler r = new Reconciler(client, SHIPPING, List.of(ORDERING), (s, id) -> applied.get(id), journal,
                        options, later)) {
                    ReconcileReport first = r.reconcileNow();
                    assertEquals(1, first.requests(), first.toString());
                    assertEquals(2, first.tailsMissing(), "streams 0 (1..2) and 1 (2..2) are behind: " + first);
                    assertFalse(first.complete());
                    assertEquals(Position.BEGINNING, journal.position(ORDERING));

                    ReconcileReport second = r.reconcileNow();
                    assertEquals(1, second.requests(), second.toString());
                    assertEquals(1, second.tailsAlreadyAsked(), second.toString());
                    assertTrue(second.complete(), second.toString());
                    assertNotEquals(Position.BEGINNING, journal.position(ORDERING));
                    assertEquals(3, first.commitsRequested() + second.commitsRequested(), "exactly commits 1..2 and 2..2");

                    // then: a run from the journal reads only what changed since (nothing), one empty page
                    ReconcileReport idle = r.reconcileNow();
                    assertEquals(1, idle.pages(), idle.toString());
                    assertEquals(0, idle.headsCompared(), idle.toString());
                    assertTrue(idle.complete());
                }
            }
        }
    }
}
