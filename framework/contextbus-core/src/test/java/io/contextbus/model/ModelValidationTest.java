package io.contextbus.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ModelValidationTest {

    static ValidationException refused(String field, Executable call) {
        ValidationException e = assertThrows(ValidationException.class, call);
        assertEquals(field, e.field(), "field named by: " + e.getMessage());
        assertTrue(e.getMessage().contains(field), "message names the field: " + e.getMessage());
        return e;
    }

    static CommitAttempt attempt(String stream, long seq, List<EventMessage> events) {
        return new CommitAttempt(StreamId.of(stream), seq, seq, UUID.randomUUID(), Instant.now(), Map.of(), events);
    }

    @Nested
    @DisplayName("context names")
    class ContextNames {
        @Test
        void accept_lower_case_names_with_digits_and_dashes() {
            assertEquals("order-v2", ContextName.of("order-v2").value());
            assertEquals("ordering.events", ContextName.of("ordering").topicName());
        }

        @Test
        void refuse_upper_case_leading_digits_too_short_too_long_and_null() {
            refused("context", () -> ContextName.of("Ordering"));
            refused("context", () -> ContextName.of("1ordering"));
            refused("context", () -> ContextName.of("o"));
            refused("context", () -> ContextName.of("a".repeat(41)));
            refused("context", () -> ContextName.of(null));
        }

        @Test
        void print_control_characters_escaped_in_the_message() {
            ValidationException e = refused("context", () -> ContextName.of("ab\ncd"));
            assertTrue(e.getMessage().contains("\\u000a"), e.getMessage());
        }
    }

    @Nested
    @DisplayName("stream ids")
    class StreamIds {
        @Test
        void accept_one_to_two_hundred_characters_including_unicode() {
            assertEquals("x", StreamId.of("x").value());
            assertEquals(200, StreamId.of("é".repeat(200)).value().length());
        }

        @Test
        void refuse_empty_too_long_control_characters_and_null() {
            refused("streamId", () -> StreamId.of(""));
            refused("streamId", () -> StreamId.of("a".repeat(201)));
            refused("streamId", () -> StreamId.of("order\t1"));
            refused("streamId", () -> StreamId.of(null));
        }
    }

    @Nested
    @DisplayName("commit attempts")
    class Attempts {
        final EventMessage event = EventMessage.of("OrderPlaced", 1, "{\"id\":1}");

        @Test
        void copy_their_collections_immutably() {
            List<EventMessage> events = new ArrayList<>(List.of(event));
            Map<String, String> headers = new HashMap<>(Map.of("correlationId", "c-1"));
            CommitAttempt a = new CommitAttempt(StreamId.of("s"), 1, 1, UUID.randomUUID(), Instant.now(), headers, events);
            events.add(event);
            headers.put("x", "y");
            assertEquals(1, a.events().size());
            assertEquals(Map.of("correlationId", "c-1"), a.headers());
            assertThrows(UnsupportedOperationException.class, () -> a.events().add(event));
            assertEquals("c-1", a.toCommit().correlationId().orElseThrow());
        }

        @Test
        void refuse_empty_commits_null_events_and_bad_numbers() {
            refused("events", () -> attempt("s", 1, List.of()));
            refused("events", () -> attempt("s", 1, null));
            List<EventMessage> withNull = new ArrayList<>();
            withNull.add(null);
            refused("events", () -> attempt("s", 1, withNull));
            refused("commitSequence", () -> attempt("s", 0, List.of(event)));
            refused("streamRevision", () -> new CommitAttempt(StreamId.of("s"), 2, 1, UUID.randomUUID(),
                    Instant.now(), Map.of(), List.of(event)));
        }

        @Test
        void refuse_null_ids_stamps_and_header_values() {
            refused("commitId", () -> new CommitAttempt(StreamId.of("s"), 1, 1, null, Instant.now(), Map.of(), List.of(event)));
            refused("commitStamp", () -> new CommitAttempt(StreamId.of("s"), 1, 1, UUID.randomUUID(), null, Map.of(), List.of(event)));
            refused("streamId", () -> new CommitAttempt(null, 1, 1, UUID.randomUUID(), Instant.now(), Map.of(), List.of(event)));
            Map<String, String> badHeaders = new HashMap<>();
            badHeaders.put("k", null);
            refused("headers", () -> new CommitAttempt(StreamId.of("s"), 1, 1, UUID.randomUUID(), Instant.now(), badHeaders, List.of(event)));
        }

        @Test
        void refuse_events_without_type_or_with_a_bad_schema_version() {
            refused("type", () -> EventMessage.of(" ", 1, "{}"));
            refused("type", () -> EventMessage.of(null, 1, "{}"));
            refused("schemaVersion", () -> EventMessage.of("T", 0, "{}"));
            refused("data", () -> EventMessage.of("T", 1, null));
        }
    }

    @Nested
    @DisplayName("positions")
    class Positions {
        @Test
        void round_trip_numbers_and_start_at_the_beginning() {
            assertEquals(Position.BEGINNING, Position.of(0));
            assertEquals(42L, Position.of(42).asLong());
            assertEquals(0L, Position.BEGINNING.asLong());
            refused("position", () -> Position.of(-1));
            refused("position", () -> new Position("abc").asLong());
        }
    }
}
