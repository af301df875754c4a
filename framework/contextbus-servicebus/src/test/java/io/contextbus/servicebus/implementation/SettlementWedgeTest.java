package io.contextbus.servicebus.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * When a subscription's processor client is restarted: only for a session whose settlements keep
 * failing (the chaos soak's wedge after a broker restart), never for the failures of a healthy run,
 * and at most once per backoff interval.
 */
@DisplayName("SettlementWedge: a session that keeps failing to settle restarts its processor, bounded")
class SettlementWedgeTest {
    private static final String NOT_ON_LINK = "DeliveryNotOnLinkException: does not exist in the link's DeliveryMap";

    private final MutableClock clock = new MutableClock();
    private final SettlementWedge wedge = new SettlementWedge(clock);

    @Test
    void the_soaks_wedge_a_message_failing_every_two_seconds_restarts_once_thirty_seconds_are_spanned() {
        // given: the soak's session b0, its live message back about every 2 s and every settlement failing
        Optional<SettlementWedge.Wedged> result = Optional.empty();
        int failures = 0;
        while (result.isEmpty()) {
            result = wedge.failed("b0", NOT_ON_LINK);
            failures++;
            clock.advance(Duration.ofSeconds(2));
        }

        assertEquals(16, failures, "the 16th failure, 30 s after the first, is the first one that restarts");
        assertEquals("b0", result.get().sessionId());
        assertEquals(16, result.get().failures());
        assertEquals(Duration.ofSeconds(30), result.get().span());
        assertEquals(NOT_ON_LINK, result.get().lastError());
    }

    @Test
    void a_lost_lock_fails_one_settlement_then_the_redelivered_message_settles_no_restart() {
        for (int i = 0; i < 100; i++) {
            assertTrue(wedge.failed("s" + (i % 3), "SessionLockLost").isEmpty());
            clock.advance(Duration.ofSeconds(20));
            wedge.settled("s" + (i % 3));
        }
    }

    @Test
    void the_failures_of_the_seconds_after_a_broker_restart_do_not_restart() {
        // given: every session fails for some seconds after the restart, then settles again
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < 20; i++) {
                for (String session : new String[] {"a", "b", "c"}) {
                    assertTrue(wedge.failed(session, NOT_ON_LINK).isEmpty());
                }
                clock.advance(Duration.ofMillis(500));
            }
            wedge.settled("a");
            wedge.settled("b");
            wedge.settled("c");
            clock.advance(Duration.ofMinutes(1));
        }
    }

    @Test
    void many_settlements_timing_out_together_after_an_outage_span_no_time_and_do_not_restart() {
        for (int i = 0; i < 25; i++) {
            assertTrue(wedge.failed("b0", "no answer within the settle timeout PT30S").isEmpty());
        }
    }

    @Test
    void a_success_of_the_session_ends_its_streak_and_other_sessions_successes_do_not() {
        failFor("b0", 14); // 26 s spanned
        wedge.settled("b0");
        assertTrue(failFor("b0", 15).isEmpty(), "the streak began again after the success");

        wedge.settled("other");
        clock.advance(Duration.ofSeconds(2));
        assertTrue(wedge.failed("b0", NOT_ON_LINK).isPresent(), "another session's success does not end b0's streak");
    }

    @Test
    void five_failures_are_needed_even_when_they_span_a_long_time() {
        // given: settlements timing out one at a time, 30 s apart
        for (int i = 0; i < 4; i++) {
            assertTrue(wedge.failed("b0", "timeout").isEmpty());
            clock.advance(Duration.ofSeconds(30));
        }

        assertTrue(wedge.failed("b0", "timeout").isPresent());
    }

    @Test
    void restarts_are_at_most_one_per_backoff_which_doubles_up_to_ten_minutes_then_starts_again() {
        assertTrue(failFor("b0", 16).isPresent());
        assertEquals(Duration.ofSeconds(60), wedge.backoff());

        // the new client wedges at once again: the next restart waits for the backoff
        Optional<SettlementWedge.Wedged> next = failUntilRestart("b0");
        assertEquals(Duration.ofSeconds(60), clock.sinceMark());
        assertEquals(Duration.ofSeconds(120), wedge.backoff());
        assertTrue(next.get().failures() > 16, "the streak went on while the restart waited");

        assertEquals(Duration.ofSeconds(120), timeOfNextRestart());
        assertEquals(Duration.ofSeconds(240), wedge.backoff());
        assertEquals(Duration.ofSeconds(240), timeOfNextRestart());
        assertEquals(Duration.ofSeconds(480), timeOfNextRestart());
        assertEquals(Duration.ofMinutes(10), wedge.backoff());
        assertEquals(Duration.ofMinutes(10), timeOfNextRestart());
        assertEquals(Duration.ofMinutes(10), wedge.backoff());

        // no wedge for a long while: the backoff starts again
        clock.advance(Duration.ofHours(1));
        assertTrue(failFor("x", 16).isPresent());
        assertEquals(Duration.ofSeconds(60), wedge.backoff());
    }

    @Test
    void bad_settings_are_refused_with_a_message_naming_them() {
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> new SettlementWedge(clock, 1, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(10)));
        assertEquals("'failures' must be at least 2, was 1.", few.getMessage());
        IllegalArgumentException intervals = assertThrows(IllegalArgumentException.class,
                () -> new SettlementWedge(clock, 5, Duration.ofSeconds(30), Duration.ofMinutes(11), Duration.ofMinutes(10)));
        assertEquals("'minInterval' PT11M cannot exceed 'maxInterval' PT10M.", intervals.getMessage());
    }

    /** Failures of the session 2 s apart; the last result. */
    private Optional<SettlementWedge.Wedged> failFor(String session, int failures) {
        Optional<SettlementWedge.Wedged> result = Optional.empty();
        for (int i = 0; i < failures; i++) {
            if (i > 0) {
                clock.advance(Duration.ofSeconds(2));
            }
            result = wedge.failed(session, NOT_ON_LINK);
        }
        return result;
    }

    private Optional<SettlementWedge.Wedged> failUntilRestart(String session) {
        clock.mark();
        while (true) {
            clock.advance(Duration.ofSeconds(2));
            Optional<SettlementWedge.Wedged> result = wedge.failed(session, NOT_ON_LINK);
            if (result.isPresent()) {
                return result;
            }
        }
    }

    /** After a restart, a session that wedges at once: the time until the next restart. */
    private Duration timeOfNextRestart() {
        failUntilRestart("b0");
        return clock.sinceMark();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-07T16:00:00Z");
        private Instant mark = now;

        void advance(Duration d) {
            now = now.plus(d);
        }

        void mark() {
            mark = now;
        }

        Duration sinceMark() {
            return Duration.between(mark, now);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
