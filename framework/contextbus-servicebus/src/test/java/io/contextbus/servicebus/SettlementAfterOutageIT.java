package io.contextbus.servicebus;

import static io.contextbus.servicebus.LocalBusFixture.SHIPPING;
import static io.contextbus.servicebus.LocalBusFixture.SUBSCRIPTION;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.handler.Handlers;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A message kept unsettled through a broker outage (its handler retried with backoff while the
 * network was down and back) is settled afterwards on the link the outage killed, and the broker has
 * meanwhile delivered it again on a new one. That settlement fails (the SDK finds no such delivery on
 * the session's new link) or, when it lands on the dead connection's receiver before the SDK closed
 * it, may never be answered and is cut off at {@code settleTimeout}; either way it counts as failed.
 * With one session slot there is one settler thread, so a settlement that waited forever would stop
 * every later one: the stream's later commits are applied and every message is settled only if it
 * did not. (This run gives the quick failure on this machine; the wait forever is the race that
 * stalled {@code BrokerOutageIT}, and {@code SettleTimerTest} shows the bound on it.)
 */
@DisplayName("A settlement on a link killed by an outage is bounded and the session carries on")
class SettlementAfterOutageIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String STREAM = "order-held";
    /** Retries every 200 ms (± 50 %) for up to 99 retries: at most 29.7 s, half of the lock renewal below. */
    private static final TransientRetry PATIENT = new TransientRetry(100, Duration.ofMillis(200), 1.0,
            Duration.ofMillis(200));

    @RegisterExtension
    final LocalBusFixture bus = new LocalBusFixture();

    @Test
    void a_settlement_sent_after_the_outage_on_a_dead_link_does_not_wedge_the_consumer() throws Exception {
        AppliedLog log = new AppliedLog(bus.store(SHIPPING));
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger outageOver = new AtomicInteger();
        // given: one session slot, and a handler that fails transiently on the first commit until the outage is over
        ContextBus consumer = bus.consumer(Handlers.<Connection>builder().on(LocalBusFixture.EVENT_TYPE, (event, ctx) -> {
            if (ctx.commitSequence() == 1 && outageOver.get() == 0) {
                failures.incrementAndGet();
                throw new IllegalStateException("database unavailable (held through the outage)");
            }
            return log.record(event, ctx);
        }).build(), b -> b.consumerOptions(LocalBusFixture.FAST_CONSUMER.withMaxConcurrentSessions(1)
                .withSessionIdleTimeout(Duration.ofSeconds(30)).withMaxLockRenewal(Duration.ofSeconds(60))
                .withTransientRetry(PATIENT).withSettleTimeout(Duration.ofSeconds(2))));
        bus.publisher(LocalBusFixture.FAST_DISPATCHER);
        bus.appendRange(List.of(STREAM), 1, 1, 1);
        Await.until(() -> failures.get() >= 1, PATIENCE, "the first commit's handler failing, its message kept");

        // when: the broker's network goes away and comes back while the message is kept, then the handler recovers
        bus.broker.stopNetwork();
        Await.until(() -> bus.broker.openConnections() == 0, PATIENCE, "every connection dropped");
        bus.broker.startNetwork();
        Await.until(() -> bus.broker.counts(SUBSCRIPTION).messagesDelivered() >= 2, PATIENCE,
                "the consumer reconnected and took the kept message's session again");
        outageOver.set(1);
        Await.until(() -> log.count() >= 1, PATIENCE, "the first commit applied");

        // then: the stream's later commits are applied and every message is settled
        bus.appendRange(List.of(STREAM), 2, 5, 1);
        log.awaitAll(List.of(STREAM), 5, PATIENCE, "every commit applied after the outage");
        Await.until(() -> bus.broker.counts(SUBSCRIPTION).activeMessages() == 0, PATIENCE,
                () -> "every message settled (" + bus.broker.counts(SUBSCRIPTION) + ")");
        log.assertEachOnceInOrder(List.of(STREAM), 5);
        assertEquals(List.of(), new ArrayList<>(consumer.heldStreams().orElseThrow().parked()), "no stream parked");
    }
}
