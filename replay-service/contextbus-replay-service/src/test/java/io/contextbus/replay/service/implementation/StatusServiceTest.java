package io.contextbus.replay.service.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextbus.dispatch.DispatchLease;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.service.DeadLetterCounts;
import io.contextbus.replay.service.SqliteSourceStores;
import io.contextbus.replay.service.implementation.StatusSnapshot.ConsumerLag;
import io.contextbus.replay.service.implementation.StatusSnapshot.ContextStatus;
import io.contextbus.replay.service.implementation.StatusSnapshot.DispatchLag;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.testkit.TestCommits;
import io.contextbus.topology.ContextBusTopology;
import io.contextbus.topology.Topology;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The status figures, read from real SQLite stores")
class StatusServiceTest {
    static final ContextName ORDERING = ContextName.of("ordering");
    static final ContextName SHIPPING = ContextName.of("shipping");
    static final ContextName BILLING = ContextName.of("billing");
    static final StreamId A = StreamId.of("a");
    static final StreamId B = StreamId.of("b");
    static final Topology TOPOLOGY = ContextBusTopology.builder()
            .context(ORDERING.value())
            .context(SHIPPING.value(), ContextBusTopology.consumes(ORDERING.value()))
            .context(BILLING.value(), ContextBusTopology.consumes(ORDERING.value()))
            .build();

    @TempDir
    Path dir;
    SqliteEventStore ordering;
    SqliteEventStore shipping;
    /** a:3 ahead of its gap, and b:1, the commit stream b is parked at (kept in the stash). */
    static final long STASHED = 2;
    SqliteSourceStores readOnly;
    final SetClock clock = new SetClock();

    @BeforeEach
    void given_ordering_partly_dispatched_and_shipping_partly_applied() {
        ordering = SqliteEventStore.open(dir, ORDERING);
        shipping = SqliteEventStore.open(dir, SHIPPING);
        // ordering: a:1..3 and b:1..2 (positions 1..5), the dispatcher acknowledged up to position 2
        for (long s = 1; s <= 2; s++) {
            ordering.append(TestCommits.attempt(A, s));
            ordering.append(TestCommits.attempt(B, s));
        }
        ordering.append(TestCommits.attempt(A, 3));
        DispatchLease lease = ordering.checkpoints().tryAcquireLease("test", Duration.ofMinutes(1)).orElseThrow();
        ordering.checkpoints().advanceCheckpoint(lease, Position.of(2));
        // shipping applied a:1 and holds a:3 in its stash (a:2 missing); nothing of b
        assertTrue(shipping.inbox().receive(ORDERING, TestCommits.commit(A, 1), (s, c, tx) -> ApplyOutcome.APPLIED)
                instanceof InboxResult.Applied);
        assertTrue(shipping.inbox().receive(ORDERING, TestCommits.commit(A, 3), (s, c, tx) -> ApplyOutcome.APPLIED)
                instanceof InboxResult.Stashed);
        // and b:1 is refused by its handler: stream b parks there (ADR 0037)
        assertTrue(shipping.inbox().receive(ORDERING, TestCommits.commit(B, 1),
                (s, c, tx) -> ApplyOutcome.reject(ApplyOutcome.Refusal.REJECTED, "test refusal"))
                instanceof InboxResult.Held);
        readOnly = new SqliteSourceStores(Map.of(ORDERING, dir, SHIPPING, dir));
    }

    @AfterEach
    void close() {
        readOnly.close();
        shipping.close();
        ordering.close();
    }

    StatusService service(DeadLetterCounts deadLetters, Optional<Topology> topology) {
        return new StatusService(readOnly, Set.of(ORDERING, SHIPPING, BILLING), topology, deadLetters, List::of, clock);
    }

