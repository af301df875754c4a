package io.contextbus.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.ValidationException;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Holds: which outcomes hold a stream, and the next hold")
class HoldsTest {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00.123456Z");
    private static final Dependency NEEDS = new Dependency(ContextName.of("billing"), StreamId.of("inv-1"), 2);
    private final Commit c3 = new Commit(StreamId.of("o-1"), 3, 3, UUID.randomUUID(), T0, Map.of(),
            List.of(EventMessage.of("OrderPlaced", 1, "{}")));

    @Test
    void reject_permanent_failure_and_not_yet_hold_the_stream_retry_and_transient_failure_do_not() {
        assertTrue(ApplyOutcome.reject(ApplyOutcome.Refusal.REJECTED, "no").holdsStream());
        assertTrue(ApplyOutcome.failed(new ValidationException("sku", "'sku' is unknown.")).holdsStream());
        assertTrue(ApplyOutcome.waitFor(NEEDS, Duration.ofMinutes(1), "needs the invoice").holdsStream());
        assertFalse(ApplyOutcome.retry("busy").holdsStream());
        assertFalse(ApplyOutcome.failed(new IllegalStateException("db busy")).holdsStream());
    }

    @Test
    void a_first_park_counts_one_attempt_from_now_to_the_millisecond_and_a_second_keeps_its_start() {
        StreamHold first = Holds.after(Optional.empty(), ORDERING, c3,
                ApplyOutcome.reject(ApplyOutcome.Refusal.REJECTED, "negative quantity"), T0);
        StreamHold second = Holds.after(Optional.of(first), ORDERING, c3,
                ApplyOutcome.reject(ApplyOutcome.Refusal.REJECTED, "negative quantity"), T0.plusSeconds(60));

        assertEquals(StreamHold.parked(ORDERING, c3.streamId(), 3, "negative quantity", 1,
                Instant.parse("2026-12-07T10:00:00.123Z")), first);
        assertEquals(2, second.attempts());
        assertEquals(first.since(), second.since());
    }

    @Test
    void a_wait_keeps_its_first_deadline_and_parks_once_it_has_passed() {
        ApplyOutcome.WaitFor notYet = ApplyOutcome.waitFor(NEEDS, Duration.ofMinutes(5), "needs the invoice");
        StreamHold waiting = Holds.after(Optional.empty(), ORDERING, c3, notYet, T0);
        StreamHold stillWaiting = Holds.after(Optional.of(waiting), ORDERING, c3, notYet, T0.plusSeconds(60));
        StreamHold parked = Holds.after(Optional.of(stillWaiting), ORDERING, c3, notYet, T0.plusSeconds(300));

        assertEquals(StreamHold.State.WAITING, waiting.state());
        assertEquals(Optional.of(NEEDS), waiting.waitingFor());
        assertEquals(waiting.deadline(), stillWaiting.deadline(), "the deadline is the first one's");
        assertEquals(StreamHold.State.PARKED, parked.state());
        assertTrue(parked.reason().contains("time limit") && parked.reason().contains(NEEDS.toString()), parked.reason());
        assertEquals(3, parked.attempts());
    }

    @Test
    void an_outcome_that_does_not_hold_is_refused_naming_it() {
        ValidationException e = assertThrows(ValidationException.class, () ->
                Holds.after(Optional.empty(), ORDERING, c3, ApplyOutcome.retry("busy"), T0));
        assertEquals("outcome", e.field());
    }

    @Test
    void a_handlers_not_yet_becomes_a_wait_for_naming_the_event_and_the_dependency() throws Exception {
        Handlers<Object> handlers = Handlers.builder().on("OrderPlaced",
                (e, ctx) -> HandlerResult.notYet(NEEDS, Duration.ofMinutes(2))).build();

        ApplyOutcome outcome = handlers.apply(ORDERING, c3, new Object());

        ApplyOutcome.WaitFor w = (ApplyOutcome.WaitFor) outcome;
        assertEquals(NEEDS, w.dependency());
        assertEquals(Duration.ofMinutes(2), w.timeLimit());
        assertTrue(w.describe().contains("events[0] ('OrderPlaced')") && w.describe().contains("billing/inv-1@2"),
                w.describe());
    }

    @Test
    void bad_holds_and_dependencies_are_refused_naming_the_field() {
        assertEquals("upTo", assertThrows(ValidationException.class,
                () -> new Dependency(ORDERING, StreamId.of("x"), 0)).field());
        assertEquals("timeLimit", assertThrows(ValidationException.class,
                () -> HandlerResult.notYet(NEEDS, Duration.ZERO)).field());
        assertEquals("waitingFor", assertThrows(ValidationException.class, () -> new StreamHold(ORDERING,
                StreamId.of("x"), 1, StreamHold.State.WAITING, "r", 1, T0, Optional.empty(), Optional.empty())).field());
        assertEquals("by", assertThrows(ValidationException.class,
                () -> new SkippedCommit(ORDERING, StreamId.of("x"), 1, " ", "why", T0)).field());
    }
}
