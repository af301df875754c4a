package io.contextbus.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.model.EventMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonEventsTest {
    sealed interface Event permits Happened, Other {
    }

    record Happened(String id, int count) implements Event {
    }

    record Other(String id) implements Event {
    }

    private final JsonEvents<Event> events = new JsonEvents<>("demo", List.of(Happened.class));

    @Test
    void an_event_is_stored_as_context_dot_name_version_1_and_read_back() {
        EventMessage m = events.encode(new Happened("a", 2));
        assertEquals("demo.Happened", m.type());
        assertEquals(1, m.schemaVersion());
        assertEquals("{\"id\":\"a\",\"count\":2}", m.data());
        assertEquals(new Happened("a", 2), events.decode(m));
    }

    @Test
    void unknown_types_and_classes_are_refused_naming_them() {
        assertEquals("'type' is not an event of this context: demo.Nope", assertThrows(IllegalArgumentException.class,
                () -> events.decode(EventMessage.of("demo.Nope", 1, "{}"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> events.encode(new Other("x")));
    }
}
