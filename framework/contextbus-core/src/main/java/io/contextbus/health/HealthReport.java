package io.contextbus.health;

import io.contextbus.error.ValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A point-in-time report on a context's health (or readiness): {@link HealthStatus#UP} exactly when
 * every component is UP, with every component listed, DOWN ones included, so that the report says
 * why. A report without components is UP (nothing to fail).
 *
 * @param status     DOWN when any component is DOWN
 * @param components the components, in a stable order
 */
public record HealthReport(HealthStatus status, List<ComponentHealth> components) {

    public HealthReport {
        ValidationException.requireNonNull(status, "status");
        components = List.copyOf(ValidationException.requireNonNull(components, "components"));
        HealthStatus expected = components.stream().allMatch(ComponentHealth::isUp) ? HealthStatus.UP : HealthStatus.DOWN;
        ValidationException.require(status == expected, "status",
                "must be " + expected + " for these components but was " + status + ".");
    }

    /** The report on {@code components}: UP when all are UP. */
    public static HealthReport of(List<ComponentHealth> components) {
        ValidationException.requireNonNull(components, "components");
        boolean up = components.stream().allMatch(c -> ValidationException.requireNonNull(c, "component").isUp());
        return new HealthReport(up ? HealthStatus.UP : HealthStatus.DOWN, components);
    }

    public boolean isUp() {
        return status == HealthStatus.UP;
    }

    /** The component called {@code name}, if the report has one. */
    public Optional<ComponentHealth> component(String name) {
        return components.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * The report as nested maps, in the shape health endpoints commonly answer with (Spring Boot
     * Actuator's among them), ready for any JSON writer:
     * {@code {"status":"DOWN","components":{"broker":{"status":"DOWN","detail":"...","details":{...}}}}}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (ComponentHealth c : components) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("status", c.status().name());
            one.put("detail", c.detail());
            one.put("details", c.details());
            byName.put(c.name(), one);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("status", status.name());
        map.put("components", byName);
        return map;
    }

    /** The DOWN components. */
    public List<ComponentHealth> down() {
        return components.stream().filter(c -> !c.isUp()).toList();
    }
}
