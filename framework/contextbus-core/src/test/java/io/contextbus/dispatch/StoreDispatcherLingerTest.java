package io.contextbus.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.model.Commit;
import io.contextbus.model.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The linger of {@link StoreDispatcher}, on a clock that stands still unless a test moves it: a
 * page that should wait for the linger then waits for ever, so "published" proves "not held", and
 * the order of events decides each outcome, not the speed of the machine.
 */
@Timeout(60)
@DisplayName("the dispatcher's linger")
class StoreDispatcherLingerTest extends DispatcherTestBase {
    private static final Duration LINGER = Duration.ofSeconds(1);
    private static final DispatcherOptions LINGERING = DispatcherOptions.DEFAULT
            .withPageSize(100)
            .withLinger(LINGER)
            .withPollInterval(Duration.ofMillis(50))
            .withLeaseTtl(Duration.ofSeconds(10))
            // A close that waited for the linger (which never ends on this clock) would hit @Timeout first.
            .withCloseTimeout(Duration.ofMinutes(10));

    private final ManualNanoClock clock = new ManualNanoClock();

    @Override
    LongSupplier clock() {
        return clock;
    }

    private Commit publishFirstCommit() {
        Commit first = store.appendNext("order-1");
        Await.until("the first commit published", () -> publisher.published().contains(first));
        return first;
    }

    /** {@code next} goes in a publish of its own right after {@code first}'s: it was not held. */
    private void assertPublishedAtOnce(Commit first, Commit next, String what) {
        Await.until(what + " published, though the clock does not move again",
                () -> publisher.published().contains(next));
        assertEquals(List.of(List.of(first), List.of(next)), publisher.batches());
    }

    @Test
    @DisplayName("a commit after a quiet spell as long as the linger is published at once")
    void commitAfterQuietSpellIsNotHeld() {
        start(LINGERING);
        Commit first = publishFirstCommit();

        clock.advance(LINGER);
        Commit afterQuiet = store.appendNext("order-2");

        assertPublishedAtOnce(first, afterQuiet, "the commit after the quiet spell");
    }

    @Test
    @DisplayName("commits appended within the linger are published together, in one publish call")
    void trickleWithinTheLingerIsMerged() {
        start(LINGERING);
        Commit first = publishFirstCommit();
        List<Commit> trickle = new ArrayList<>();
        trickle.add(store.appendNext("order-1"));
        Await.until("the dispatcher read the first commit of the trickle", () -> store.pagesRead() >= 2);
        trickle.add(store.appendNext("order-2"));
        trickle.add(store.appendNext("order-1"));

        clock.advance(LINGER);

        Await.until("the trickle published", () -> publisher.published().size() == 4);
        assertEquals(2, publisher.calls(), "one publish for the first commit, one for the whole trickle");
        assertEquals(List.of(List.of(first), trickle), publisher.batches());
        Await.until("checkpoint after the trickle", () -> checkpoints.checkpoint().equals(Position.of(4)));
    }

    @Test
    @DisplayName("after a publish that took longer than the linger, the next page goes at once")
    void slowPublishLeavesNothingToWaitFor() throws Exception {
        CountDownLatch inFirstPublish = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(LINGERING, (source, commits) -> {
            if (publisher.calls() == 0) {
                inFirstPublish.countDown();
                Await.released(release);
            }
            publisher.publish(source, commits);
        });
        Commit first = store.appendNext("order-1");
        assertTrue(inFirstPublish.await(30, TimeUnit.SECONDS), "first publish started");

        clock.advance(LINGER);
        Commit duringPublish = store.appendNext("order-2");
        release.countDown();

        assertPublishedAtOnce(first, duringPublish, "the commit appended during the slow publish");
    }

    @Test
    @DisplayName("full pages of a backlog go at once; only the last, partial page waits for the linger")
    void fullBacklogPagesDoNotWait() {
        List<Commit> backlog = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            backlog.add(store.appendNext("order-" + (i % 2)));
        }

        start(LINGERING.withPageSize(4));

        Await.until("two full pages checkpointed", () -> checkpoints.checkpoint().equals(Position.of(8)));
        assertEquals(List.of(backlog.subList(0, 4), backlog.subList(4, 8)), publisher.batches(),
                "the first page after start and the full second page, with the clock standing still");

        clock.advance(LINGER);

        Await.until("the partial page published after the linger", () -> publisher.published().size() == 9);
        assertEquals(List.of(backlog.subList(0, 4), backlog.subList(4, 8), backlog.subList(8, 9)), publisher.batches());
    }

    @Test
    @DisplayName("a page that fills up during the linger goes at once")
    void pageFilledDuringTheLingerGoesAtOnce() {
        start(LINGERING.withPageSize(4));
        Commit first = publishFirstCommit();

        List<Commit> next = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            next.add(store.appendNext("order-" + (i % 3)));
        }

        Await.until("the filled page published, though the clock stands still", () -> publisher.published().size() == 5);
        assertEquals(List.of(List.of(first), next), publisher.batches());
    }

    @Test
    @DisplayName("with linger zero every page goes as soon as it is read")
    void zeroLingerNeverHolds() {
        start(LINGERING.withLinger(Duration.ZERO));
        Commit first = publishFirstCommit();

        Commit second = store.appendNext("order-1");

        assertPublishedAtOnce(first, second, "the second commit");
    }

    @Test
    @DisplayName("close during a linger returns without waiting for it, publishes nothing more, and the next owner publishes the held commit")
    void closeDuringTheLinger() {
        StoreDispatcher dispatcher = start(LINGERING.withOwner("first"));
        Commit first = publishFirstCommit();
        Await.until("first checkpointed", () -> checkpoints.checkpoint().equals(Position.of(1)));
        Commit held = store.appendNext("order-1");
        Await.until("the dispatcher read the commit it now holds", () -> store.pagesRead() >= 2);

        dispatcher.close();

        assertEquals(DispatcherState.STOPPED, dispatcher.status().state());
        assertEquals(List.of(List.of(first)), publisher.batches(), "nothing published after close");
        assertEquals(Position.of(1), checkpoints.checkpoint(), "the checkpoint did not pass the held commit");
        assertTrue(checkpoints.currentLease().isEmpty(), "lease released");

        RecordingPublisher nextOwner = new RecordingPublisher();
        start(LINGERING.withOwner("second"), nextOwner);

        Await.until("the next owner publishes the held commit", () -> nextOwner.published().contains(held));
        assertEquals(List.of(held), nextOwner.published());
    }
}
