package io.contextbus.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.ValidationException;
import io.contextbus.serialization.TestEvents.NotAnnotated;
import io.contextbus.serialization.TestEvents.OrderPlaced;
import io.contextbus.serialization.TestEvents.OrderWithdrawn;
import io.contextbus.serialization.TestEvents.OrderWithdrawnV2;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventTypeRegistryTest {
    private static final String PLACED = "ordering.OrderPlaced";

    @Test
    @DisplayName("maps type names and classes both ways, with the current schema version")
    void mapsBothWays() {
        EventTypeRegistry registry = EventTypeRegistry.builder()
                .register(OrderWithdrawn.class)
                .register("ordering.Other", 1, NotAnnotated.class)
                .build();

        assertEquals(new RegisteredEventType("ordering.OrderWithdrawn", 1, OrderWithdrawn.class),
                registry.byClass(OrderWithdrawn.class).orElseThrow());
        assertEquals(NotAnnotated.class, registry.byType("ordering.Other").orElseThrow().eventClass());
        assertTrue(registry.byType("ordering.Nope").isEmpty());
        assertEquals(2, registry.types().size());
    }

    @Test
    @DisplayName("a class without @EventType cannot be registered by class alone")
    void classWithoutType() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> EventTypeRegistry.builder().register(NotAnnotated.class));

        assertEquals("eventClass", e.field());
        assertTrue(e.getMessage().contains("NotAnnotated"), e.getMessage());
    }

    @Test
    @DisplayName("a type registered twice fails the build, naming the type")
    void duplicateType() {
        ValidationException e = assertThrows(ValidationException.class, () -> EventTypeRegistry.builder()
                .register(OrderWithdrawn.class).register(OrderWithdrawnV2.class)
                .upcaster(Upcaster.of("ordering.OrderWithdrawn", 1, UnaryOperator.identity()))
                .build());

        assertEquals("type", e.field());
        assertTrue(e.getMessage().contains("ordering.OrderWithdrawn"), e.getMessage());
    }

    @Test
    @DisplayName("a class registered under two types fails the build")
    void duplicateClass() {
        ValidationException e = assertThrows(ValidationException.class, () -> EventTypeRegistry.builder()
                .register("a.One", 1, NotAnnotated.class).register("a.Two", 1, NotAnnotated.class).build());

        assertEquals("eventClass", e.field());
    }

    @Test
    @DisplayName("a hole in an upcaster chain fails the build, naming the missing step")
    void missingUpcaster() {
        ValidationException e = assertThrows(ValidationException.class, () -> EventTypeRegistry.builder()
                .register(OrderPlaced.class)
                .upcaster(Upcaster.of(PLACED, 1, UnaryOperator.identity()))
                .build());

        assertEquals("upcasters", e.field());
        assertTrue(e.getMessage().contains("ordering.OrderPlaced v2 to v3"), e.getMessage());
    }

    @Test
    @DisplayName("an upcaster leading to nothing registered fails the build")
    void danglingUpcaster() {
        ValidationException e = assertThrows(ValidationException.class, () -> EventTypeRegistry.builder()
                .register(OrderWithdrawn.class)
                .upcaster(Upcaster.renaming("ordering.Gone", 1, "ordering.Elsewhere", UnaryOperator.identity()))
                .build());

        assertEquals("upcasters", e.field());
        assertTrue(e.getMessage().contains("ordering.Elsewhere v2"), e.getMessage());
    }

    @Test
    @DisplayName("an upcaster from the current version, or two from the same version, fail the build")
    void upcasterConflicts() {
        assertThrows(ValidationException.class, () -> EventTypeRegistry.builder()
                .register(OrderWithdrawn.class)
                .upcaster(Upcaster.of("ordering.OrderWithdrawn", 1, UnaryOperator.identity()))
                .build());
        ValidationException twice = assertThrows(ValidationException.class, () -> EventTypeRegistry.builder()
                .register(OrderWithdrawnV2.class)
                .upcaster(Upcaster.of("ordering.OrderWithdrawn", 1, UnaryOperator.identity()))
                .upcaster(Upcaster.of("ordering.OrderWithdrawn", 1, UnaryOperator.identity()))
                .build());
        assertTrue(twice.getMessage().contains("two upcasters"), twice.getMessage());
    }

    @Test
    @DisplayName("a renamed type needs no upcasters below the version the rename produced")
    void renameStartsTheChain() {
        EventTypeRegistry registry = EventTypeRegistry.builder()
                .register(OrderWithdrawnV2.class)
                .upcaster(Upcaster.renaming("ordering.OrderCancelled", 1, "ordering.OrderWithdrawn", UnaryOperator.identity()))
                .build();

        assertTrue(registry.plan("ordering.OrderCancelled", 1).isPresent());
        assertTrue(registry.plan("ordering.OrderWithdrawn", 1).isEmpty());
    }

    @Test
    @DisplayName("bad registrations name the field")
    void badArguments() {
        assertEquals("type", assertThrows(ValidationException.class,
                () -> EventTypeRegistry.builder().register(" ", 1, NotAnnotated.class)).field());
        assertEquals("schemaVersion", assertThrows(ValidationException.class,
                () -> EventTypeRegistry.builder().register("a.B", 0, NotAnnotated.class)).field());
        assertEquals("fromVersion", assertThrows(ValidationException.class,
                () -> Upcaster.of("a.B", 0, UnaryOperator.identity())).field());
    }
}
