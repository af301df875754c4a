package io.contextbus.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.ConcurrencyException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.testkit.Await;
import io.contextbus.testkit.TestCommits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("group commit")
class SqliteGroupCommitIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private SqliteEventStore store;
    private ExecutorService pool;

    @BeforeEach
    void open() {
        Path dir = Path.of("target", "sqlite-it", UUID.randomUUID().toString());
        store = SqliteEventStore.open(dir, ContextName.of("grouping"));
        pool = Executors.newCachedThreadPool();
    }

    @AfterEach
    void close() {
        pool.shutdownNow();
        store.close();
    }

    @Test
    @DisplayName("appends queued while the writer is busy are committed together, and a conflicting one fails alone")
    void queuedAppendsShareOneTransaction() throws Exception {
        // given the writer blocked inside a transaction
        CountDownLatch release = new CountDownLatch(1);
        Future<?> blocker = blockWriter(release);
        GroupCommitWriter.Stats before = store.writerStats();

        // when 6 appends to distinct streams and one conflicting append queue up behind it
        StreamId taken = TestCommits.newStreamId("taken");
        List<Future<Commit>> appends = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            StreamId s = TestCommits.newStreamId("grouped-" + i);
            appends.add(pool.submit(() -> store.append(TestCommits.attempt(s, 1))));
        }
        Future<Commit> conflicting = pool.submit(() -> store.append(TestCommits.attempt(taken, 2)));
        Await.until(() -> store.queuedWrites() == 7, PATIENCE, "7 appends queued behind the busy writer");
        release.countDown();

        // then the six succeed, the conflict fails alone, and all seven ran in one transaction
        for (Future<Commit> f : appends) {
            assertEquals(1, f.get(30, TimeUnit.SECONDS).commitSequence());
        }
        Throwable failure = assertThrowsFromFuture(conflicting);
        assertInstanceOf(ConcurrencyException.class, failure);
        blocker.get(30, TimeUnit.SECONDS);
        GroupCommitWriter.Stats after = store.writerStats();
        // "before" was read while the blocking write's transaction was still open
        assertEquals(before.groups() + 2, after.groups(), "the blocking write's transaction, then one for all seven appends");
        assertEquals(before.jobs() + 8, after.jobs());
        assertEquals(6, io.contextbus.testkit.CommitAssertions.readEverything(store, 100).size());
    }

    @Test
    @DisplayName("one caller keeping appends in flight (appendAsync) fills a group: 100 commits, one transaction")
    void pipelinedCallerSharesTransactions() throws Exception {
        // given the writer blocked inside a transaction
        CountDownLatch release = new CountDownLatch(1);
        Future<?> blocker = blockWriter(release);
        GroupCommitWriter.Stats before = store.writerStats();

        // when one thread starts 100 appends (10 streams x 10 commits) without waiting for any
        List<java.util.concurrent.CompletableFuture<Commit>> inFlight = new ArrayList<>();
        List<StreamId> streams = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            streams.add(TestCommits.newStreamId("pipelined-" + s));
        }
        for (int seq = 1; seq <= 10; seq++) {
            for (StreamId s : streams) {
                inFlight.add(store.appendAsync(TestCommits.attempt(s, seq)));
            }
        }
        assertEquals(100, store.queuedWrites(), "all 100 wait behind the busy writer");
        release.countDown();

        // then all are durable, in order per stream, written by one more transaction
        for (java.util.concurrent.CompletableFuture<Commit> f : inFlight) {
            f.get(30, TimeUnit.SECONDS);
        }
        blocker.get(30, TimeUnit.SECONDS);
        GroupCommitWriter.Stats after = store.writerStats();
        assertEquals(before.groups() + 2, after.groups(), "the blocking write's transaction, then one for all 100");
        for (StreamId s : streams) {
            assertEquals(10, store.lastCommitSequence(s));
        }
    }

    @Test
    @DisplayName("a lone writer is committed at once, one transaction per append")
    void loneWriterIsNotDelayed() {
        StreamId stream = TestCommits.newStreamId("lone");
        GroupCommitWriter.Stats before = store.writerStats();
        for (int i = 1; i <= 5; i++) {
            store.append(TestCommits.attempt(stream, i));
        }
        GroupCommitWriter.Stats after = store.writerStats();
        assertEquals(5, after.groups() - before.groups());
        assertEquals(5, after.jobs() - before.jobs());
    }

    @Test
    @DisplayName("a lone waiting writer commits on its own thread, without a hand-off to the writer thread")
    void loneWriterCommitsOnItsOwnThread() throws Exception {
        List<Thread> committers = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (AutoCloseable listening = store.onCommit(() -> committers.add(Thread.currentThread()))) {
            StreamId stream = TestCommits.newStreamId("own-thread");
            for (int i = 1; i <= 3; i++) {
                store.append(TestCommits.attempt(stream, i));
            }
        }
        assertEquals(List.of(Thread.currentThread(), Thread.currentThread(), Thread.currentThread()), committers);
    }

    @Test
    @DisplayName("an append runs after the appends its thread queued before it (appendAsync, then append)")
    void waitingAppendFollowsQueuedOnes() throws Exception {
        List<StreamId> streams = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            StreamId s = TestCommits.newStreamId("queued-then-waited-" + i);
            streams.add(s);
            java.util.concurrent.CompletableFuture<Commit> queued = store.appendAsync(TestCommits.attempt(s, 1));
            assertEquals(2, store.append(TestCommits.attempt(s, 2)).commitSequence());
            assertEquals(1, queued.get(30, TimeUnit.SECONDS).commitSequence());
        }
        for (StreamId s : streams) {
            assertEquals(2, store.lastCommitSequence(s));
        }
    }

    /** Occupies the writer with a write that waits for {@code release}; returns once it runs. */
    private Future<?> blockWriter(CountDownLatch release) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Future<?> blocker = pool.submit(() -> store.write(c -> {
            started.countDown();
            await(release);
            return null;
        }));
        assertTrue(started.await(30, TimeUnit.SECONDS), "the blocking write occupies the writer");
        return blocker;
    }

    private static Throwable assertThrowsFromFuture(Future<?> f) throws Exception {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the append to fail");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