    @Test
    @DisplayName("dispatch lag, consumer lag, stash, parked streams and dead letters per context and source")
    void figures_per_context() {
        StatusSnapshot s = service(fourDeadLettered(), Optional.of(TOPOLOGY)).snapshot();

        assertEquals(List.of("billing", "ordering", "shipping"), s.contexts().stream().map(ContextStatus::context).toList());
        ContextStatus billing = s.contexts().get(0);
        assertTrue(billing.unavailable().isPresent() && billing.dispatch().isEmpty(), "billing has no store here: " + billing);
        ContextStatus orderingStatus = s.contexts().get(1);
        assertEquals(Optional.of(new DispatchLag(5, 2, 3)), orderingStatus.dispatch());
        assertEquals(List.of(), orderingStatus.consumes());
        ContextStatus shippingStatus = s.contexts().get(2);
        assertEquals(Optional.of(new DispatchLag(0, 0, 0)), shippingStatus.dispatch());
        // a: head 3, applied 1 -> 2 behind; b: head 2, applied 0 -> 2 behind
        assertEquals(List.of(new ConsumerLag("ordering", 2, 2, 4, STASHED, 1, OptionalLong.of(4))), shippingStatus.consumes());
        assertEquals("test counts", s.deadLetterSource());
    }

    @Test
    @DisplayName("without a topology, a consumer's sources are those its inbox applied from")
    void sources_from_the_inbox_without_a_topology() {
        StatusSnapshot s = service(DeadLetterCounts.NONE, Optional.empty()).snapshot();

        assertEquals(List.of(new ConsumerLag("ordering", 2, 2, 4, STASHED, 1, OptionalLong.empty())), s.contexts().get(2).consumes());
    }

    @Test
    @DisplayName("one computation serves every request within a second; a later one sees new commits")
    void computed_at_most_once_a_second() {
        StatusService service = service(DeadLetterCounts.NONE, Optional.of(TOPOLOGY));
        StatusSnapshot first = service.snapshot();

        ordering.append(TestCommits.attempt(B, 3));
        StatusSnapshot cached = service.snapshot();
        clock.now = clock.now.plus(StatusService.MAX_AGE);
        StatusSnapshot fresh = service.snapshot();

        assertEquals(first, cached);
        assertEquals(4, fresh.contexts().get(1).dispatch().orElseThrow().lag());
        assertEquals(5, fresh.contexts().get(2).consumes().get(0).lag());
    }

    @Test
    @DisplayName("the JSON carries every figure, an unknown dead-letter count as null")
    void json() throws Exception {
        JsonNode json = new ObjectMapper().readTree(StatusJson.write(service(DeadLetterCounts.NONE, Optional.of(TOPOLOGY)).snapshot()));

        assertEquals("none", json.get("deadLetterSource").asText());
        JsonNode orderingJson = json.get("contexts").get(1);
        assertEquals(3, orderingJson.get("dispatch").get("lag").asLong());
        assertTrue(orderingJson.get("unavailable").isNull());
        JsonNode lag = json.get("contexts").get(2).get("consumes").get(0);
        assertEquals("ordering", lag.get("source").asText());
        assertEquals(4, lag.get("lag").asLong());
        assertEquals(2, lag.get("streamsBehind").asLong());
        assertEquals(STASHED, lag.get("stashed").asLong());
        assertEquals(1, lag.get("parked").asLong());
        assertTrue(lag.get("deadLettered").isNull());
        assertTrue(json.get("contexts").get(0).get("dispatch").isNull());
        assertEquals(0, json.get("replays").size());
        assertEquals(0, json.get("moreReplays").asInt());
    }

    @Test
    @DisplayName("lists the oldest 50 unfinished replays and counts the rest")
    void many_replays_are_capped() {
        List<ReplayStatus> queued = new ArrayList<>();
        for (int i = 0; i < StatusSnapshot.MAX_REPLAYS + 7; i++) {
            queued.add(StatusMathTest.status(10, i % 10, OptionalDouble.empty()));
        }
        StatusSnapshot s = new StatusService(readOnly, Set.of(ORDERING), Optional.empty(), DeadLetterCounts.NONE,
                () -> queued, clock).snapshot();

        assertEquals(StatusSnapshot.MAX_REPLAYS, s.replays().size());
        assertEquals(7, s.moreReplays());
    }

    static DeadLetterCounts fourDeadLettered() {
        return new DeadLetterCounts() {
            @Override
            public Map<String, OptionalLong> deadLettered() {
                return Map.of(DeadLetterCounts.subscriptionPath(ORDERING, SHIPPING), OptionalLong.of(4));
            }

            @Override
            public String description() {
                return "test counts";
            }
        };
    }

    /** A clock the test sets. */
    static final class SetClock extends Clock {
        volatile Instant now = Instant.parse("2026-12-07T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
