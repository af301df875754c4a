package io.contextbus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.dispatch.CommitPublisher;
import io.contextbus.dispatch.Dispatcher;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.dispatch.DispatcherState;
import io.contextbus.dispatch.DispatcherStatus;
import io.contextbus.model.Commit;
import io.contextbus.model.StreamId;
import io.contextbus.store.EventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link Dispatcher} promises, through that seam only: every appended commit is
 * published; each stream's commits are published in order (consecutive, none skipped or repeated
 * by one dispatcher); nothing is lost when a dispatcher is stopped and another starts later, or
 * when one of two running instances is closed and the other takes over; a failing publisher is
 * retried without loss or reordering and the failure shows in the status; a closed dispatcher
 * publishes nothing more and reports {@code STOPPED}.
 *
 * <p>What it does not promise, so these cases do not check: an order across streams (the Cosmos DB
 * change feed orders per partition key, that is per stream, only), exactly-once after a hand-over
 * (a batch published but not yet checkpointed when the first instance stopped is published again:
 * at least once), or that only one instance publishes at a time (change feed instances share the
 * work by partition leases). What one dispatcher adds on top (the {@code StoreDispatcher}'s store
 * positions, standby state, wake-up on append and a crash between publish and checkpoint) are its
 * own cases in {@link DispatcherContract}, which extends this class; the hooks below let it tighten
 * the promise cases without repeating them.
 *
 * <p>A dispatcher runs these cases with a subclass that says how to start it on a store opened by
 * the {@link StoreFixture}.
 */
@DisplayName("dispatcher promises")
@Timeout(180)
public abstract class DispatcherPromises {
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final int PAGE_SIZE = 4;

    final StoreFixture<?> fixture;
    final DispatchRecorder bus = new DispatchRecorder();
    private final List<Dispatcher> dispatchers = new ArrayList<>();
    OpenedStores stores;
    String location;
    EventStore store;

    protected DispatcherPromises(StoreFixture<?> fixture) {
        this.fixture = fixture;
    }

    /**
     * Starts the dispatcher under test on {@code on}, publishing through {@code publisher}, with
     * {@code options} (owner, page size, fast polls, short lease ttl, fast backoff) mapped as the
     * dispatcher can. The suite closes it after the test.
     */
    protected abstract Dispatcher startDispatcher(EventStore on, CommitPublisher publisher, DispatcherOptions options);

    /**
     * Whether {@code close()} returns only after an in-flight publish finished, so that nothing at
     * all is published by a dispatcher after its close returned. Every dispatcher promises that it
     * starts no publish after its close; the change feed processor may still finish the batch in
     * flight after it stopped.
     */
    boolean closeWaitsForInFlightPublish() {
        return false;
    }

    /** Called once the failing bus was called six times and the status shows the failure. */
    void whileBusDown(Dispatcher dispatcher) {
    }

    /** Called once every commit was published after the bus recovered. */
    void afterBusRecovered(List<Commit> all) {
    }

    /** Called while both instances of the hand-over case run and the first has published. */
    void whileBothRun(Dispatcher first, Dispatcher second) {
    }

    /** Called after the hand-over case saw every commit published. */
    void afterHandOver() {
    }

    /** Called before the first dispatcher of the downtime case is closed, once it published. */
    void beforeStop(Dispatcher first) {
    }

    /** Called after the second dispatcher of the downtime case published what was appended while down. */
    void afterRestart(List<Commit> appendedWhileDown, List<Commit> publishedBySecond) {
    }

    @BeforeEach
    final void openStore() {
        stores = new OpenedStores(fixture);
        location = fixture.newLocation();
        store = stores.open(location);
    }

    @AfterEach
    final void closeAll() {
        dispatchers.forEach(Dispatcher::close);
        stores.close();
    }

    static DispatcherOptions options(String owner) {
        return DispatcherOptions.DEFAULT.withOwner(owner).withPageSize(PAGE_SIZE)
                .withPollInterval(Duration.ofMillis(50)).withLeaseTtl(Duration.ofSeconds(10))
                .withBackoff(DispatcherOptions.Backoff.DEFAULT.withInitialDelay(Duration.ofMillis(10))
                        .withMaxDelay(Duration.ofMillis(200)).withAttemptsPerCycle(3))
                .withBreaker(DispatcherOptions.Breaker.DEFAULT.withOpenWait(Duration.ofMillis(300)));
    }

    /** Starts a dispatcher publishing to the suite's recording bus as {@code options.owner()}. */
    final Dispatcher start(EventStore on, DispatcherOptions options) {
        Dispatcher d = startDispatcher(on, bus.publisherFor(options.owner().orElseThrow()), options);
        dispatchers.add(d);
        return d;
    }

