package io.contextbus.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the messages of a refused append say what was refused, where the stream ends and what to do")
class StoreRefusalMessagesTest {
    private static final StreamId STREAM = StreamId.of("order-7");
    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000007");

    @Test
    @DisplayName("another writer first: names the refused sequence, the stream's end and the next sequence")
    void anotherWriterFirst() {
        // when commitSequence 1 is appended to a stream that already has 1
        ConcurrencyException e = new ConcurrencyException(STREAM, 0, 1);

        assertEquals("Stream 'order-7' refused commitSequence 1: the stream already ends at commitSequence 1"
                + " (another writer appended first). Reload the stream (lastCommitSequence is 1), decide again and"
                + " append commitSequence 2.", e.getMessage());
        assertEquals(1, e.refusedCommitSequence());
        assertEquals(2, e.nextCommitSequence());
        assertFalse(e.isTransient());
    }

    @Test
    @DisplayName("a gap: says the attempt would leave one and which sequence comes next")
    void gap() {
        // when commitSequence 4 is appended to a stream that ends at 2
        ConcurrencyException e = new ConcurrencyException(STREAM, 3, 2);

        assertEquals("Stream 'order-7' refused commitSequence 4: the stream ends at commitSequence 2, so 4 would"
                + " leave a gap. Reload the stream (lastCommitSequence is 2), decide again and append commitSequence 3.",
                e.getMessage());
        assertEquals(4, e.refusedCommitSequence());
        assertEquals(3, e.nextCommitSequence());
    }

    @Test
    @DisplayName("a reused commitId: names both sequences and says how to retry and how to write a new commit")
    void reusedCommitId() {
        // given commit 1 stored with ID, when ID is reused for commitSequence 3
        Commit stored = attempt(1).toCommit();
        CommitIdReusedException e = assertThrows(CommitIdReusedException.class,
                () -> CommitIdReusedException.storedOrRefused(attempt(3), stored));

        assertEquals("Stream 'order-7' refused commitSequence 3: its commitId " + ID + " already belongs to"
                + " commitSequence 1 of this stream. A commitId identifies one commit: re-append the same attempt to"
                + " retry it, give a new commit a new commitId (UUID.randomUUID()).", e.getMessage());
        assertEquals(STREAM, e.streamId());
        assertEquals(ID, e.commitId());
        assertEquals(3, e.attemptedCommitSequence());
        assertEquals(1, e.storedCommitSequence());
        assertFalse(e.isTransient());
    }

    @Test
    @DisplayName("the same commitId at the same sequence is a retry: the stored commit is the answer")
    void retryGetsTheStoredCommit() {
        Commit stored = attempt(1).toCommit();

        assertSame(stored, CommitIdReusedException.storedOrRefused(attempt(1), stored));
    }

    private static CommitAttempt attempt(long sequence) {
        return new CommitAttempt(STREAM, sequence, sequence, ID, Instant.EPOCH, Map.of(),
                List.of(EventMessage.of("OrderPlaced", 1, "{}")));
    }
}
