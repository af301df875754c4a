package io.contextbus.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.CommitTooLargeException;
import io.contextbus.error.ValidationException;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A commit whose message would exceed the topic's limit is refused at append time: the limit is
 * inclusive, and the measured size covers the body, the envelope reserve and the stream id where
 * the message repeats it outside the body (cb_stream, SessionId, MessageId).
 */
@DisplayName("commit size limit")
class CommitSizeLimitTest {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final CommitLimits SMALLEST = new CommitLimits(CommitLimits.ENVELOPE_RESERVE_BYTES + 1);

    private static CommitAttempt attempt(String stream, String type) {
        return new CommitAttempt(StreamId.of(stream), 1, 1, UUID.fromString("00000000-0000-0000-0000-000000000001"),
                Instant.parse("2026-12-07T10:00:00Z"), Map.of(), List.of(EventMessage.of(type, 1, "{\"n\":1}")));
    }

    private static long measured(CommitAttempt a) {
        return assertThrows(CommitTooLargeException.class, () -> SMALLEST.check(ORDERING, a)).sizeBytes();
    }

    @Test
    @DisplayName("a commit exactly as large as the limit is accepted; one byte less of limit refuses it, naming both sizes")
    void theLimitIsInclusive() {
        CommitAttempt a = attempt("order-1", "OrderPlaced");
        long size = measured(a);

        new CommitLimits(size).check(ORDERING, a);
        CommitTooLargeException e = assertThrows(CommitTooLargeException.class, () -> new CommitLimits(size - 1).check(ORDERING, a));
        assertEquals(size, e.sizeBytes());
        assertEquals(size - 1, e.limitBytes());
    }

    @Test
    @DisplayName("the measured size is at least the encoded body plus the envelope reserve")
    void theSizeCoversBodyAndEnvelope() {
        CommitAttempt a = attempt("order-1", "OrderPlaced");
        long body = CommitCodec.encode(ORDERING, a.toCommit()).length;

        assertTrue(measured(a) >= body + CommitLimits.ENVELOPE_RESERVE_BYTES, "size " + measured(a) + ", body " + body);
    }

    @Test
    @DisplayName("a longer stream id costs its length in the body and three times more outside it")
    void theStreamIdCountsFourTimes() {
        long shortId = measured(attempt("s", "OrderPlaced"));
        long longId = measured(attempt("s" + "x".repeat(100), "OrderPlaced"));

        assertTrue(longId - shortId >= 400, "grew by " + (longId - shortId));
    }

    @Test
    @DisplayName("a longer event type costs its length in the body and again in cb_event_types")
    void theEventTypesCountTwice() {
        long shortType = measured(attempt("order-1", "T"));
        long longType = measured(attempt("order-1", "T" + "x".repeat(50)));

        assertTrue(longType - shortType >= 100, "grew by " + (longType - shortType));
    }

    @Test
    @DisplayName("a limit must leave room beyond the envelope reserve")
    void theLimitMustExceedTheReserve() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> new CommitLimits(CommitLimits.ENVELOPE_RESERVE_BYTES));
        assertEquals("maxMessageBytes", e.field());
        assertEquals(CommitLimits.ENVELOPE_RESERVE_BYTES + 1, SMALLEST.maxMessageBytes());
    }
}
