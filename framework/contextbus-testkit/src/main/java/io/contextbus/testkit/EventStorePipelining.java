package io.contextbus.testkit;

import static io.contextbus.testkit.CommitAssertions.assertEachStreamInOrder;
import static io.contextbus.testkit.CommitAssertions.readEverything;
import static io.contextbus.testkit.EventStoreValidation.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.contextbus.error.CommitIdReusedException;
import io.contextbus.error.ConcurrencyException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.store.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The {@code appendAsync} checks of {@link EventStoreContract}: appends kept in flight by one caller. */
final class EventStorePipelining {
    private static final long PATIENCE_SECONDS = 60;

    private final EventStore store;

    EventStorePipelining(EventStore store) {
        this.store = store;
    }

    /** {@code streams} streams of {@code perStream} commits, interleaved, none waited for before the last starts. */
    void inFlightAppendsAreStoredInOrder(int streams, int perStream) throws Exception {
        List<StreamId> ids = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            ids.add(TestCommits.newStreamId("pipelined-" + s));
        }
        List<CommitAttempt> attempts = new ArrayList<>();
        List<CompletableFuture<Commit>> futures = new ArrayList<>();
        for (int seq = 1; seq <= perStream; seq++) {
            for (StreamId id : ids) {
                CommitAttempt a = TestCommits.attempt(id, seq);
                attempts.add(a);
                futures.add(store.appendAsync(a));
            }
        }
        for (int i = 0; i < futures.size(); i++) {
            Commit stored = futures.get(i).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertEquals(attempts.get(i).toCommit(), stored, "each future gives back its own commit");
        }
        Map<StreamId, List<Commit>> byStream = assertEachStreamInOrder(readEverything(store, 50));
        for (StreamId id : ids) {
            assertEquals(perStream, byStream.get(id).size(), "every commit of " + id + " is stored");
            assertEquals(perStream, store.lastCommitSequence(id));
        }
    }

    /** A commit that cannot be written fails through its future, so do the later ones of its stream; others go on. */
    void failuresInFlightStayInTheirStream() throws Exception {
        StreamId broken = TestCommits.newStreamId("pipelined-gap");
        StreamId healthy = TestCommits.newStreamId("pipelined-ok");
        CompletableFuture<Commit> gap = store.appendAsync(TestCommits.attempt(broken, 2));
        CompletableFuture<Commit> after = store.appendAsync(TestCommits.attempt(broken, 3));
        CompletableFuture<Commit> other = store.appendAsync(TestCommits.attempt(healthy, 1));

        EventStoreConcurrency.assertConflict(broken, 1, 0, failure(gap));
        EventStoreConcurrency.assertConflict(broken, 2, 0, failure(after));
        assertEquals(1, other.get(PATIENCE_SECONDS, TimeUnit.SECONDS).commitSequence());
        assertEquals(0, store.lastCommitSequence(broken), "nothing of the failed stream was written");
    }

    /**
     * A re-appended commitId in flight gives the stored commit back, a commitId reused for another
     * sequence fails the future; a malformed attempt is refused at once.
     */
    void duplicatesAndBadInput() throws Exception {
        StreamId stream = TestCommits.newStreamId("pipelined-dup");
        CommitAttempt first = TestCommits.attempt(stream, 1);
        CompletableFuture<Commit> stored = store.appendAsync(first);
        CompletableFuture<Commit> again = store.appendAsync(first);
        assertEquals(stored.get(PATIENCE_SECONDS, TimeUnit.SECONDS), again.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
        CompletableFuture<Commit> reused = store.appendAsync(
                EventStoreContract.withCommitId(TestCommits.attempt(stream, 2), first));
        EventStoreContract.assertReused(failure(CommitIdReusedException.class, reused), stream, first, 2);

        assertRefused("attempt", () -> store.appendAsync(null));
        CommitAttempt notJson = new CommitAttempt(stream, 2, 2, UUID.randomUUID(), TestCommits.now(), Map.of(),
                List.of(EventMessage.of("T", 1, "{not json")));
        assertRefused("events[0].data", () -> store.appendAsync(notJson));
        assertEquals(1, store.lastCommitSequence(stream), "the refused attempt wrote nothing");
    }

    private static ConcurrencyException failure(CompletableFuture<Commit> future) throws Exception {
        return failure(ConcurrencyException.class, future);
    }

    /**
     * The exception the future failed with, as a continuation sees it: the store's typed exception
     * itself, as {@code append} throws it, not wrapped in a CompletionException.
     */
    private static <E extends Throwable> E failure(Class<E> type, CompletableFuture<Commit> future) throws Exception {
        Throwable seen = future.handle((commit, failure) -> failure).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertNotNull(seen, "expected the append to fail");
        return assertInstanceOf(type, seen, "the future fails with the store's typed answer, unwrapped");
    }
}
