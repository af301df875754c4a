package io.contextbus.servicebus;

import static io.contextbus.servicebus.LocalBusFixture.ORDERING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.contextbus.handler.Handlers;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Promise 3, ordered per stream: many streams appended concurrently arrive once each, in order per
 * stream, both as applied and as they come off the wire (recorded before the inbox's stash could
 * reorder them).
 */
@DisplayName("Promise 3: ordered per stream")
class OrderedPerStreamIT {
    private static final int STREAMS = 1000;
    private static final int COMMITS = 10;

    @RegisterExtension
    final LocalBusFixture bus = new LocalBusFixture();

    @Test
    void commits_of_1000_streams_appended_concurrently_are_applied_once_each_in_order_per_stream() throws Exception {
        AppliedLog log = new AppliedLog(bus.store(LocalBusFixture.SHIPPING));
        WireOrderLog<Connection> wire = new WireOrderLog<>(bus.store(LocalBusFixture.SHIPPING).inbox());
        bus.consumer(Handlers.<Connection>builder().on(LocalBusFixture.EVENT_TYPE, log::record).build(), b -> b.inbox(wire));
        ContextBus ordering = bus.publisher(LocalBusFixture.FAST_DISPATCHER);
        List<String> streams = LocalBusFixture.streams("order-", STREAMS);

        bus.appendAll(streams, COMMITS, 16);

        Await.until(() -> log.count() >= STREAMS * COMMITS, Duration.ofSeconds(180),
                () -> "all " + STREAMS * COMMITS + " commits applied in shipping (" + log.progress(streams, COMMITS)
                        + "; dispatcher " + ordering.dispatcherStatus().orElseThrow() + ")");
        Await.until(() -> bus.broker.counts(LocalBusFixture.SUBSCRIPTION).activeMessages() == 0, Duration.ofSeconds(30),
                () -> "every message settled: " + bus.broker.counts(LocalBusFixture.SUBSCRIPTION));
        log.assertEachOnceInOrder(streams, COMMITS);
        // The inbox's stash would put commits back in order: look at the order they came off the wire.
        assertNull(wire.outOfOrder(), "commits of a stream arrived out of commitSequence order on the wire");
        assertEquals(0, wire.stashedCount(), "receives stashed by the inbox in a run without gaps (each means a commit "
                + "arrived ahead of its predecessor)");
        assertEquals(STREAMS * COMMITS, ordering.dispatcherStatus().orElseThrow().commitsDispatched());
        assertEquals(0, bus.broker.counts(LocalBusFixture.SUBSCRIPTION).deadLetterMessages());
        assertEquals(STREAMS * COMMITS, bus.store(ORDERING).readAll(io.contextbus.model.Position.BEGINNING, 20_000).commits().size());
    }
}
