package io.contextbus.servicebus;

import static io.contextbus.servicebus.LocalBusFixture.FAST_DISPATCHER;
import static io.contextbus.servicebus.LocalBusFixture.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.dispatch.DispatchLag;
import io.contextbus.handler.Handlers;
import io.contextbus.health.ComponentHealth;
import io.contextbus.health.HealthReport;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ContextBus#health()} and {@link ContextBus#readiness()} over the local broker: UP while
 * everything works, DOWN (naming the broker, the consumer, the dispatcher's lag) while the broker is
 * away, UP again once it is back, with no restart of either context.
 */
@DisplayName("Health and readiness follow the broker")
class ContextBusHealthIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final HealthOptions QUICK = HealthOptions.DEFAULT.withBrokerProbeInterval(Duration.ofMillis(500))
            .withConsumerErrorWindow(Duration.ofSeconds(5)).withMaxDispatchLag(Duration.ofSeconds(3));

    @RegisterExtension
    final LocalBusFixture bus = new LocalBusFixture();

    @Test
    void health_goes_down_while_the_broker_is_away_and_up_again_after() throws Exception {
        AppliedLog log = new AppliedLog(bus.store(SHIPPING));
        ContextBus shipping = bus.consumer(Handlers.<Connection>builder().on(LocalBusFixture.EVENT_TYPE, log::record).build(),
                b -> b.healthOptions(QUICK));
        ContextBus ordering = bus.publisher(FAST_DISPATCHER, b -> b.healthOptions(QUICK));
        List<String> streams = LocalBusFixture.streams("order-", 5);
        bus.appendAll(streams, 2, 2);
        Await.until(() -> log.count() >= 10, PATIENCE, "traffic flowing before the outage");
        Await.until(() -> ordering.health().isUp() && shipping.health().isUp(), PATIENCE,
                () -> "both contexts healthy: " + ordering.health() + " / " + shipping.health());

        bus.broker.stopNetwork();
        bus.appendRange(streams, 3, 3, 2);
        Await.until(() -> !ordering.health().isUp(), PATIENCE, () -> "ordering DOWN: " + ordering.health());
        Await.until(() -> down(ordering.health(), "broker"), PATIENCE, () -> "the broker named: " + ordering.health());
        Await.until(() -> down(ordering.health(), "dispatcher"), PATIENCE,
                () -> "the dispatcher's lag past its limit: " + ordering.health());
        Await.until(() -> ordering.dispatchLag().commits() == 5, PATIENCE,
                () -> "the five commits appended during the outage wait: " + ordering.dispatchLag());
        assertTrue(ordering.dispatchLag().age().compareTo(Duration.ofSeconds(3)) > 0, () -> "" + ordering.dispatchLag());
        Await.until(() -> down(shipping.health(), "consumer.ordering"), PATIENCE,
                () -> "the consumer cannot receive: " + shipping.health());
        assertFalse(shipping.readiness().isUp(), "not ready while unhealthy");

        bus.broker.startNetwork();
        Await.until(() -> log.count() >= 15, PATIENCE, () -> "the outage's commits applied (so far " + log.count() + ")");
        Await.until(() -> ordering.health().isUp(), PATIENCE, () -> "ordering UP again: " + ordering.health());
        Await.until(() -> shipping.health().isUp(), PATIENCE, () -> "shipping UP again: " + shipping.health());
        assertEquals(DispatchLag.NONE, ordering.dispatchLag());
    }

    @Test
    void a_readiness_check_holds_readiness_but_not_health() throws Exception {
        AtomicBoolean catchingUp = new AtomicBoolean(true);
        ContextBus ordering = bus.publisher(FAST_DISPATCHER, b -> b.healthOptions(QUICK).readinessCheck(() ->
                catchingUp.get() ? ComponentHealth.down("catchUp", "Catching up.") : ComponentHealth.up("catchUp", "Done.")));
        Await.until(() -> ordering.health().isUp(), PATIENCE, () -> "healthy: " + ordering.health());
        HealthReport readiness = ordering.readiness();
        assertFalse(readiness.isUp());
        assertEquals(List.of("catchUp"), readiness.down().stream().map(ComponentHealth::name).toList());

        catchingUp.set(false);
        assertTrue(ordering.readiness().isUp(), () -> "ready: " + ordering.readiness());
    }

    @Test
    void a_bus_not_started_or_closed_is_down() {
        ContextBus ordering = bus.publisher(FAST_DISPATCHER, b -> b.healthOptions(QUICK));
        ordering.close();
        HealthReport h = ordering.health();
        assertFalse(h.isUp());
        assertTrue(h.component("bus").orElseThrow().detail().contains("closed"), h.toString());
    }

    private static boolean down(HealthReport r, String component) {
        return r.component(component).map(c -> !c.isUp()).orElse(false);
    }
}
