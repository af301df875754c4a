package io.contextbus.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.ValidationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthReportTest {

    @Test
    void up_when_every_component_is_up_and_when_there_are_none() {
        assertTrue(HealthReport.of(List.of(ComponentHealth.up("a", "fine"), ComponentHealth.up("b", "fine"))).isUp());
        assertTrue(HealthReport.of(List.of()).isUp());
    }

    @Test
    void down_when_one_component_is_down_and_the_report_names_it() {
        HealthReport r = HealthReport.of(List.of(ComponentHealth.up("dispatcher", "fine"),
                ComponentHealth.down("broker", "Service Bus does not answer.")));
        assertFalse(r.isUp());
        assertEquals(HealthStatus.DOWN, r.status());
        assertEquals(List.of("broker"), r.down().stream().map(ComponentHealth::name).toList());
        assertEquals("Service Bus does not answer.", r.component("broker").orElseThrow().detail());
        assertTrue(r.component("consumer.x").isEmpty());
    }

    @Test
    void as_a_map_it_has_the_status_and_each_component_by_name() {
        HealthReport r = HealthReport.of(List.of(ComponentHealth.down("broker", "gone", Map.of("lastError", "refused"))));
        assertEquals(Map.of("status", "DOWN", "components", Map.of("broker",
                Map.of("status", "DOWN", "detail", "gone", "details", Map.of("lastError", "refused")))), r.toMap());
    }

    @Test
    void a_status_that_contradicts_the_components_is_refused() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> new HealthReport(HealthStatus.UP, List.of(ComponentHealth.down("broker", "gone"))));
        assertEquals("status", e.field());
    }

    @Test
    void details_keep_their_order_and_refuse_nulls() {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("z", 1);
        d.put("a", 2);
        assertEquals(List.of("z", "a"), List.copyOf(ComponentHealth.up("c", "ok", d).details().keySet()));
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("lag", null);
        ValidationException e = assertThrows(ValidationException.class, () -> ComponentHealth.up("c", "ok", withNull));
        assertEquals("details['lag']", e.field());
        assertThrows(ValidationException.class, () -> ComponentHealth.up(" ", "ok"));
    }
}
