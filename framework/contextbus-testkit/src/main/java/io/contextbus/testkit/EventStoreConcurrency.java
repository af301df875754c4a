package io.contextbus.testkit;

import static io.contextbus.testkit.CommitAssertions.assertEachStreamInOrder;
import static io.contextbus.testkit.CommitAssertions.readEverything;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.contextbus.error.ConcurrencyException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.CommitPage;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.store.EventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** The concurrency checks of {@link EventStoreContract}; two handles may be the same store. */
final class EventStoreConcurrency {
    private final EventStore first;
    private final EventStore second;

    EventStoreConcurrency(EventStore first, EventStore second) {
        this.first = first;
        this.second = second;
    }

    static void assertConflict(StreamId stream, long expected, long actual, ConcurrencyException e) {
        assertEquals(stream, e.streamId(), "ConcurrencyException names the stream");
        assertEquals(expected, e.expectedCommitSequence(), "ConcurrencyException names the expected sequence");
        assertEquals(actual, e.actualCommitSequence(), "ConcurrencyException names the actual sequence");
    }

    /** {@code racers} appenders with different commitIds race for each of {@code rounds} sequences. */
    void racingAppendersLeaveOneWinner(int racers, int rounds) {
        StreamId stream = TestCommits.newStreamId("race");
        List<UUID> winners = new ArrayList<>();
        for (long seq = 1; seq <= rounds; seq++) {
            CommitAttempt base = TestCommits.attempt(stream, seq);
            List<CommitAttempt> attempts = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                attempts.add(TestCommits.withNewCommitId(base));
            }
            List<Race.Outcome<Commit>> outcomes = Race.run(racers, i -> () -> storeFor(i).append(attempts.get(i)));
            List<Commit> won = outcomes.stream().filter(Race.Outcome::succeeded).map(Race.Outcome::value).toList();
            assertEquals(1, won.size(), "exactly one of " + racers + " racers appends sequence " + seq
                    + "; failures: " + outcomes.stream().filter(o -> !o.succeeded()).map(Race.Outcome::failure).toList());
            for (Race.Outcome<Commit> o : outcomes) {
                if (!o.succeeded()) {
                    ConcurrencyException e = assertInstanceOf(ConcurrencyException.class, o.failure(),
                            "a losing racer fails with ConcurrencyException");
                    assertConflict(stream, seq - 1, seq, e);
                }
            }
            winners.add(won.get(0).commitId());
        }
        List<UUID> stored = first.readStream(stream, 1).stream().map(Commit::commitId).toList();
        assertEquals(winners, stored, "the stream holds exactly the winners, in order");
        assertEquals(rounds, readEverything(second, 100).size(), "read-all holds one commit per sequence");
    }

    /** {@code racers} callers append the very same attempt at once. */
    void racingDuplicatesStoreOnce(int racers) {
        CommitAttempt attempt = TestCommits.attempt(TestCommits.newStreamId("dup-race"), 1);
        List<Race.Outcome<Commit>> outcomes = Race.run(racers, i -> () -> storeFor(i).append(attempt));
        for (Race.Outcome<Commit> o : outcomes) {
            assertEquals(true, o.succeeded(), "re-appending the same commitId never fails: " + o.failure());
            CommitAssertions.assertSameCommit(attempt.toCommit(), o.value());
        }
        assertEquals(1, readEverything(first, 100).size(), "the commit is stored once");
    }

    /**
     * {@code writers} threads append {@code perWriter} commits each to their own stream while one
     * reader pages through readAll with {@code pageSize}; once the writers are done and the reader
     * has caught up it must have seen every commit exactly once, each stream in order.
     */
    void readerSeesEveryCommitOnce(int writers, int perWriter, int pageSize) {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                StreamId stream = TestCommits.newStreamId("gap-free-" + w);
                done.add(pool.submit(() -> {
                    for (long seq = 1; seq <= perWriter; seq++) {
                        storeFor((int) seq).append(TestCommits.attempt(stream, seq));
                    }
                    return null;
                }));
            }
            List<Commit> seen = readWhileWriting(done, pageSize, Duration.ofSeconds(90));
            Map<StreamId, List<Commit>> byStream = assertEachStreamInOrder(seen);
            assertEquals(writers, byStream.size(), "every writer's stream was read");
            Set<UUID> ids = new HashSet<>();
            seen.forEach(c -> ids.add(c.commitId()));
            assertEquals(writers * perWriter, ids.size(), "every commit was read exactly once");
            assertEquals(writers * perWriter, seen.size(), "no commit was read twice");
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Commit> readWhileWriting(List<Future<?>> writers, int pageSize, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Commit> seen = new ArrayList<>();
        Position position = Position.BEGINNING;
        while (true) {
            boolean writersDone = writers.stream().allMatch(Future::isDone);
            CommitPage page = first.readAll(position, pageSize);
            seen.addAll(page.commits());
            position = page.next();
            if (page.isEmpty() && writersDone) {
                rethrowWriterFailure(writers);
                return seen;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Reader did not catch up with the writers within " + timeout
                        + "; read " + seen.size() + " commits");
            }
        }
    }

    private static void rethrowWriterFailure(List<Future<?>> writers) {
        for (Future<?> f : writers) {
            try {
                f.get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("A writer failed", e);
            }
        }
    }

    private EventStore storeFor(int index) {
        return index % 2 == 0 ? first : second;
    }
}
