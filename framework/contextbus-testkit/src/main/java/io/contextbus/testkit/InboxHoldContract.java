package io.contextbus.testkit;

import static io.contextbus.testkit.EventStoreValidation.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.CommitApplier;
import io.contextbus.inbox.Dependency;
import io.contextbus.inbox.Gap;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.inbox.SkippedCommit;
import io.contextbus.inbox.StreamHold;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.store.EventStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The inbox contract for stream holds: a commit whose outcome holds its stream (a reject, a
 * non-retryable failure, a "not yet") is kept durably under a {@link StreamHold}; later commits of
 * the stream wait behind it (stashed, no gap); commits applied before it in the same receive stay
 * applied; a retry applies it and drains what waits, a skip records who/why and drains after it;
 * a "not yet" past its deadline parks. Run by {@link InboxContract} as a nested suite.
 *
 * @param <T> the store's inbox transaction handle
 */
public abstract class InboxHoldContract<T> {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final ContextName BILLING = ContextName.of("billing");
    private static final ApplyOutcome.Reject POISON =
            ApplyOutcome.reject(ApplyOutcome.Refusal.REJECTED, "events[0] ('X') was rejected by its handler: poison");

    private final StoreFixture<T> fixture;
    private OpenedStores stores;
    private EventStore store;
    private Inbox<T> inbox;
    private final List<String> applied = new CopyOnWriteArrayList<>();
    private final Map<String, Commit> commits = new ConcurrentHashMap<>();

    protected InboxHoldContract(StoreFixture<T> fixture) {
        this.fixture = fixture;
    }

    @BeforeEach
    final void openHoldStore() {
        stores = new OpenedStores(fixture);
        store = stores.open(fixture.newLocation());
        inbox = fixture.inbox(store);
    }

    @AfterEach
    final void closeHoldStores() {
        stores.close();
    }

    /** Applies every commit, writing its marker, except those of {@code poisoned} sequences of {@code stream}. */
    private CommitApplier<T> applying(StreamId stream, ApplyOutcome.NotApplied answer, long... poisoned) {
        return (source, c, tx) -> {
            for (long p : poisoned) {
                if (c.streamId().equals(stream) && c.commitSequence() == p) {
                    fixture.writeMarker(tx, marker(source, c) + ":half");
                    return answer;
                }
            }
            fixture.writeMarker(tx, marker(source, c));
            applied.add(marker(source, c));
            return ApplyOutcome.APPLIED;
        };
    }

    private CommitApplier<T> recording() {
        return applying(StreamId.of("none"), POISON);
    }

    private static String marker(ContextName source, Commit c) {
        return source + "/" + c.key();
    }

    @Test
    @DisplayName("a rejected commit parks its stream; later commits wait behind it without a gap; other streams flow; a retry applies all in order")
    void poisonParksThenRetry() {
        StreamId stream = TestCommits.newStreamId("hold-park");
        StreamId other = TestCommits.newStreamId("hold-other");
        inbox.receive(ORDERING, c(stream, 1), recording());

        InboxResult parked = inbox.receive(ORDERING, c(stream, 2), applying(stream, POISON, 2));
        InboxResult behind3 = inbox.receive(ORDERING, c(stream, 3), applying(stream, POISON, 2));
        InboxResult behind4 = inbox.receive(ORDERING, c(stream, 4), applying(stream, POISON, 2));
        InboxResult again2 = inbox.receive(ORDERING, c(stream, 2), applying(stream, POISON, 2));
        InboxResult otherApplied = inbox.receive(ORDERING, c(other, 1), recording());

        InboxResult.Held held = assertInstanceOf(InboxResult.Held.class, parked);
        StreamHold hold = held.hold();
        assertEquals(StreamHold.State.PARKED, hold.state());
        assertEquals(2, hold.commitSequence());
        assertEquals(1, hold.attempts());
        assertTrue(hold.reason().contains("poison"), "the reason says why: " + hold.reason());
        assertEquals(POISON, held.outcome());
        assertEquals(List.of(), held.applied());
        assertEquals(new InboxResult.Behind(hold), behind3);
        assertEquals(new InboxResult.Behind(hold), behind4);
        assertEquals(new InboxResult.Behind(hold), again2, "the held commit redelivered is not tried again");
        assertInstanceOf(InboxResult.Applied.class, otherApplied, "other streams flow");
        assertFalse(fixture.markerExists(store, marker(ORDERING, c(stream, 2)) + ":half"), "its writes rolled back");
        assertEquals(1, inbox.lastApplied(ORDERING, stream));
        assertEquals(List.of(2L, 3L, 4L), sequences(inbox.stashed(ORDERING, stream)), "kept durably, once each");
        assertEquals(List.of(hold), inbox.holds());
        assertEquals(Optional.of(hold), inbox.hold(ORDERING, stream));

        InboxResult retried = inbox.retryHold(ORDERING, stream, recording());

        assertEquals(new InboxResult.Applied(List.of(c(stream, 2), c(stream, 3), c(stream, 4)),
                Optional.empty()), retried);
        assertEquals(4, inbox.lastApplied(ORDERING, stream));
        assertEquals(List.of(), inbox.stashed(ORDERING, stream));
        assertEquals(List.of(), inbox.holds());
        assertEquals(List.of(marker(ORDERING, c(stream, 1)), marker(ORDERING, c(other, 1)),
                marker(ORDERING, c(stream, 2)), marker(ORDERING, c(stream, 3)),
                marker(ORDERING, c(stream, 4))), applied, "each applied once, in order");
    }

