package io.contextbus.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReplayJsonTest {
    static final ContextName SHIPPING = ContextName.of("shipping");
    static final ContextName ORDERING = ContextName.of("ordering");

    @Nested
    @DisplayName("a request")
    class Requests {
        @Test
        void round_trips_every_field() {
            ReplayRequest r = new ReplayRequest(SHIPPING, List.of(ORDERING, ContextName.of("catalog")),
                    Optional.of(Instant.parse("2026-01-01T00:00:00Z")), Optional.of(Instant.parse("2026-01-02T00:00:00.5Z")),
                    List.of(StreamId.of("o-1"), StreamId.of("o 2 ünïcode")), 7, true);

            assertEquals(r, ReplayJson.readRequest(ReplayJson.writeRequest(r)));
        }

        @Test
        void with_only_target_and_sources_gets_the_defaults() {
            ReplayRequest r = ReplayJson.readRequest("{\"target\":\"shipping\",\"sources\":[\"ordering\"]}");

            assertEquals(ReplayRequest.everything(SHIPPING, List.of(ORDERING)), r);
        }

        @Test
        void with_a_repeated_field_names_it() {
            ValidationException e = assertThrows(ValidationException.class,
                    () -> ReplayJson.readRequest("{\"target\":\"shipping\",\"target\":\"billing\",\"sources\":[\"ordering\"]}"));
            assertEquals("body", e.field());
            assertTrue(e.getMessage().contains("target"), e.getMessage());
        }

        @Test
        void with_a_huge_fromCommitSequence_names_it() {
            ValidationException e = assertThrows(ValidationException.class, () -> ReplayJson.readRequest(
                    "{\"target\":\"shipping\",\"sources\":[\"ordering\"],\"fromCommitSequence\":99999999999999999999999}"));
            assertEquals("fromCommitSequence", e.field());
        }

        @Test
        void with_null_sources_names_them() {
            ValidationException e = assertThrows(ValidationException.class,
                    () -> ReplayJson.readRequest("{\"target\":\"shipping\",\"sources\":null}"));
            assertEquals("sources", e.field());
        }
    }

    @Test
    void a_status_round_trips() {
        ReplayStatus s = new ReplayStatus("rabc", ReplayRequest.everything(SHIPPING, List.of(ORDERING)), ReplayState.RUNNING,
                Instant.parse("2026-01-01T00:00:00Z"), Optional.of(Instant.parse("2026-01-01T00:00:01Z")), Optional.empty(),
                100, 40, List.of(new SourceProgress(ORDERING, 100, 40, false)), 12.5, OptionalDouble.of(4.8), 1,
                List.of("2026-01-01T00:00:02Z boom"));

        assertEquals(s, ReplayJson.readStatus(ReplayJson.writeStatus(s)));
        assertEquals(List.of(s), ReplayJson.readStatuses(ReplayJson.writeStatuses(List.of(s))));
    }

    @Test
    void stream_heads_round_trip_with_the_next_cursor() {
        List<StreamHead> heads = List.of(new StreamHead(ORDERING, StreamId.of("a"), 3), new StreamHead(ORDERING, StreamId.of("b"), 9));

        ReplayJson.HeadsPage page = ReplayJson.readHeads(ReplayJson.writeHeads(heads, Optional.of(StreamId.of("b"))));

        assertEquals(heads, page.heads());
        assertEquals(Optional.of(StreamId.of("b")), page.next());
    }

    @Test
    void source_heads_round_trip_with_an_opaque_position() {
        SourceHeads page = new SourceHeads(ORDERING, List.of(
                new SourceHeads.Head(StreamId.of("a"), 3, Instant.parse("2026-01-01T00:00:00Z")),
                new SourceHeads.Head(StreamId.of("b ünï"), 9, Instant.parse("2026-01-01T00:00:01.25Z"))),
                new Position("{\"token\":\"x y&z\"}"), false);

        assertEquals(page, ReplayJson.readSourceHeads(ReplayJson.writeSourceHeads(page)));
        SourceHeads end = new SourceHeads(ORDERING, List.of(), Position.of(42), true);
        assertEquals(end, ReplayJson.readSourceHeads(ReplayJson.writeSourceHeads(end)));
    }
}
