package io.contextbus.servicebus;

import static io.contextbus.servicebus.LocalBusFixture.ORDERING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promise 3, ordered per stream: many streams appended concurrently arrive once each, in order per stream. */
@DisplayName("Promise 3: ordered per stream")
class OrderedPerStreamIT {
    private static final int STREAMS = 1000;
    private static final int COMMITS = 10;

    @TempDir
    Path dir;
    private LocalBusFixture bus;

    @BeforeEach
    void start() {
        bus = new LocalBusFixture(dir);
    }

    @AfterEach
    void stop() {
        bus.close();
    }

    @Test
    void commits_of_1000_streams_appended_concurrently_are_applied_once_each_in_order_per_stream() throws Exception {
        AppliedLog log = new AppliedLog(bus.store(LocalBusFixture.SHIPPING));
        bus.consumer(log);
        ContextBus ordering = bus.publisher(LocalBusFixture.FAST_DISPATCHER);
        List<String> streams = LocalBusFixture.streams("order-", STREAMS);

        bus.appendAll(streams, COMMITS, 16);

        Waits.until(() -> log.count() >= STREAMS * COMMITS, Duration.ofSeconds(180),
                () -> "all " + STREAMS * COMMITS + " commits applied in shipping (applied so far: " + log.count() + ")");
        Await.until(() -> bus.broker.counts(LocalBusFixture.SUBSCRIPTION).activeMessages() == 0, Duration.ofSeconds(30),
                "every message settled");
        log.assertEachOnceInOrder(streams, COMMITS);
        assertEquals(STREAMS * COMMITS, ordering.dispatcherStatus().orElseThrow().commitsDispatched());
        assertEquals(0, bus.broker.counts(LocalBusFixture.SUBSCRIPTION).deadLetterMessages());
        assertEquals(STREAMS * COMMITS, bus.store(ORDERING).readAll(io.contextbus.model.Position.BEGINNING, 20_000).commits().size());
    }
}