    @Test
    @DisplayName("(a) a failing bus is retried and reported; after it recovers every commit is published once, in order per stream")
    void busFailureThenRecovery() {
        bus.goDown();
        appendRoundRobin(3, 4);
        Dispatcher d = start(store, options("dispatcher-a"));

        Await.until(() -> bus.failedCalls() >= 6 && d.status().lastError().isPresent(), PATIENCE,
                "six failed publishes (transient and non-transient) and the failure in the status");
        DispatcherStatus failing = d.status();
        assertTrue(failing.lastError().orElseThrow().contains("test bus is down"),
                "the status names the last failure: " + failing.lastError());
        assertTrue(failing.lastErrorAt().isPresent(), "the status says when it failed");
        whileBusDown(d);
        appendRoundRobin(3, 5, 6);
        bus.comeBack();

        List<Commit> all = CommitAssertions.readEverything(store, 100);
        Await.until(() -> bus.published().size() >= all.size(), PATIENCE, all.size() + " commits published");
        assertEquals(new HashSet<>(keys(all)), new HashSet<>(keys(bus.published())), "every commit published");
        CommitAssertions.assertEachStreamInOrder(bus.published());
        Await.until(() -> d.status().commitsDispatched() >= all.size(), PATIENCE,
                "the status to count the " + all.size() + " commits dispatched");
        afterBusRecovered(all);
    }

    @Test
    @DisplayName("(b) a dispatcher JVM killed right after a publish returned: the next one publishes everything, the killed batch again")
    void crashThenRestart() throws Exception {
        appendRoundRobin(3, 5);
        List<Commit> all = CommitAssertions.readEverything(store, 100);
        int haltAfterBatch = 3;

        DispatcherCrash.Halted halted = DispatcherCrash.run(fixture, location, store, PAGE_SIZE, haltAfterBatch,
                childRunsStoresOwnDispatcher());
        List<Commit> childPublished = halted.published();
        List<Commit> haltedBatch = halted.haltedBatch();
        assertTrue(!haltedBatch.isEmpty(), "the child published " + haltAfterBatch + " batches before it halted");
        afterChildHalted(all, childPublished, haltAfterBatch);

        Dispatcher next = start(store, options("dispatcher-after-crash"));
        Await.until(() -> {
            Set<String> everything = new HashSet<>(keys(childPublished));
            everything.addAll(keys(bus.published()));
            return everything.containsAll(keys(all)) && keys(bus.published()).containsAll(keys(haltedBatch));
        }, PATIENCE, "the new dispatcher to publish every commit the killed one did not, and the killed batch again");
        assertConsecutivePerStream(childPublished, "the crashed dispatcher");
        assertConsecutivePerStream(bus.published(), "the dispatcher after the crash");
        afterCrashRecovered(next, childPublished);
    }

    /**
     * Whether the crash case's second JVM starts the store's own dispatcher (its
     * {@link io.contextbus.dispatch.DispatchingStore} role) rather than a {@code StoreDispatcher}.
     */
    boolean childRunsStoresOwnDispatcher() {
        return true;
    }

    /** Called after the crash case's child JVM halted, before the next dispatcher starts. */
    void afterChildHalted(List<Commit> all, List<Commit> childPublished, int haltAfterBatch) {
    }

    /** Called once the dispatcher started after the crash published everything. */
    void afterCrashRecovered(Dispatcher next, List<Commit> childPublished) {
    }

    @Test
    @DisplayName("(c) of two running instances one is closed: the other carries on and nothing is lost")
    void handOverBetweenTwoInstances() {
        EventStore storeB = stores.open(location);
        Dispatcher a = start(store, options("dispatcher-a"));
        AtomicBoolean stopAppending = new AtomicBoolean();
        AtomicReference<RuntimeException> appendFailure = new AtomicReference<>();
        Thread appender = appendUntil(stopAppending, appendFailure);
        Dispatcher b;
        try {
            Await.until(() -> bus.publishedBy("dispatcher-a").size() >= 10, PATIENCE, "dispatcher-a to publish 10 commits");
            b = start(storeB, options("dispatcher-b"));
            Await.until(() -> bus.publishedBy("dispatcher-a").size() >= 20, PATIENCE,
                    "dispatcher-a to publish 20 commits while dispatcher-b runs too");
            whileBothRun(a, b);

            a.close();
            assertEquals(DispatcherState.STOPPED, a.status().state(), "the closed dispatcher reports STOPPED");
            int callsByAAtClose = bus.callsBy("dispatcher-a");
            int publishesBeforeHandOver = bus.publishes().size();
            int byBBeforeHandOver = bus.publishedBy("dispatcher-b").size();
            Await.until(() -> bus.publishedBy("dispatcher-b").size() >= byBBeforeHandOver + 20, PATIENCE,
                    "dispatcher-b to carry on and publish 20 more");
            assertEquals(callsByAAtClose, bus.callsBy("dispatcher-a"), "the closed dispatcher starts no publish");
            if (closeWaitsForInFlightPublish()) {
                List<DispatchRecorder.Publish> publishes = bus.publishes();
                List<DispatchRecorder.Publish> afterClose = publishes.subList(publishesBeforeHandOver, publishes.size());
                assertTrue(afterClose.stream().allMatch(p -> p.owner().equals("dispatcher-b")),
                        () -> "the closed dispatcher publishes nothing more, but after its close: " + afterClose);
            }
        } finally {
            stopAppending.set(true);
            join(appender);
        }
        assertEquals(null, appendFailure.get(), "appends succeeded");
        List<Commit> all = CommitAssertions.readEverything(store, 500);
        Await.until(() -> new HashSet<>(keys(bus.published())).containsAll(keys(all)), PATIENCE,
                "all " + all.size() + " appended commits published");
        assertConsecutivePerStream(bus.publishedBy("dispatcher-a"), "dispatcher-a");
        assertConsecutivePerStream(bus.publishedBy("dispatcher-b"), "dispatcher-b");
        afterHandOver();
    }

