package io.contextbus.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A gap is a non-empty range of commit sequences starting at 1 or later: what a replay must resend. */
@DisplayName("Gap")
class GapTest {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final StreamId STREAM = StreamId.of("order-1");

    @Test
    @DisplayName("a gap of one commit, at the very start of a stream, is a gap")
    void oneCommitFromTheStart() {
        Gap gap = new Gap(ORDERING, STREAM, 1, 1);
        assertEquals(1, gap.fromSequence());
        assertEquals(1, gap.toSequence());
    }

    @Test
    @DisplayName("a gap starting before commit 1 is refused naming fromSequence")
    void fromBelowOne() {
        ValidationException e = assertThrows(ValidationException.class, () -> new Gap(ORDERING, STREAM, 0, 2));
        assertEquals("fromSequence", e.field());
    }

    @Test
    @DisplayName("an empty or reversed range is refused naming toSequence")
    void toBeforeFrom() {
        ValidationException e = assertThrows(ValidationException.class, () -> new Gap(ORDERING, STREAM, 3, 2));
        assertEquals("toSequence", e.field());
    }

    @Test
    @DisplayName("a gap without its source or stream is refused naming the field")
    void nulls() {
        assertEquals("source", assertThrows(ValidationException.class, () -> new Gap(null, STREAM, 1, 1)).field());
        assertEquals("streamId", assertThrows(ValidationException.class, () -> new Gap(ORDERING, null, 1, 1)).field());
    }
}
