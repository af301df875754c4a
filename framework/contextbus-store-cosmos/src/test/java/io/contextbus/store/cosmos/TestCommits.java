package io.contextbus.store.cosmos;

import io.contextbus.model.CommitAttempt;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Commit attempts for tests. */
final class TestCommits {
    private TestCommits() {
    }

    static CommitAttempt attempt(StreamId stream, long sequence) {
        return attempt(stream, sequence, UUID.randomUUID());
    }

    static CommitAttempt attempt(StreamId stream, long sequence, UUID commitId) {
        return new CommitAttempt(stream, sequence, sequence, commitId, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                Map.of("correlationId", "c-" + sequence),
                List.of(EventMessage.of("Happened", 1, "{\"n\":" + sequence + ",\"text\":\"héllo\"}")));
    }

    static StreamId stream() {
        return StreamId.of("order-" + UUID.randomUUID());
    }
}