    @Test
    @DisplayName("a stashed commit refused while the stash drains parks at THAT commit; the gap-filling commit before it stays applied")
    void drainParksAtFailingCommit() {
        StreamId stream = TestCommits.newStreamId("hold-drain");
        inbox.receive(ORDERING, c(stream, 1), recording());
        inbox.receive(ORDERING, c(stream, 3), recording());
        inbox.receive(ORDERING, c(stream, 4), recording());

        InboxResult result = inbox.receive(ORDERING, c(stream, 2), applying(stream, POISON, 3));

        InboxResult.Held held = assertInstanceOf(InboxResult.Held.class, result);
        assertEquals(3, held.hold().commitSequence());
        assertEquals(List.of(c(stream, 2)), held.applied());
        assertTrue(fixture.markerExists(store, marker(ORDERING, c(stream, 2))), "the healthy commit stays applied");
        assertEquals(2, inbox.lastApplied(ORDERING, stream));
        assertEquals(List.of(3L, 4L), sequences(inbox.stashed(ORDERING, stream)));
    }

    @Test
    @DisplayName("a retry that fails for good again keeps the hold, counts the attempt and keeps its first time")
    void retryFailsAgain() {
        StreamId stream = TestCommits.newStreamId("hold-again");
        StreamHold first = ((InboxResult.Held) inbox.receive(ORDERING, c(stream, 1), applying(stream, POISON, 1))).hold();

        InboxResult again = inbox.retryHold(ORDERING, stream, applying(stream, POISON, 1));

        StreamHold second = assertInstanceOf(InboxResult.Held.class, again).hold();
        assertEquals(2, second.attempts());
        assertEquals(first.since(), second.since());
        assertEquals(Optional.of(second), inbox.hold(ORDERING, stream));
    }

    @Test
    @DisplayName("a retry with a retryable failure rolls back and leaves the hold as it was")
    void retryTransientFailure() {
        StreamId stream = TestCommits.newStreamId("hold-transient");
        StreamHold hold = ((InboxResult.Held) inbox.receive(ORDERING, c(stream, 1), applying(stream, POISON, 1))).hold();

        InboxResult result = inbox.retryHold(ORDERING, stream, applying(stream, ApplyOutcome.retry("db busy"), 1));

        assertEquals(new InboxResult.RolledBack(c(stream, 1), ApplyOutcome.retry("db busy")), result);
        assertEquals(Optional.of(hold), inbox.hold(ORDERING, stream));
        assertEquals(0, inbox.lastApplied(ORDERING, stream));
    }

    @Test
    @DisplayName("a skip records who, why and when, counts the held commit as applied without applying it, and drains after it")
    void skip() {
        StreamId stream = TestCommits.newStreamId("hold-skip");
        inbox.receive(ORDERING, c(stream, 1), applying(stream, POISON, 1));
        inbox.receive(ORDERING, c(stream, 2), applying(stream, POISON, 1));
        SkippedCommit skip = new SkippedCommit(ORDERING, stream, 1, "alice", "bad data, fixed by hand",
                Instant.now().truncatedTo(ChronoUnit.MILLIS));

        InboxResult result = inbox.skipHold(skip, recording());

        assertEquals(new InboxResult.Applied(List.of(c(stream, 2)), Optional.empty()), result);
        assertEquals(2, inbox.lastApplied(ORDERING, stream));
        assertFalse(fixture.markerExists(store, marker(ORDERING, c(stream, 1))), "the skipped commit is not applied");
        assertEquals(List.of(skip), inbox.skipped());
        assertEquals(List.of(), inbox.holds());
    }

