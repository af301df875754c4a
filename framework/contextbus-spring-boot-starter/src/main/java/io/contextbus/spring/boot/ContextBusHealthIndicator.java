package io.contextbus.spring.boot;

import io.contextbus.health.ComponentHealth;
import io.contextbus.health.HealthReport;
import io.contextbus.servicebus.ContextBus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The context's health for actuator ({@code /actuator/health}, component {@code contextBus}): the
 * bus's own {@link ContextBus#health()} report, DOWN when any of its components is (the dispatcher
 * stopped, paused or lagging; Service Bus not answering the probe of the context's topic; a consumer
 * stopped or failing to receive), UP otherwise, each component's sentence and figures as details.
 * It asks nothing remote itself, so a health endpoint may call it as often as it likes.
 */
public final class ContextBusHealthIndicator extends AbstractHealthIndicator {
    private final ContextBus bus;

    public ContextBusHealthIndicator(ContextBus bus) {
        super("contextbus health check failed");
        this.bus = bus;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        HealthReport report = bus.health();
        builder.status(report.isUp() ? org.springframework.boot.actuate.health.Status.UP
                : org.springframework.boot.actuate.health.Status.DOWN);
        builder.withDetail("context", bus.context().value());
        for (ComponentHealth c : report.components()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", c.status().toString());
            detail.put("detail", c.detail());
            detail.putAll(c.details());
            builder.withDetail(c.name(), detail);
        }
    }
}
