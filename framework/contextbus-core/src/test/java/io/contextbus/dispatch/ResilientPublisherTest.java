package io.contextbus.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.LeaseLostException;
import io.contextbus.error.PublishException;
import io.contextbus.implementation.ResilientPublisher;
import io.contextbus.model.ContextName;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ResilientPublisherTest {
    private static final ContextName SOURCE = ContextName.of("ordering");
    private static final DispatcherOptions OPTIONS = DispatcherOptions.DEFAULT
            .withBackoff(DispatcherOptions.Backoff.DEFAULT.withInitialDelay(Duration.ofMillis(1))
                    .withMaxDelay(Duration.ofMillis(5)).withAttemptsPerCycle(4))
            .withBreaker(new DispatcherOptions.Breaker(100f, 6, 6, Duration.ofMinutes(5)));

    private final RecordingPublisher bus = new RecordingPublisher();
    private final LongAdder retries = new LongAdder();
    private final ResilientPublisher publisher = new ResilientPublisher(bus, "test", OPTIONS, retries);

    @Test
    @DisplayName("a transient failure is retried up to attemptsPerCycle, then thrown")
    void transientRetried() {
        PublishException failure = new PublishException("timeout", true, null);
        bus.failWith(() -> failure);

        assertSame(failure, assertThrows(PublishException.class, () -> publisher.publish(SOURCE, List.of(), () -> { })));

        assertEquals(4, bus.calls());
        assertEquals(3, retries.sum());
    }

    @Test
    @DisplayName("a non-transient failure is not retried within the cycle")
    void nonTransientNotRetried() {
        bus.failWith(() -> new PublishException("forbidden", false, null));

        assertThrows(PublishException.class, () -> publisher.publish(SOURCE, List.of(), () -> { }));

        assertEquals(1, bus.calls());
    }

    @Test
    @DisplayName("the lease is renewed before every attempt; a lost lease stops the cycle before any publish")
    void renewBeforeEachAttempt() {
        LongAdder renewals = new LongAdder();
        bus.failWith(() -> new IllegalStateException("connection reset"));

        assertThrows(IllegalStateException.class, () -> publisher.publish(SOURCE, List.of(), renewals::increment));
        assertEquals(4, renewals.sum());

        assertThrows(LeaseLostException.class, () -> publisher.publish(SOURCE, List.of(), () -> {
            throw new LeaseLostException("taken");
        }));
        assertEquals(4, bus.calls(), "no publish after the lease was lost");
    }

    @Test
    @DisplayName("an open circuit rejects calls without reaching the bus, and is not retried")
    void openCircuitRejects() {
        bus.failWith(() -> new PublishException("down", true, null));
        assertThrows(PublishException.class, () -> publisher.publish(SOURCE, List.of(), () -> { }));
        assertThrows(RuntimeException.class, () -> publisher.publish(SOURCE, List.of(), () -> { }));
        assertTrue(publisher.isCircuitOpen());
        int callsWhenOpen = bus.calls();

        assertThrows(CallNotPermittedException.class, () -> publisher.publish(SOURCE, List.of(), () -> { }));

        assertEquals(callsWhenOpen, bus.calls());
    }

    @Test
    @DisplayName("as a CommitPublisher it reports every failure as a PublishException saying whether a retry can help")
    void commitPublisherFace() {
        bus.failWith(() -> new IllegalStateException("socket reset"));
        PublishException unknown = assertThrows(PublishException.class, () -> publisher.publish(SOURCE, List.of()));
        assertTrue(unknown.isTransient());
        assertEquals(4, bus.calls(), "unclassified failures are retried first");

        bus.failWith(() -> new PublishException("forbidden", false, null));
        assertTrue(!assertThrows(PublishException.class, () -> publisher.publish(SOURCE, List.of())).isTransient());

        bus.failWith(() -> new PublishException("down", true, null));
        assertThrows(PublishException.class, () -> publisher.publish(SOURCE, List.of()));
        assertTrue(publisher.isCircuitOpen());
        PublishException open = assertThrows(PublishException.class, () -> publisher.publish(SOURCE, List.of()));
        assertTrue(open.isTransient());
        assertTrue(open.getCause() instanceof CallNotPermittedException, "cause: " + open.getCause());
    }
}