    @Test
    @DisplayName("(d) commits appended while no dispatcher runs are all published once one starts")
    void publishesWhatWasAppendedWhileDown() {
        Dispatcher first = start(store, options("dispatcher-first"));
        List<Commit> before = appendRoundRobin(3, 1, 2);
        Await.until(() -> bus.published().size() >= before.size(), PATIENCE, before.size() + " first commits published");
        beforeStop(first);
        first.close();
        assertEquals(DispatcherState.STOPPED, first.status().state(), "the closed dispatcher reports STOPPED");
        first.close();
        assertEquals(DispatcherState.STOPPED, first.status().state(), "closing twice is harmless");
        int callsByFirstAtClose = bus.callsBy("dispatcher-first");

        List<Commit> whileDown = appendRoundRobin(3, 3, 4);
        Dispatcher second = start(store, options("dispatcher-second"));

        try {
            Await.until(() -> new HashSet<>(keys(bus.publishedBy("dispatcher-second"))).containsAll(keys(whileDown)),
                    PATIENCE, whileDown.size() + " commits appended while down published");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; dispatcher-second published " + keys(bus.publishedBy("dispatcher-second"))
                    + " (" + second.status() + "), dispatcher-first " + keys(bus.publishedBy("dispatcher-first"))
                    + " (" + first.status() + ")", e);
        }
        List<Commit> bySecond = bus.publishedBy("dispatcher-second");
        List<Commit> byFirst = bus.publishedBy("dispatcher-first");
        assertEquals(callsByFirstAtClose, bus.callsBy("dispatcher-first"), "the closed dispatcher starts no publish");
        Set<String> again = new HashSet<>(keys(bySecond));
        keys(whileDown).forEach(again::remove);
        assertTrue(keys(byFirst).containsAll(again), "the second re-sent at most what the first had published: " + again);
        assertConsecutivePerStream(bySecond, "dispatcher-second");
        assertConsecutivePerStream(byFirst, "dispatcher-first");
        assertEquals("dispatcher-second", second.status().owner(), "the status names the owner it was given");
        afterRestart(whileDown, bySecond);
    }

    List<Commit> appendRoundRobin(int streams, int perStream) {
        return appendRoundRobin(streams, 1, perStream);
    }

    /** Commits fromSeq..toSeq of streams s-0..s-(n-1), interleaved across the streams. */
    List<Commit> appendRoundRobin(int streams, int fromSeq, int toSeq) {
        List<Commit> appended = new ArrayList<>();
        for (int seq = fromSeq; seq <= toSeq; seq++) {
            for (int s = 0; s < streams; s++) {
                appended.add(store.append(TestCommits.attempt(StreamId.of("dispatch-" + s), seq)));
            }
        }
        return appended;
    }

    private Thread appendUntil(AtomicBoolean stop, AtomicReference<RuntimeException> failure) {
        Thread t = new Thread(() -> {
            try {
                for (long seq = 1; !stop.get(); seq++) {
                    for (int s = 0; s < 3; s++) {
                        store.append(TestCommits.attempt(StreamId.of("handover-" + s), seq));
                    }
                }
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "dispatcher-contract-appender");
        t.start();
        return t;
    }

    static List<String> keys(List<Commit> commits) {
        return commits.stream().map(Commit::key).toList();
    }

    /** Per stream, the commits appear as consecutive sequences (a run may start past 1, never skip or repeat). */
    static void assertConsecutivePerStream(List<Commit> commits, String who) {
        Map<StreamId, Long> last = new LinkedHashMap<>();
        for (Commit c : commits) {
            Long previous = last.put(c.streamId(), c.commitSequence());
            if (previous != null && c.commitSequence() != previous + 1) {
                throw new AssertionError(who + " published " + c.streamId() + ":" + c.commitSequence()
                        + " right after " + c.streamId() + ":" + previous + " (out of order, skipped or repeated)");
            }
        }
    }

    static void join(Thread t) {
        try {
            t.join(PATIENCE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            throw new AssertionError(t.getName() + " did not finish within " + PATIENCE);
        }
    }
}
