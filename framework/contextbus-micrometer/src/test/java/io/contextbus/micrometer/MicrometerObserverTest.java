package io.contextbus.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.dispatch.DispatchLag;
import io.contextbus.inbox.Dependency;
import io.contextbus.inbox.Gap;
import io.contextbus.inbox.StreamHold;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.observation.ContextBusObserver.GapAction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MicrometerObserverTest {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final ContextName SHIPPING = ContextName.of("shipping");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerObserver observer = new MicrometerObserver(registry);

    @Test
    void the_dispatch_lag_gauges_read_the_live_lag_and_follow_a_restarted_dispatcher() {
        AtomicReference<DispatchLag> lag = new AtomicReference<>(DispatchLag.NONE);
        observer.dispatcherStarted(ORDERING, lag::get);
        assertEquals(0.0, registry.get("contextbus.dispatch.lag").tag("context", "ordering").gauge().value());

        lag.set(new DispatchLag(7, Duration.ofMillis(2500)));
        assertEquals(2.5, registry.get("contextbus.dispatch.lag").tag("context", "ordering").gauge().value());
        assertEquals(7.0, registry.get("contextbus.dispatch.lag.commits").tag("context", "ordering").gauge().value());

        observer.dispatcherStarted(ORDERING, () -> new DispatchLag(1, Duration.ofSeconds(1)));
        assertEquals(1.0, registry.get("contextbus.dispatch.lag.commits").tag("context", "ordering").gauge().value());
    }

    @Test
    void pages_and_sends_count_commits_and_batch_sizes() {
        observer.pagePublished(ORDERING, 10, Duration.ofMillis(5));
        observer.pagePublished(ORDERING, 4, Duration.ofMillis(3));
        observer.batchSent(ORDERING, 10);
        observer.batchSent(ORDERING, 3);
        observer.batchSent(ORDERING, 1);
        observer.publishFailed(ORDERING, 4, new IllegalStateException("down"));

        assertEquals(14.0, registry.get("contextbus.dispatch.commits").tag("context", "ordering").counter().count());
        assertEquals(2, registry.get("contextbus.dispatch.page.size").summary().count());
        assertEquals(8.0, registry.get("contextbus.dispatch.page.duration").timer().totalTime(TimeUnit.MILLISECONDS));
        assertEquals(3, registry.get("contextbus.publish.batch.size").summary().count(), "three sends");
        assertEquals(14.0, registry.get("contextbus.publish.batch.size").summary().totalAmount());
        assertEquals(1.0, registry.get("contextbus.dispatch.failures").tag("error.type", "IllegalStateException")
                .counter().count());
    }

    @Test
    void consumer_events_are_counted_per_context_and_source() {
        observer.commitsApplied(SHIPPING, ORDERING, 3);
        observer.duplicateDropped(SHIPPING, ORDERING);
        observer.commitStashed(SHIPPING, ORDERING);
        observer.gapFound(SHIPPING, ORDERING, new Gap(ORDERING, StreamId.of("o-1"), 2, 2), GapAction.REPLAY_REQUESTED);
        observer.deadLettered(SHIPPING, ORDERING, "HandlerRejected");
        observer.abandoned(SHIPPING, ORDERING);
        observer.handlerCompleted(SHIPPING, ORDERING, Duration.ofMillis(2), true);
        observer.handlerCompleted(SHIPPING, ORDERING, Duration.ofMillis(1), false);
        observer.retryScheduled(SHIPPING, ORDERING, 2, Duration.ofMillis(200));
        observer.retryScheduled(SHIPPING, ORDERING, 3, Duration.ofMillis(400));
        observer.consumerRestarted(SHIPPING, ORDERING, "session b0 failed to settle 16 times in a row over 30 s");
        Instant now = Instant.now();
        observer.streamHeld(SHIPPING, ORDERING, StreamHold.parked(ORDERING, StreamId.of("o-2"), 4, "rejected", 1, now));
        observer.streamHeld(SHIPPING, ORDERING, StreamHold.waiting(ORDERING, StreamId.of("o-3"), 1, "not yet", 1, now,
                new Dependency(ORDERING, StreamId.of("o-4"), 2), now.plusSeconds(60)));

        assertEquals(3.0, registry.get("contextbus.consumer.applied").tags("context", "shipping", "source", "ordering")
                .counter().count());
        assertEquals(1.0, registry.get("contextbus.consumer.duplicates").counter().count());
        assertEquals(1.0, registry.get("contextbus.consumer.stashed").counter().count());
        assertEquals(1.0, registry.get("contextbus.consumer.gaps").tag("action", "replay_requested").counter().count());
        assertEquals(1.0, registry.get("contextbus.consumer.dead.letters").tag("reason", "HandlerRejected").counter().count());
        assertEquals(1.0, registry.get("contextbus.consumer.abandoned").counter().count());
        assertEquals(1, registry.get("contextbus.handler.duration").tag("outcome", "applied").timer().count());
        assertEquals(1, registry.get("contextbus.handler.duration").tag("outcome", "not_applied").timer().count());
        assertEquals(2.0, registry.get("contextbus.consumer.retries").counter().count());
        assertEquals(1.0, registry.get("contextbus.consumer.restarts").tags("context", "shipping", "source", "ordering")
                .counter().count());
        assertEquals(1.0, registry.get("contextbus.consumer.held").tag("state", "parked").counter().count());
        assertEquals(1.0, registry.get("contextbus.consumer.held").tag("state", "waiting").counter().count());
    }

    @Test
    void the_backlog_gauge_reads_the_last_look() {
        AtomicReference<Optional<Duration>> backlog = new AtomicReference<>(Optional.empty());
        observer.consumerStarted(SHIPPING, ORDERING, backlog::get);
        assertEquals(0.0, registry.get("contextbus.consumer.backlog").gauge().value());
        backlog.set(Optional.of(Duration.ofSeconds(42)));
        assertEquals(42.0, registry.get("contextbus.consumer.backlog").gauge().value());
    }

    @Test
    void replay_progress_counts_commits_and_remaining_until_the_replay_ends() {
        observer.replayProgress(SHIPPING, ORDERING, "r1", 100, 100, 250);
        observer.replayProgress(SHIPPING, ORDERING, "r2", 10, 10, 20);
        assertEquals(110.0, registry.get("contextbus.replay.commits").counter().count());
        assertEquals(160.0, registry.get("contextbus.replay.remaining").gauge().value());

        observer.replayProgress(SHIPPING, ORDERING, "r1", 150, 250, 250);
        observer.replayEnded(SHIPPING, "r1", "COMPLETED");
        assertEquals(10.0, registry.get("contextbus.replay.remaining").gauge().value());
        assertEquals(1.0, registry.get("contextbus.replay.ended").tag("state", "completed").counter().count());
    }
}
