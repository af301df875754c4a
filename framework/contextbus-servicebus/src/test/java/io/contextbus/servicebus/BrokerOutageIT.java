package io.contextbus.servicebus;

import static io.contextbus.servicebus.LocalBusFixture.FAST_DISPATCHER;
import static io.contextbus.servicebus.LocalBusFixture.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.dispatch.DispatcherStatus;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Promise 2, nothing lost: the broker goes away under load and comes back; every commit appended
 * before, during and after the outage is applied once and in order, and the same dispatcher and
 * consumers carry on without a restart of the context.
 */
@DisplayName("Promise 2: a broker outage under load loses nothing")
class BrokerOutageIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final int STREAMS = 200;
    private static final int COMMITS = 10;

    @RegisterExtension
    final LocalBusFixture bus = new LocalBusFixture();

    @Test
    void commits_appended_before_during_and_after_an_outage_all_arrive_in_order() throws Exception {
        AppliedLog log = new AppliedLog(bus.store(SHIPPING));
        bus.consumer(log);
        ContextBus ordering = bus.publisher(FAST_DISPATCHER.withPageSize(50));
        List<String> streams = LocalBusFixture.streams("order-", STREAMS);
        bus.appendRange(streams, 1, 3, 4);
        Await.until(() -> log.count() >= 200, PATIENCE, "traffic flowing before the outage");

        bus.broker.stopNetwork();
        bus.appendRange(streams, 4, 7, 4);
        Await.until(() -> ordering.dispatcherStatus().orElseThrow().lastError().isPresent(), PATIENCE,
                "the dispatcher noticed the outage");
        long appliedDuringOutage = log.count();
        bus.broker.startNetwork();
        bus.appendRange(streams, 8, COMMITS, 4);

        Await.until(() -> log.count() >= STREAMS * COMMITS, PATIENCE,
                () -> "all commits applied after the broker came back (so far " + log.count() + "; "
                        + bus.broker.counts(LocalBusFixture.SUBSCRIPTION) + ")");
        Await.until(() -> bus.broker.counts(LocalBusFixture.SUBSCRIPTION).activeMessages() == 0, PATIENCE,
                "every message settled");
        log.assertEachOnceInOrder(streams, COMMITS);
        DispatcherStatus status = ordering.dispatcherStatus().orElseThrow();
        assertEquals(STREAMS * COMMITS, status.commitsDispatched(), "the same dispatcher published everything");
        assertTrue(status.retries() > 0, "it retried through the outage: " + status);
        assertTrue(appliedDuringOutage < STREAMS * 7, "nothing published during the outage was applied before it ended");
    }
}
