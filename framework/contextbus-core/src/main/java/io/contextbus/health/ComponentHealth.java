package io.contextbus.health;

import io.contextbus.error.ValidationException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health of one part of a context, e.g. {@code dispatcher}, {@code broker} or
 * {@code consumer.ordering}: its status, one sentence saying why, and figures behind it (numbers,
 * strings, booleans; kept in the order given) for a health endpoint to show.
 *
 * @param name    the component's name, e.g. {@code dispatcher}
 * @param status  UP or DOWN
 * @param detail  why, in one sentence, e.g. {@code "the oldest unpublished commit is 75 s old (limit 60 s)"}
 * @param details figures, e.g. {@code lagSeconds=75}; never null, values never null
 */
public record ComponentHealth(String name, HealthStatus status, String detail, Map<String, Object> details) {

    public ComponentHealth {
        ValidationException.requireNonNull(name, "name");
        ValidationException.require(!name.isBlank(), "name", "cannot be blank.");
        ValidationException.requireNonNull(status, "status");
        ValidationException.requireNonNull(detail, "detail");
        ValidationException.requireNonNull(details, "details");
        Map<String, Object> copy = new LinkedHashMap<>();
        details.forEach((k, v) -> copy.put(ValidationException.requireNonNull(k, "details key"),
                ValidationException.requireNonNull(v, "details['" + k + "']")));
        details = Collections.unmodifiableMap(copy);
    }

    public static ComponentHealth up(String name, String detail, Map<String, Object> details) {
        return new ComponentHealth(name, HealthStatus.UP, detail, details);
    }

    public static ComponentHealth down(String name, String detail, Map<String, Object> details) {
        return new ComponentHealth(name, HealthStatus.DOWN, detail, details);
    }

    public static ComponentHealth up(String name, String detail) {
        return up(name, detail, Map.of());
    }

    public static ComponentHealth down(String name, String detail) {
        return down(name, detail, Map.of());
    }

    public boolean isUp() {
        return status == HealthStatus.UP;
    }
}