    @Test
    @DisplayName("retry and skip of a stream that is not held: Duplicate, and a skip naming another commit is refused")
    void notHeld() {
        StreamId stream = TestCommits.newStreamId("hold-none");
        inbox.receive(ORDERING, c(stream, 1), recording());
        inbox.receive(ORDERING, c(stream, 2), applying(stream, POISON, 2));

        assertEquals(new InboxResult.Duplicate(0), inbox.retryHold(BILLING, stream, recording()));
        assertRefused("skip", () -> inbox.skipHold(new SkippedCommit(ORDERING, stream, 3, "bob", "wrong one",
                Instant.now()), recording()));
        assertRefused("streamId", () -> inbox.retryHold(ORDERING, null, recording()));
        assertRefused("skip", () -> inbox.skipHold(null, recording()));
        assertEquals(2, inbox.hold(ORDERING, stream).orElseThrow().commitSequence(), "the hold is as it was");
    }

    @Test
    @DisplayName("dropping a hold for a replay removes it and its stash and names the range to resend; a resent commit then applies")
    void dropForReplay() {
        StreamId stream = TestCommits.newStreamId("hold-drop");
        inbox.receive(ORDERING, c(stream, 1), recording());
        inbox.receive(ORDERING, c(stream, 2), applying(stream, POISON, 2));
        inbox.receive(ORDERING, c(stream, 4), recording());

        Optional<Gap> range = inbox.dropHold(ORDERING, stream);

        assertEquals(Optional.of(new Gap(ORDERING, stream, 2, 4)), range);
        assertEquals(List.of(), inbox.holds());
        assertEquals(List.of(), inbox.stashed(ORDERING, stream));
        assertEquals(Optional.empty(), inbox.dropHold(ORDERING, stream), "nothing held any more");
        assertEquals(new InboxResult.Applied(List.of(c(stream, 2)), Optional.empty()),
                inbox.receive(ORDERING, c(stream, 2), recording()), "the replayed commit applies");
    }

    @Test
    @DisplayName("a 'not yet' holds the commit waiting for its dependency; a retry once it is met applies it and what waits behind it")
    void dependencyWait() {
        StreamId stream = TestCommits.newStreamId("hold-wait");
        Dependency needs = new Dependency(BILLING, TestCommits.newStreamId("hold-dep"), 3);
        ApplyOutcome.WaitFor notYet = ApplyOutcome.waitFor(needs, Duration.ofMinutes(5), "needs the invoice");

        InboxResult waiting = inbox.receive(ORDERING, c(stream, 1), applying(stream, notYet, 1));
        inbox.receive(ORDERING, c(stream, 2), applying(stream, notYet, 1));

        StreamHold hold = assertInstanceOf(InboxResult.Held.class, waiting).hold();
        assertEquals(StreamHold.State.WAITING, hold.state());
        assertEquals(Optional.of(needs), hold.waitingFor());
        assertTrue(hold.deadline().orElseThrow().isAfter(hold.since()), "the deadline is the time limit away");
        assertEquals(List.of(hold), inbox.holds());

        InboxResult released = inbox.retryHold(ORDERING, stream, recording());

        assertEquals(new InboxResult.Applied(List.of(c(stream, 1), c(stream, 2)), Optional.empty()), released);
        assertEquals(List.of(), inbox.holds());
    }

    @Test
    @DisplayName("a commit still 'not yet' after its time limit parks, saying what it waited for")
    void waitTimeLimitParks() {
        StreamId stream = TestCommits.newStreamId("hold-limit");
        Dependency needs = new Dependency(BILLING, TestCommits.newStreamId("hold-never"), 1);
        ApplyOutcome.WaitFor notYet = ApplyOutcome.waitFor(needs, Duration.ofMillis(1), "needs the invoice");
        StreamHold waiting = ((InboxResult.Held) inbox.receive(ORDERING, c(stream, 1), applying(stream, notYet, 1))).hold();
        Instant deadline = waiting.deadline().orElseThrow();
        Await.until(() -> Instant.now().isAfter(deadline.plusMillis(1)), Duration.ofSeconds(10), "the deadline passes");

        InboxResult result = inbox.retryHold(ORDERING, stream, applying(stream, notYet, 1));

        StreamHold parked = assertInstanceOf(InboxResult.Held.class, result).hold();
        assertEquals(StreamHold.State.PARKED, parked.state());
        assertTrue(parked.reason().contains("time limit") && parked.reason().contains(needs.toString()),
                "the reason names the limit and the dependency: " + parked.reason());
    }

    /** The same commit object for the same (stream, sequence) within a test: commit ids are random. */
    private Commit c(StreamId stream, long sequence) {
        return commits.computeIfAbsent(stream.value() + ":" + sequence, k -> TestCommits.commit(stream, sequence));
    }

    private static List<Long> sequences(List<Commit> commits) {
        return commits.stream().map(Commit::commitSequence).toList();
    }
}
