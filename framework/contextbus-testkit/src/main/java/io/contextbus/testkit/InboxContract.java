package io.contextbus.testkit;

import static io.contextbus.testkit.EventStoreValidation.assertRefused;
import static io.contextbus.testkit.TestCommits.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.CommitApplier;
import io.contextbus.inbox.Gap;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.store.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The inbox contract: each (source, stream, commitSequence) is applied once and in order, commits
 * ahead of a gap wait in the stash (once) until the gap fills, and the applier's writes commit or
 * roll back together with the inbox. A {@link Gap} is always the first missing range: from the
 * last applied sequence + 1 up to the lowest stashed sequence - 1. A commit the applier does not
 * apply (it returns another outcome than {@link ApplyOutcome#APPLIED}, or throws) is returned as
 * {@link InboxResult.RolledBack} naming that commit and the outcome, never thrown; unless the
 * outcome holds the stream (see {@link InboxHoldContract}, run here as a nested suite).
 *
 * @param <T> the store's inbox transaction handle
 */
@DisplayName("inbox contract")
@Timeout(60)
public abstract class InboxContract<T> {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final ContextName BILLING = ContextName.of("billing");

    private final StoreFixture<T> fixture;
    private OpenedStores stores;
    private EventStore store;
    private Inbox<T> inbox;
    private final List<String> applied = new CopyOnWriteArrayList<>();

    protected InboxContract(StoreFixture<T> fixture) {
        this.fixture = fixture;
    }

    @BeforeEach
    final void openStore() {
        stores = new OpenedStores(fixture);
        store = stores.open(fixture.newLocation());
        inbox = fixture.inbox(store);
    }

    @AfterEach
    final void closeStores() {
        stores.close();
    }

    /** Records the commit and writes its marker through the inbox transaction. */
    private CommitApplier<T> recording() {
        return (source, c, tx) -> {
            fixture.writeMarker(tx, marker(source, c));
            applied.add(source + "/" + c.key());
            return ApplyOutcome.APPLIED;
        };
    }

    private static String marker(ContextName source, Commit c) {
        return source + "/" + c.key();
    }

    @Test
    @DisplayName("the next commit is applied with its marker; a redelivery is reported as a duplicate and not applied")
    void appliesOnceThenDuplicate() {
        StreamId stream = TestCommits.newStreamId("inbox");
        Commit c1 = commit(stream, 1);

        InboxResult first = inbox.receive(ORDERING, c1, recording());
        InboxResult again = inbox.receive(ORDERING, c1, recording());

        assertEquals(new InboxResult.Applied(List.of(c1), Optional.empty()), first);
        assertEquals(new InboxResult.Duplicate(1), again);
        assertEquals(List.of(marker(ORDERING, c1)), applied, "the applier ran once");
        assertTrue(fixture.markerExists(store, marker(ORDERING, c1)), "the applier's write committed");
        assertEquals(1, inbox.lastApplied(ORDERING, stream));
    }

    @Test
    @DisplayName("a commit ahead of a gap is stashed once, even if delivered twice, and applied in order when the gap fills")
    void stashUntilGapFills() {
        StreamId stream = TestCommits.newStreamId("inbox-gap");
        Commit c1 = commit(stream, 1);
        Commit c2 = commit(stream, 2);
        Commit c3 = commit(stream, 3);
        inbox.receive(ORDERING, c1, recording());

        InboxResult stashed = inbox.receive(ORDERING, c3, recording());
        InboxResult stashedAgain = inbox.receive(ORDERING, c3, recording());

        Gap gap = new Gap(ORDERING, stream, 2, 2);
        assertEquals(new InboxResult.Stashed(gap), stashed);
        assertEquals(new InboxResult.Stashed(gap), stashedAgain);
        assertEquals(List.of(c3), inbox.stashed(ORDERING, stream), "stashed once");
        assertEquals(1, inbox.lastApplied(ORDERING, stream), "a stashed commit is not applied");
        assertFalse(fixture.markerExists(store, marker(ORDERING, c3)));

        InboxResult filled = inbox.receive(ORDERING, c2, recording());

        assertEquals(new InboxResult.Applied(List.of(c2, c3), Optional.empty()), filled);
        assertEquals(List.of(marker(ORDERING, c1), marker(ORDERING, c2), marker(ORDERING, c3)), applied);
        assertEquals(List.of(), inbox.stashed(ORDERING, stream));
        assertEquals(3, inbox.lastApplied(ORDERING, stream));
    }

    @Test
    @DisplayName("two commits stashed ahead of a gap, received in reverse, are applied in ascending order when the gap fills")
    void drainsTwoStashedInOrder() {
        drainsStashedInOrder("inbox-drain-two", List.of(4L, 3L));
    }

    @Test
    @DisplayName("three commits stashed ahead of a gap, received out of order, are applied in ascending order when the gap fills")
    void drainsThreeStashedInOrder() {
        drainsStashedInOrder("inbox-drain-three", List.of(4L, 5L, 3L));
    }

    /**
     * Applies 1, stashes {@code arrival} (all above 2, in that order), then fills the gap with 2: the
     * applier must see 1, 2 and then the stashed commits in ascending commitSequence order.
     */
    private void drainsStashedInOrder(String prefix, List<Long> arrival) {
        StreamId stream = TestCommits.newStreamId(prefix);
        long top = arrival.stream().mapToLong(Long::longValue).max().orElseThrow();
        List<Commit> commits = LongStream.rangeClosed(1, top).mapToObj(seq -> commit(stream, seq)).toList();
        inbox.receive(ORDERING, commits.get(0), recording());
        long lowest = Long.MAX_VALUE;
        for (long seq : arrival) {
            lowest = Math.min(lowest, seq);
            assertEquals(new InboxResult.Stashed(new Gap(ORDERING, stream, 2, lowest - 1)),
                    inbox.receive(ORDERING, commits.get((int) seq - 1), recording()),
                    "commit " + seq + " stashed ahead of the gap 2.." + (lowest - 1));
        }
        assertEquals(commits.subList(2, commits.size()), inbox.stashed(ORDERING, stream),
                "stashed() lists the stash in ascending commitSequence order");

        InboxResult filled = inbox.receive(ORDERING, commits.get(1), recording());

        List<String> expected = commits.stream().map(c -> marker(ORDERING, c)).toList();
        assertEquals(expected, applied, "the applier must see the stash drained in ascending commitSequence order"
                + " (stashed in arrival order " + arrival + ")");
        assertEquals(new InboxResult.Applied(commits.subList(1, commits.size()), Optional.empty()), filled,
                "Applied lists the filled commit and the drained stash in ascending order");
        expected.forEach(m -> assertTrue(fixture.markerExists(store, m), "the applier's write of " + m + " committed"));
        assertEquals(List.of(), inbox.stashed(ORDERING, stream), "the drained stash is empty");
        assertEquals(top, inbox.lastApplied(ORDERING, stream), "lastApplied is the highest drained commit");
        assertEquals(new InboxResult.Duplicate(top), inbox.receive(ORDERING, commits.get((int) top - 1), recording()),
                "a drained commit delivered again is a duplicate");
    }

    @Test
    @DisplayName("Applied reports the gap still open when the stash cannot be drained completely")
    void remainingGap() {
        StreamId stream = TestCommits.newStreamId("inbox-remaining");
        Commit c3 = commit(stream, 3);
        Commit c5 = commit(stream, 5);
        assertEquals(new InboxResult.Stashed(new Gap(ORDERING, stream, 1, 2)), inbox.receive(ORDERING, c3, recording()));
        assertEquals(new InboxResult.Stashed(new Gap(ORDERING, stream, 1, 2)), inbox.receive(ORDERING, c5, recording()));

        Commit c1 = commit(stream, 1);
        assertEquals(new InboxResult.Applied(List.of(c1), Optional.of(new Gap(ORDERING, stream, 2, 2))),
                inbox.receive(ORDERING, c1, recording()));
        Commit c2 = commit(stream, 2);
        assertEquals(new InboxResult.Applied(List.of(c2, c3), Optional.of(new Gap(ORDERING, stream, 4, 4))),
                inbox.receive(ORDERING, c2, recording()));
        Commit c4 = commit(stream, 4);
        assertEquals(new InboxResult.Applied(List.of(c4, c5), Optional.empty()), inbox.receive(ORDERING, c4, recording()));
        assertEquals(5, inbox.lastApplied(ORDERING, stream));
    }

    @Test
    @DisplayName("when the applier throws, apply and inbox update roll back together and RolledBack names the commit and keeps the cause")
    void rollbackOnApplierFailure() {
        StreamId stream = TestCommits.newStreamId("inbox-rollback");
        Commit c1 = commit(stream, 1);
        IllegalStateException boom = new IllegalStateException("boom");

        InboxResult result = inbox.receive(ORDERING, c1, (source, c, tx) -> {
            fixture.writeMarker(tx, marker(source, c));
            throw boom;
        });

        assertRolledBackBy(result, c1, boom);
        assertFalse(fixture.markerExists(store, marker(ORDERING, c1)), "the applier's write rolled back");
        assertEquals(0, inbox.lastApplied(ORDERING, stream), "lastApplied unchanged");
        assertEquals(new InboxResult.Applied(List.of(c1), Optional.empty()), inbox.receive(ORDERING, c1, recording()),
                "the commit applies on redelivery");
    }

    /** The stream-hold cases (park, wait, retry, skip), run against this suite's fixture. */
    @Nested
    @DisplayName("stream holds")
    class StreamHolds extends InboxHoldContract<T> {
        StreamHolds() {
            super(fixture);
        }
    }

    @Test
    @DisplayName("when the applier returns retry, apply and inbox update roll back and RolledBack carries that outcome")
    void rollbackOnOutcome() {
        StreamId stream = TestCommits.newStreamId("inbox-outcome");
        Commit c1 = commit(stream, 1);
        List<ApplyOutcome.NotApplied> outcomes = List.of(ApplyOutcome.retry("events[0] asked for a retry: not yet"));

        for (ApplyOutcome.NotApplied outcome : outcomes) {
            InboxResult result = inbox.receive(ORDERING, c1, (source, c, tx) -> {
                fixture.writeMarker(tx, marker(source, c));
                return outcome;
            });

            assertEquals(new InboxResult.RolledBack(c1, outcome), result);
            assertFalse(fixture.markerExists(store, marker(ORDERING, c1)), "the applier's write rolled back");
            assertEquals(0, inbox.lastApplied(ORDERING, stream), "lastApplied unchanged");
        }
    }

    @Test
    @DisplayName("a failure while draining the stash rolls back the whole receive, the stash included")
    void rollbackWhileDrainingStash() {
        StreamId stream = TestCommits.newStreamId("inbox-drain-rollback");
        Commit c1 = commit(stream, 1);
        Commit c2 = commit(stream, 2);
        Commit c3 = commit(stream, 3);
        inbox.receive(ORDERING, c1, recording());
        inbox.receive(ORDERING, c3, recording());
        RuntimeException boom = new RuntimeException("stash boom");

        InboxResult result = inbox.receive(ORDERING, c2, (source, c, tx) -> {
            fixture.writeMarker(tx, marker(source, c));
            if (c.commitSequence() == 3) {
                throw boom;
            }
            return ApplyOutcome.APPLIED;
        });

        assertRolledBackBy(result, c3, boom);
        assertFalse(fixture.markerExists(store, marker(ORDERING, c2)), "commit 2's write rolled back too");
        assertEquals(1, inbox.lastApplied(ORDERING, stream));
        assertEquals(List.of(c3), inbox.stashed(ORDERING, stream), "the stash is as it was");
    }

    @Test
    @DisplayName("sources and streams are independent")
    void independence() {
        StreamId stream = TestCommits.newStreamId("inbox-shared-id");
        StreamId other = TestCommits.newStreamId("inbox-other");
        inbox.receive(ORDERING, commit(stream, 1), recording());
        inbox.receive(ORDERING, commit(stream, 2), recording());

        assertInstanceOf(InboxResult.Applied.class, inbox.receive(BILLING, commit(stream, 1), recording()),
                "the same stream id from another source starts at 1");
        assertInstanceOf(InboxResult.Stashed.class, inbox.receive(BILLING, commit(stream, 3), recording()));
        assertInstanceOf(InboxResult.Applied.class, inbox.receive(ORDERING, commit(other, 1), recording()));

        assertEquals(2, inbox.lastApplied(ORDERING, stream));
        assertEquals(1, inbox.lastApplied(BILLING, stream));
        assertEquals(1, inbox.lastApplied(ORDERING, other));
        assertEquals(List.of(), inbox.stashed(ORDERING, stream));
        assertEquals(1, inbox.stashed(BILLING, stream).size());
        assertEquals(0, inbox.lastApplied(BILLING, other));
    }

    @Test
    @DisplayName("the same commit received concurrently is applied once; the other receiver gets Duplicate")
    void concurrentDelivery() {
        StreamId stream = TestCommits.newStreamId("inbox-race");
        Commit c1 = commit(stream, 1);

        List<Race.Outcome<InboxResult>> outcomes = Race.run(2, i -> () -> inbox.receive(ORDERING, c1, recording()));

        outcomes.forEach(o -> assertTrue(o.succeeded(), "receive failed: " + o.failure()));
        assertEquals(1, outcomes.stream().filter(o -> o.value() instanceof InboxResult.Applied).count(), "one Applied");
        assertEquals(1, outcomes.stream().filter(o -> o.value() instanceof InboxResult.Duplicate).count(), "one Duplicate");
        assertEquals(1, inbox.lastApplied(ORDERING, stream));
    }

    @Test
    @DisplayName("receives queued without waiting run in the order they were queued: none is stashed, each applied once")
    void queuedReceivesKeepTheirOrder() {
        StreamId a = TestCommits.newStreamId("inbox-queued-a");
        StreamId b = TestCommits.newStreamId("inbox-queued-b");
        List<CompletableFuture<InboxResult>> queued = new ArrayList<>();
        for (int seq = 1; seq <= 20; seq++) {
            queued.add(inbox.receiveAsync(ORDERING, commit(a, seq), recording()));
            queued.add(inbox.receiveAsync(ORDERING, commit(b, seq), recording()));
        }
        queued.add(inbox.receiveAsync(ORDERING, commit(a, 20), recording()));

        for (int i = 0; i < 40; i++) {
            assertInstanceOf(InboxResult.Applied.class, queued.get(i).join(), "receive #" + i + " applied, not stashed");
        }
        assertEquals(new InboxResult.Duplicate(20), queued.get(40).join());
        assertEquals(20, inbox.lastApplied(ORDERING, a));
        assertEquals(20, inbox.lastApplied(ORDERING, b));
        List<String> ofA = applied.stream().filter(k -> k.startsWith(ORDERING + "/" + a.value() + ":")).toList();
        assertEquals(IntStream.rangeClosed(1, 20).mapToObj(seq -> marker(ORDERING, commit(a, seq))).toList(), ofA,
                "stream a applied once each, in order");
    }

    @Test
    @DisplayName("a queued receive whose applier throws completes its future with RolledBack and rolls back")
    void queuedReceiveFailure() {
        StreamId stream = TestCommits.newStreamId("inbox-queued-rollback");
        Commit c1 = commit(stream, 1);
        IllegalStateException boom = new IllegalStateException("boom");

        CompletableFuture<InboxResult> rolledBack = inbox.receiveAsync(ORDERING, c1, (source, c, tx) -> {
            fixture.writeMarker(tx, marker(source, c));
            throw boom;
        });

        assertRolledBackBy(rolledBack.join(), c1, boom);
        assertFalse(fixture.markerExists(store, marker(ORDERING, c1)), "the applier's write rolled back");
        assertEquals(0, inbox.lastApplied(ORDERING, stream), "lastApplied unchanged");
    }

    @Test
    @DisplayName("null arguments are refused naming the field")
    void badArguments() {
        Commit c1 = commit(TestCommits.newStreamId("inbox-bad"), 1);
        assertRefused("source", () -> inbox.receive(null, c1, recording()));
        assertRefused("commit", () -> inbox.receive(ORDERING, null, recording()));
        assertRefused("applier", () -> inbox.receive(ORDERING, c1, null));
        assertRefused("source", () -> inbox.receiveAsync(null, c1, recording()));
        assertRefused("commit", () -> inbox.receiveAsync(ORDERING, null, recording()));
        assertRefused("applier", () -> inbox.receiveAsync(ORDERING, c1, null));
        assertRefused("streamId", () -> inbox.lastApplied(ORDERING, null));
        assertRefused("source", () -> inbox.stashed(null, c1.streamId()));
        assertEquals(0, inbox.lastApplied(ORDERING, c1.streamId()));
    }

    private static void assertRolledBackBy(InboxResult result, Commit commit, Throwable cause) {
        InboxResult.RolledBack rolledBack = assertInstanceOf(InboxResult.RolledBack.class, result);
        assertEquals(commit, rolledBack.commit(), "RolledBack names the commit the applier did not apply");
        ApplyOutcome.Failed failed = assertInstanceOf(ApplyOutcome.Failed.class, rolledBack.outcome());
        assertSame(cause, failed.cause(), "the outcome carries the applier's exception as its cause");
        assertTrue(failed.retryable(), "a non-contextbus failure of the applier is worth retrying");
    }
}
