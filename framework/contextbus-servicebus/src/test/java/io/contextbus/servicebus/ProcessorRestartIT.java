package io.contextbus.servicebus;

import static io.contextbus.servicebus.LocalBusFixture.SHIPPING;
import static io.contextbus.servicebus.LocalBusFixture.SUBSCRIPTION;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.handler.Handlers;
import io.contextbus.model.ContextName;
import io.contextbus.observation.ContextBusObserver;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The heal for a wedged session (a session whose settlements keep failing after a broker restart):
 * the consumer closes its SDK processor client and starts a new one on a new connection. The wedge
 * itself could not be made to happen on demand (the chaos soak found it; {@code SettlementWedgeTest}
 * covers when the restart is due), so this restarts the client while commits are in flight, twice,
 * and checks what the restart must keep: every commit applied once and in order, every message
 * settled, nothing parked, the restart reported.
 */
@DisplayName("Restarting a consumer's processor client mid-stream loses nothing and applies nothing twice")
class ProcessorRestartIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @RegisterExtension
    final LocalBusFixture bus = new LocalBusFixture();

    @Test
    void a_restarted_processor_client_carries_on_where_the_old_one_stopped() throws Exception {
        AppliedLog log = new AppliedLog(bus.store(SHIPPING));
        List<String> restarts = new CopyOnWriteArrayList<>();
        ContextBus consumer = bus.consumer(Handlers.<Connection>builder().on(LocalBusFixture.EVENT_TYPE, log::record)
                .build(), b -> b.observer(new ContextBusObserver() {
                    @Override
                    public void consumerRestarted(ContextName context, ContextName source, String reason) {
                        restarts.add(context + "<-" + source + ": " + reason);
                    }
                }));
        bus.publisher(LocalBusFixture.FAST_DISPATCHER);
        List<String> streams = LocalBusFixture.streams("restart", 8);

        // given: commits flowing
        bus.appendRange(streams, 1, 20, 4);
        Await.until(() -> log.count() >= 10, PATIENCE, () -> "some commits applied: " + log.progress(streams, 20));

        // when: the processor client is replaced while commits are in flight, twice
        consumer.restartConsumers("test: first restart");
        bus.appendRange(streams, 21, 40, 4);
        Await.until(() -> log.count() >= 200, PATIENCE, () -> "commits applied after the first restart: "
                + log.progress(streams, 40));
        consumer.restartConsumers("test: second restart");
        bus.appendRange(streams, 41, 60, 4);

        // then: everything applied once, in order, and settled
        log.awaitAll(streams, 60, PATIENCE, "every commit applied across two restarts");
        Await.until(() -> bus.broker.counts(SUBSCRIPTION).activeMessages() == 0, PATIENCE,
                () -> "every message settled (" + bus.broker.counts(SUBSCRIPTION) + ")");
        log.assertEachOnceInOrder(streams, 60);
        assertEquals(List.of(), new ArrayList<>(consumer.heldStreams().orElseThrow().parked()), "no stream parked");
        assertEquals(List.of("shipping<-ordering: test: first restart", "shipping<-ordering: test: second restart"),
                restarts);
    }
}
