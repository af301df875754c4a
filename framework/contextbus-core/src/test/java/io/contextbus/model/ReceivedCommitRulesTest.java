package io.contextbus.model;

import static io.contextbus.model.ModelValidationTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rules a commit read from a message must meet before an inbox sees it (a commit numbered 0
 * would pass for a duplicate and be dropped), and the edges of the event and header rules.
 */
@DisplayName("received commit rules")
class ReceivedCommitRulesTest {
    private static final StreamId STREAM = StreamId.of("order-1");
    private static final List<EventMessage> ONE = List.of(EventMessage.of("OrderPlaced", 1, "{}"));
    private static final List<EventMessage> TWO = List.of(EventMessage.of("OrderPlaced", 1, "{}"),
            EventMessage.of("OrderPaid", 1, "{}"));

    private static Commit commit(long sequence, long revision, Map<String, String> headers, List<EventMessage> events) {
        return new Commit(STREAM, sequence, revision, UUID.randomUUID(), Instant.now(), headers, events);
    }

    @Test
    @DisplayName("a commit numbered below 1 is refused naming commitSequence")
    void sequenceFromOne() {
        refused("commitSequence", () -> commit(0, 1, Map.of(), ONE));
        assertEquals(1, commit(1, 1, Map.of(), ONE).commitSequence());
    }

    @Test
    @DisplayName("a stream revision below the commit's event count is refused naming streamRevision, for a commit and an attempt")
    void revisionCoversTheEvents() {
        refused("streamRevision", () -> commit(1, 1, Map.of(), TWO));
        refused("streamRevision", () -> new CommitAttempt(STREAM, 1, 1, UUID.randomUUID(), Instant.now(), Map.of(), TWO));
        assertEquals(2, commit(1, 2, Map.of(), TWO).streamRevision());
    }

    @Test
    @DisplayName("a header with an empty key or a null value is refused naming headers")
    void headerEntries() {
        refused("headers", () -> commit(1, 1, Map.of("", "v"), ONE));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        refused("headers", () -> commit(1, 1, nullValue, ONE));
    }

    @Test
    @DisplayName("an event type is 1 to 256 characters without control characters")
    void eventTypeEdges() {
        assertEquals(256, EventMessage.of("t".repeat(256), 1, "{}").type().length());
        refused("type", () -> EventMessage.of("t".repeat(257), 1, "{}"));
        refused("type", () -> EventMessage.of("   ", 1, "{}"));
        refused("type", () -> EventMessage.of("Order\nPlaced", 1, "{}"));
    }
}
