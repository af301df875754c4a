package io.contextbus.servicebus.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.dispatch.DispatchLag;
import io.contextbus.dispatch.DispatcherState;
import io.contextbus.dispatch.DispatcherStatus;
import io.contextbus.health.ComponentHealth;
import io.contextbus.servicebus.HealthOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HealthRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final HealthOptions OPTIONS = HealthOptions.DEFAULT.withMaxDispatchLag(Duration.ofSeconds(60))
            .withBrokerProbeTimeout(Duration.ofSeconds(30)).withConsumerErrorWindow(Duration.ofSeconds(30))
            .withMaxConsumerDelay(Duration.ofSeconds(20));

    private static Optional<DispatcherStatus> dispatcher(DispatcherState state) {
        return Optional.of(new DispatcherStatus("owner-1", state, Optional.empty(), true, 10, 2, 0, Optional.empty(),
                Optional.empty()));
    }

    /** A probe's state; a failure carries the error "GENERAL_ERROR: connection refused". */
    private static ProbeState probe(Instant success, Instant failure, Instant inFlight) {
        return new ProbeState(Optional.ofNullable(success), Optional.ofNullable(failure),
                Optional.ofNullable(failure).map(f -> "GENERAL_ERROR: connection refused"), Optional.ofNullable(inFlight),
                Optional.empty());
    }

    private static final ProbeState ANSWERED = probe(NOW.minusSeconds(1), null, null);

    /** A probe answered {@code secondsAgo}, which found the oldest message enqueued {@code waited} before that. */
    private static ProbeState backlog(int secondsAgo, int waited) {
        Instant at = NOW.minusSeconds(secondsAgo);
        return new ProbeState(Optional.of(at), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(at.minusSeconds(waited)));
    }

    private static Instant ago(int seconds) {
        return NOW.minusSeconds(seconds);
    }

    @Nested
    @DisplayName("dispatcher")
    class Dispatcher {
        @Test
        void active_and_caught_up_is_up() {
            ComponentHealth h = HealthRules.dispatcher(dispatcher(DispatcherState.ACTIVE), DispatchLag.NONE, OPTIONS);
            assertTrue(h.isUp(), h.toString());
            assertEquals(0.0, h.details().get("lagSeconds"));
        }

        @Test
        void standby_is_up_because_another_instance_publishes() {
            assertTrue(HealthRules.dispatcher(dispatcher(DispatcherState.STANDBY), DispatchLag.NONE, OPTIONS).isUp());
        }

        @Test
        void a_lag_at_the_limit_is_up_and_beyond_it_down() {
            assertTrue(HealthRules.dispatcher(dispatcher(DispatcherState.ACTIVE),
                    new DispatchLag(5, Duration.ofSeconds(60)), OPTIONS).isUp());
            ComponentHealth h = HealthRules.dispatcher(dispatcher(DispatcherState.ACTIVE),
                    new DispatchLag(5, Duration.ofSeconds(61)), OPTIONS);
            assertFalse(h.isUp());
            assertTrue(h.detail().contains("61.0 s"), h.detail());
            assertEquals(5L, h.details().get("lagCommits"));
        }

        @Test
        void an_open_circuit_a_stopped_or_an_absent_dispatcher_is_down() {
            assertFalse(HealthRules.dispatcher(dispatcher(DispatcherState.CIRCUIT_OPEN), DispatchLag.NONE, OPTIONS).isUp());
            assertFalse(HealthRules.dispatcher(dispatcher(DispatcherState.STOPPED), DispatchLag.NONE, OPTIONS).isUp());
            assertFalse(HealthRules.dispatcher(dispatcher(DispatcherState.NEW), DispatchLag.NONE, OPTIONS).isUp());
            assertFalse(HealthRules.dispatcher(Optional.empty(), DispatchLag.NONE, OPTIONS).isUp());
        }
    }

    @Nested
    @DisplayName("broker")
    class Broker {
        @Test
        void down_until_the_first_probe_answered() {
            assertFalse(HealthRules.broker(ProbeState.NOT_STARTED, NOW, OPTIONS).isUp());
            assertFalse(HealthRules.broker(probe(null, null, ago(1)), NOW, OPTIONS).isUp());
        }

        @Test
        void up_when_the_last_probe_answered() {
            assertTrue(HealthRules.broker(probe(ago(2), ago(50), null), NOW, OPTIONS).isUp());
        }

        @Test
        void down_when_the_last_probe_failed_naming_the_error() {
            ComponentHealth h = HealthRules.broker(probe(ago(50), ago(2), null), NOW, OPTIONS);
            assertFalse(h.isUp());
            assertTrue(h.detail().contains("connection refused"), h.detail());
        }

        @Test
        void a_probe_in_flight_counts_only_past_the_timeout() {
            assertTrue(HealthRules.broker(probe(ago(40), null, ago(30)), NOW, OPTIONS).isUp());
            assertFalse(HealthRules.broker(probe(ago(40), null, ago(31)), NOW, OPTIONS).isUp());
        }
    }

    @Nested
    @DisplayName("consumer")
    class Consumer {
        private ReceiveState state(boolean running, Instant lastMessage, Duration delay, Instant lastError) {
            return new ReceiveState(running, Optional.ofNullable(lastMessage), Optional.ofNullable(delay),
                    Optional.ofNullable(lastError), Optional.ofNullable(lastError).map(e -> "GENERAL_ERROR: link closed"));
        }

        @Test
        void a_running_consumer_without_errors_is_up_even_when_nothing_arrived() {
            assertTrue(HealthRules.consumer("ordering", state(true, null, null, null), ANSWERED, NOW, OPTIONS).isUp());
        }

        @Test
        void a_consumer_that_does_not_run_is_down() {
            ComponentHealth h = HealthRules.consumer("ordering", state(false, null, null, null), ANSWERED, NOW, OPTIONS);
            assertFalse(h.isUp());
            assertEquals("consumer.ordering", h.name());
        }

        @Test
        void a_recent_error_with_no_message_after_it_is_down() {
            ComponentHealth h = HealthRules.consumer("ordering", state(true, ago(60), Duration.ZERO, ago(5)), ANSWERED, NOW, OPTIONS);
            assertFalse(h.isUp());
            assertTrue(h.detail().contains("link closed"), h.detail());
        }

        @Test
        void an_error_followed_by_a_message_or_older_than_the_window_is_up() {
            assertTrue(HealthRules.consumer("ordering", state(true, ago(1), Duration.ZERO, ago(5)), ANSWERED, NOW, OPTIONS).isUp());
            assertTrue(HealthRules.consumer("ordering", state(true, null, null, ago(31)), ANSWERED, NOW, OPTIONS).isUp());
        }

        @Test
        void a_subscription_that_the_probe_cannot_reach_is_down() {
            ComponentHealth h = HealthRules.consumer("ordering", state(true, ago(1), Duration.ZERO, null),
                    probe(ago(20), ago(2), null), NOW, OPTIONS);
            assertFalse(h.isUp());
            assertTrue(h.detail().contains("connection refused"), h.detail());
        }

        @Test
        void readiness_is_down_while_the_oldest_message_waited_too_long() {
            ComponentHealth h = HealthRules.consumerReadiness("ordering", state(true, ago(1), Duration.ZERO, null),
                    backlog(1, 21), NOW, OPTIONS);
            assertFalse(h.isUp());
            assertTrue(h.detail().startsWith("Behind on 'ordering'"), h.detail());
            assertEquals(21.0, h.details().get("backlogSeconds"));
        }

        @Test
        void readiness_is_up_with_a_young_backlog_or_none() {
            assertTrue(HealthRules.consumerReadiness("ordering", state(true, ago(1), Duration.ZERO, null),
                    backlog(1, 20), NOW, OPTIONS).isUp());
            assertTrue(HealthRules.consumerReadiness("ordering", state(true, ago(1), Duration.ZERO, null),
                    ANSWERED, NOW, OPTIONS).isUp());
        }

        @Test
        void readiness_of_an_unhealthy_consumer_is_down() {
            assertFalse(HealthRules.consumerReadiness("ordering", state(false, null, null, null), ANSWERED, NOW, OPTIONS).isUp());
        }
    }
}
