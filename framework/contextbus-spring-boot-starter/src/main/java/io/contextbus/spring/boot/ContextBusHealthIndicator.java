package io.contextbus.spring.boot;

import io.contextbus.dispatch.DispatcherState;
import io.contextbus.servicebus.ContextBus;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The context's health for actuator ({@code /actuator/health}, component {@code contextBus}): DOWN
 * while the dispatcher cannot publish (circuit open after repeated Service Bus failures, or
 * stopped), UP otherwise, with the dispatcher's counters as details.
 */
public final class ContextBusHealthIndicator extends AbstractHealthIndicator {
    private final ContextBus bus;

    public ContextBusHealthIndicator(ContextBus bus) {
        super("contextbus health check failed");
        this.bus = bus;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("context", bus.context().value());
        bus.dispatcherStatus().ifPresentOrElse(d -> {
            builder.withDetail("dispatcher", d.state().toString()).withDetail("commitsDispatched", d.commitsDispatched())
                    .withDetail("caughtUp", d.caughtUp());
            if (d.state() == DispatcherState.CIRCUIT_OPEN || d.state() == DispatcherState.STOPPED) {
                builder.down();
            } else {
                builder.up();
            }
        }, () -> builder.outOfService().withDetail("dispatcher", "not started"));
    }
}
