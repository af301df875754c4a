package io.contextbus.servicebus;

import static io.contextbus.servicebus.LocalBusFixture.FAST_DISPATCHER;
import static io.contextbus.servicebus.LocalBusFixture.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stream ids near and over Service Bus's 128-character MessageId/SessionId limit travel end to end:
 * two 200-character ids that share their first 128 characters get distinct hashed ids (duplicate
 * detection would drop one of them otherwise) and both are applied, in order.
 */
@DisplayName("Long stream ids: hashed ids never collide")
class LongStreamIdsIT {
    @RegisterExtension
    final LocalBusFixture bus = new LocalBusFixture();

    @Test
    void streams_sharing_a_128_character_prefix_are_both_applied_in_order() throws Exception {
        String prefix = "tenant-42/order/".repeat(8);
        List<String> streams = List.of(prefix + "a".repeat(72), prefix + "b".repeat(72), "c".repeat(126),
                "h:looks-hashed-but-is-not");
        AppliedLog log = new AppliedLog(bus.store(SHIPPING));
        bus.consumer(log);
        bus.publisher(FAST_DISPATCHER);

        bus.appendAll(streams, 5, 2);

        Await.until(() -> log.count() >= 20, Duration.ofSeconds(60), () -> "20 commits applied (so far " + log.count() + ")");
        log.assertEachOnceInOrder(streams, 5);
        assertEquals(0, bus.broker.counts("ordering.events").duplicatesDropped(), "no MessageId collided");
        assertEquals(20, bus.broker.counts(LocalBusFixture.SUBSCRIPTION).messagesEnqueued());
    }
}
