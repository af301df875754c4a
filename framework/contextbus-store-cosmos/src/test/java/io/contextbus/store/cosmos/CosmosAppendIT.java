package io.contextbus.store.cosmos;

import static io.contextbus.testkit.TestCommits.attempt;
import static io.contextbus.testkit.TestCommits.newStreamId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.CommitIdReusedException;
import io.contextbus.error.ConcurrencyException;
import io.contextbus.error.CommitTooLargeException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cosmos store: appends")
class CosmosAppendIT {
    private static CosmosStores stores;
    private static CosmosEventStore store;

    @BeforeAll
    static void open() {
        stores = CosmosTestStores.connect();
        store = stores.eventStore(ContextName.of("ordering"));
    }

    @AfterAll
    static void close() {
        stores.close();
    }

    @Test
    @DisplayName("appended commits read back in order, equal to what was appended")
    void appendAndRead() {
        StreamId s = newStreamId("order");
        List<Commit> written = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            written.add(store.append(attempt(s, i)));
        }
        assertEquals(written, store.readStream(s, 1));
        assertEquals(written.subList(1, 2), store.readStream(s, 2, 2));
        assertEquals(3, store.lastCommitSequence(s));
        assertEquals(0, store.lastCommitSequence(newStreamId("order")));
    }

    @Test
    @DisplayName("appending an existing sequence with another commitId is a concurrency failure naming the actual end")
    void conflict() {
        StreamId s = newStreamId("order");
        store.append(attempt(s, 1));
        store.append(attempt(s, 2));
        ConcurrencyException e = assertThrows(ConcurrencyException.class, () -> store.append(attempt(s, 2)));
        assertEquals(1, e.expectedCommitSequence());
        assertEquals(2, e.actualCommitSequence());
    }

    @Test
    @DisplayName("appending beyond the end (a gap) is refused and writes nothing")
    void gap() {
        StreamId s = newStreamId("order");
        store.append(attempt(s, 1));
        ConcurrencyException e = assertThrows(ConcurrencyException.class, () -> store.append(attempt(s, 3)));
        assertEquals(2, e.expectedCommitSequence());
        assertEquals(1, e.actualCommitSequence());
        assertEquals(1, store.readStream(s, 1).size());
    }

    @Test
    @DisplayName("re-appending the same commitId returns the stored commit; reusing it for a later sequence is refused")
    void idempotent() {
        StreamId s = newStreamId("order");
        CommitAttempt first = attempt(s, 1);
        Commit stored = store.append(first);
        assertEquals(stored, store.append(first));
        store.append(attempt(s, 2));
        CommitAttempt sameIdLater = attempt(s, 3, first.commitId());
        CommitIdReusedException e = assertThrows(CommitIdReusedException.class, () -> store.append(sameIdLater));
        assertEquals(3, e.attemptedCommitSequence());
        assertEquals(1, e.storedCommitSequence());
        assertEquals(2, store.lastCommitSequence(s));
    }

    @Test
    @DisplayName("a commit larger than the limit is refused before the call")
    void tooLarge() {
        StreamId s = newStreamId("order");
        String big = "\"" + "x".repeat(300 * 1024) + "\"";
        CommitAttempt a = new CommitAttempt(s, 1, 1, UUID.randomUUID(), java.time.Instant.now(), Map.of(),
                List.of(EventMessage.of("Big", 1, big)));
        assertThrows(CommitTooLargeException.class, () -> store.append(a));
        assertEquals(0, store.lastCommitSequence(s));
    }

    @Test
    @DisplayName("a commit document above the item limit is refused before the call, naming its size")
    void documentLimit() {
        // given a store whose item limit (normally Cosmos DB's 2 MB) is below the topic's message limit
        CosmosStoreOptions small = CosmosTestStores.options(CosmosTestStores.newPrefix())
                .maxDocumentBytes(4 * 1024).build();
        try (CosmosStores tiny = CosmosStores.connect(small)) {
            CosmosEventStore s = tiny.eventStore(ContextName.of("ordering"));
            StreamId stream = newStreamId("order");
            CommitAttempt a = new CommitAttempt(stream, 1, 1, UUID.randomUUID(), java.time.Instant.now(), Map.of(),
                    List.of(EventMessage.of("Big", 1, "\"" + "x".repeat(8 * 1024) + "\"")));

            // when it is appended, then it is refused with the document's size and the limit
            CommitTooLargeException e = assertThrows(CommitTooLargeException.class, () -> s.append(a));
            assertTrue(e.sizeBytes() > 8 * 1024, "size " + e.sizeBytes());
            assertEquals(4 * 1024, e.limitBytes());
            assertEquals(0, s.lastCommitSequence(stream));
        }
    }

    @Test
    @DisplayName("racing writers on one stream: each sequence is won exactly once, the stream has no gap")
    void race() throws Exception {
        StreamId s = newStreamId("order");
        int writers = 8;
        int perWriter = 5;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> wins = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            wins.add(pool.submit(() -> {
                go.await();
                int won = 0;
                while (won < perWriter) {
                    long next = store.lastCommitSequence(s) + 1;
                    try {
                        store.append(attempt(s, next));
                        won++;
                    } catch (ConcurrencyException lost) {
                        assertTrue(lost.actualCommitSequence() >= next - 1);
                    }
                }
                return won;
            }));
        }
        go.countDown();
        int total = 0;
        for (Future<Integer> f : wins) {
            total += f.get();
        }
        pool.shutdown();
        List<Commit> commits = store.readStream(s, 1);
        assertEquals(writers * perWriter, total);
        assertEquals(total, commits.size());
        for (int i = 0; i < commits.size(); i++) {
            assertEquals(i + 1, commits.get(i).commitSequence());
        }
    }
}
