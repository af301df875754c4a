package io.contextbus.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.PublishException;
import io.contextbus.error.StoreException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.EventMessage;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class StoreDispatcherTest extends DispatcherTestBase {
    private static final DispatcherOptions FAST = DispatcherOptions.DEFAULT
            .withPageSize(3)
            .withPollInterval(Duration.ofMillis(50))
            .withLeaseTtl(Duration.ofSeconds(10))
            .withCloseTimeout(Duration.ofSeconds(5))
            .withBackoff(DispatcherOptions.Backoff.DEFAULT
                    .withInitialDelay(Duration.ofMillis(5)).withMaxDelay(Duration.ofMillis(50)).withAttemptsPerCycle(3))
            .withBreaker(DispatcherOptions.Breaker.DEFAULT.withOpenWait(Duration.ofMillis(200)));

    private List<Commit> appendCommits(int streams, int perStream) {
        List<Commit> appended = new ArrayList<>();
        for (int seq = 1; seq <= perStream; seq++) {
            for (int s = 0; s < streams; s++) {
                appended.add(append("order-" + s, seq));
            }
        }
        return appended;
    }

    private Commit append(String stream, long seq) {
        return store.append(new CommitAttempt(StreamId.of(stream), seq, seq, UUID.randomUUID(), Instant.now(),
                Map.of(), List.of(EventMessage.of("OrderPlaced", 1, "{\"n\":" + seq + "}"))));
    }

    @Nested
    @DisplayName("publishing")
    class Publishing {
        @Test
        @DisplayName("publishes every commit appended before start, in store order, page by page, then checkpoints")
        void publishesBacklogInStoreOrder() {
            List<Commit> appended = appendCommits(3, 4);

            StoreDispatcher dispatcher = start(FAST);

            Await.until("12 commits checkpointed", () -> checkpoints.checkpoint().equals(Position.of(12)));
            assertEquals(appended, publisher.published());
            assertTrue(publisher.batches().stream().allMatch(b -> b.size() <= 3), "no batch exceeds the page size");
            Await.until("status counts 12 commits", () -> dispatcher.status().commitsDispatched() == 12);
            DispatcherStatus status = dispatcher.status();
            assertEquals(4, status.batchesDispatched());
            assertEquals(Position.of(12), status.checkpoint().orElseThrow());
        }

        @Test
        @DisplayName("wakes on an append through the store even when the poll interval is very long")
        void wakesOnAppend() {
            StoreDispatcher dispatcher = start(FAST.withPollInterval(Duration.ofHours(1)).withLeaseTtl(Duration.ofHours(3)));
            Await.until("dispatcher idle", () -> dispatcher.status().caughtUp());

            Commit late = append("order-late", 1);

            Await.until("late commit published", () -> publisher.published().contains(late));
        }

        @Test
        @DisplayName("starts from the stored checkpoint, not from the beginning")
        void resumesFromCheckpoint() {
            appendCommits(1, 6);
            StoreDispatcher first = start(FAST);
            Await.until("6 checkpointed", () -> checkpoints.checkpoint().equals(Position.of(6)));
            first.close();
            Commit next = append("order-0", 7);

            RecordingPublisher second = new RecordingPublisher();
            start(FAST, second);

            Await.until("commit 7 published by the second dispatcher", () -> second.published().contains(next));
            assertEquals(List.of(next), second.published(), "only the commit after the checkpoint");
        }
    }

    @Nested
    @DisplayName("failures")
    class Failures {
        @Test
        @DisplayName("a failing bus keeps the checkpoint still; after recovery every commit is published once, in order")
        void transientFailureThenRecovery() {
            publisher.failWith(() -> new PublishException("bus down", true, null));
            List<Commit> appended = appendCommits(2, 3);
            StoreDispatcher dispatcher = start(FAST);

            Await.until("several failed attempts", () -> publisher.calls() >= 5);
            assertEquals(Position.BEGINNING, checkpoints.checkpoint());
            assertTrue(dispatcher.status().retries() > 0, "retries are counted");
            assertTrue(dispatcher.status().lastError().orElseThrow().contains("bus down"));

            publisher.heal();

            Await.until("all checkpointed", () -> checkpoints.checkpoint().equals(Position.of(6)));
            assertEquals(appended, publisher.published());
        }

        @Test
        @DisplayName("a non-transient failure is not given up on: it is retried with backoff until it succeeds")
        void nonTransientFailureIsRetriedByTheLoop() {
            publisher.failWith(() -> new PublishException("unauthorized", false, null));
            List<Commit> appended = appendCommits(1, 2);
            StoreDispatcher dispatcher = start(FAST);

            Await.until("two failed cycles", () -> publisher.calls() >= 2);
            assertEquals(Position.BEGINNING, checkpoints.checkpoint());
            assertTrue(dispatcher.status().lastError().orElseThrow().contains("unauthorized"));

            publisher.heal();

            Await.until("all checkpointed", () -> checkpoints.checkpoint().equals(Position.of(2)));
            assertEquals(appended, publisher.published());
        }

        @Test
        @DisplayName("an unknown runtime failure is retried like a transient one")
        void unknownFailureIsRetried() {
            publisher.failWith(() -> new IllegalStateException("socket reset"));
            List<Commit> appended = appendCommits(1, 1);
            start(FAST);

            Await.until("retried", () -> publisher.calls() >= 3);
            publisher.heal();

            Await.until("checkpointed", () -> checkpoints.checkpoint().equals(Position.of(1)));
            assertEquals(appended, publisher.published());
        }

        @Test
        @DisplayName("the circuit opens while the bus is down, and the dispatcher resumes by itself when it is back")
        void circuitOpensAndCloses() {
            DispatcherOptions options = FAST.withBreaker(new DispatcherOptions.Breaker(50f, 4, 4, Duration.ofMillis(200)));
            publisher.failWith(() -> new PublishException("bus down", true, null));
            List<Commit> appended = appendCommits(2, 2);
            StoreDispatcher dispatcher = start(options);

            Await.until("circuit open", () -> dispatcher.status().state() == DispatcherState.CIRCUIT_OPEN);
            publisher.heal();

            Await.until("all checkpointed", () -> checkpoints.checkpoint().equals(Position.of(4)));
            Await.until("active again", () -> dispatcher.status().state() == DispatcherState.ACTIVE);
            assertEquals(appended, publisher.published());
        }

        @Test
        @DisplayName("a store read failure is retried and loses nothing")
        void readFailureIsRetried() {
            List<Commit> appended = appendCommits(1, 2);
            store.failReads(new StoreException("disk busy", true, null));
            StoreDispatcher dispatcher = start(FAST);

            Await.until("read failure seen", () -> dispatcher.status().lastError().isPresent());
            store.failReads(null);

            Await.until("checkpointed", () -> checkpoints.checkpoint().equals(Position.of(2)));
            assertEquals(appended, publisher.published());
        }
    }

    @Nested
    @DisplayName("the lease")
    class Lease {
        @Test
        @DisplayName("a second dispatcher stays on standby and takes over, losing nothing, when the first closes")
        void standbyTakesOver() {
            StoreDispatcher first = start(FAST.withOwner("first"));
            Await.until("first active", () -> first.status().state() == DispatcherState.ACTIVE);
            RecordingPublisher secondPublisher = new RecordingPublisher();
            StoreDispatcher second = start(FAST.withOwner("second"), secondPublisher);
            List<Commit> before = appendCommits(2, 2);
            Await.until("first published 4", () -> publisher.published().size() == 4);
            assertEquals(DispatcherState.STANDBY, second.status().state());
            assertEquals(0, secondPublisher.calls(), "the standby never publishes");

            first.close();
            Commit after = append("order-0", 3);

            Await.until("second publishes the commit appended after the hand-over",
                    () -> secondPublisher.published().contains(after));
            assertEquals(before, publisher.published());
            assertEquals(List.of(after), secondPublisher.published());
        }

        @Test
        @DisplayName("a dispatcher that lost its lease publishes nothing more and goes on standby")
        void lostLeaseStopsPublishing() {
            StoreDispatcher dispatcher = start(FAST.withOwner("me"));
            Await.until("active", () -> dispatcher.status().state() == DispatcherState.ACTIVE);

            checkpoints.stealLease("someone-else");
            append("order-1", 1);

            Await.until("on standby", () -> dispatcher.status().state() == DispatcherState.STANDBY);
            assertEquals(0, publisher.calls());
            assertEquals(Position.BEGINNING, checkpoints.checkpoint());
        }

        @Test
        @DisplayName("close releases the lease and unregisters from the store")
        void closeReleasesLease() {
            StoreDispatcher dispatcher = start(FAST.withOwner("me"));
            Await.until("active", () -> dispatcher.status().state() == DispatcherState.ACTIVE);

            dispatcher.close();

            assertEquals(DispatcherState.STOPPED, dispatcher.status().state());
            assertTrue(checkpoints.currentLease().isEmpty());
            assertEquals(0, store.listenerCount());
            assertThrows(IllegalStateException.class, dispatcher::start);
        }

        @Test
        @DisplayName("default owners differ per dispatcher")
        void defaultOwnersAreUnique() {
            StoreDispatcher a = new StoreDispatcher(store, checkpoints, publisher, DispatcherOptions.DEFAULT);
            StoreDispatcher b = new StoreDispatcher(store, checkpoints, publisher, DispatcherOptions.DEFAULT);

            assertNotEquals(a.owner(), b.owner());
            assertTrue(a.owner().contains(Long.toString(ProcessHandle.current().pid())));
        }
    }

    @Nested
    @DisplayName("closing")
    class Closing {
        @Test
        @DisplayName("a batch in flight that finishes within the close timeout is checkpointed")
        void inFlightBatchFinishes() throws Exception {
            CountDownLatch inPublish = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            appendCommits(1, 2);
            StoreDispatcher dispatcher = start(FAST, (source, commits) -> {
                inPublish.countDown();
                Await.released(release);
            });
            assertTrue(inPublish.await(30, TimeUnit.SECONDS), "publish started");

            Thread closer = new Thread(dispatcher::close);
            closer.start();
            release.countDown();
            closer.join(30_000);

            assertFalse(closer.isAlive(), "close returned");
            assertEquals(Position.of(2), checkpoints.checkpoint());
        }

        @Test
        @DisplayName("a batch in flight past the close timeout is abandoned without a checkpoint")
        void inFlightBatchAbandoned() throws Exception {
            CountDownLatch inPublish = new CountDownLatch(1);
            CountDownLatch never = new CountDownLatch(1);
            appendCommits(1, 2);
            StoreDispatcher dispatcher = start(FAST.withCloseTimeout(Duration.ofMillis(100)), (source, commits) -> {
                inPublish.countDown();
                Await.released(never);
            });
            assertTrue(inPublish.await(30, TimeUnit.SECONDS), "publish started");

            dispatcher.close();

            Await.until("stopped", () -> dispatcher.status().state() == DispatcherState.STOPPED);
            assertEquals(Position.BEGINNING, checkpoints.checkpoint());
        }

        @Test
        @Timeout(60)
        @DisplayName("close cuts a long retry backoff short instead of waiting it out, and checkpoints nothing")
        void closeDuringBackoff() {
            DispatcherOptions patient = FAST.withCloseTimeout(Duration.ofMinutes(10)).withBackoff(
                    DispatcherOptions.Backoff.DEFAULT.withMaxDelay(Duration.ofMinutes(10)).withInitialDelay(Duration.ofMinutes(10)));
            publisher.failWith(() -> new PublishException("bus down", true, null));
            appendCommits(1, 1);
            StoreDispatcher dispatcher = start(patient);
            Await.until("first retry scheduled", () -> dispatcher.status().retries() >= 1);

            dispatcher.close();

            assertEquals(DispatcherState.STOPPED, dispatcher.status().state());
            assertEquals(1, publisher.calls(), "no attempt after close");
            assertEquals(Position.BEGINNING, checkpoints.checkpoint());
            assertTrue(checkpoints.currentLease().isEmpty(), "lease released");
        }
    }
}
