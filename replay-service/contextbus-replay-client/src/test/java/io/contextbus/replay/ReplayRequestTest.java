package io.contextbus.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ReplayRequestTest {
    static final ContextName T = ContextName.of("shipping");
    static final ContextName S = ContextName.of("ordering");
    static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant FEB = Instant.parse("2026-02-01T00:00:00Z");

    static void assertField(String field, Executable e) {
        assertEquals(field, assertThrows(ValidationException.class, e).field());
    }

    @Test
    @DisplayName("bad fields are refused, naming the field")
    void refuses_bad_fields() {
        assertField("target", () -> new ReplayRequest(null, List.of(S), Optional.empty(), Optional.empty(), List.of(), 1, false));
        assertField("sources", () -> ReplayRequest.everything(T, List.of()));
        assertField("sources", () -> ReplayRequest.everything(T, List.of(S, S)));
        assertField("sources", () -> ReplayRequest.everything(T, List.of(S, T)));
        assertField("until", () -> ReplayRequest.everything(T, List.of(S)).withSince(FEB).withUntil(JAN));
        assertField("fromCommitSequence", () -> ReplayRequest.stream(T, S, StreamId.of("a"), 0));
        assertField("streams", () -> new ReplayRequest(T, List.of(S), Optional.empty(), Optional.empty(),
                List.of(StreamId.of("a"), StreamId.of("a")), 1, false));
        assertField("streams", () -> new ReplayRequest(T, List.of(S), Optional.empty(), Optional.empty(),
                Collections.nCopies(ReplayRequest.MAX_STREAMS + 1, StreamId.of("a")), 1, false));
    }

    @Test
    @DisplayName("selects by stamp range (inclusive), stream and sequence")
    void selects() {
        ReplayRequest r = new ReplayRequest(T, List.of(S), Optional.of(JAN), Optional.of(FEB), List.of(StreamId.of("a")), 3, false);

        assertTrue(r.selects(JAN, StreamId.of("a"), 3));
        assertTrue(r.selects(FEB, StreamId.of("a"), 9));
        assertFalse(r.selects(JAN.minusNanos(1), StreamId.of("a"), 3));
        assertFalse(r.selects(FEB.plusNanos(1), StreamId.of("a"), 3));
        assertFalse(r.selects(JAN, StreamId.of("b"), 3));
        assertFalse(r.selects(JAN, StreamId.of("a"), 2));
        assertTrue(ReplayRequest.everything(T, List.of(S)).selects(Instant.EPOCH, StreamId.of("z"), 1));
    }
}
