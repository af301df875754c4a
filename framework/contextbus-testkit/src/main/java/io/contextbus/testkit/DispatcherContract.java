package io.contextbus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.dispatch.DispatcherState;
import io.contextbus.dispatch.StoreDispatcher;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitPage;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.store.EventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dispatcher against a real store adapter: promises 2 (nothing lost) and 3 (ordered per
 * stream) through bus outages, a real crash of a second JVM between publish and checkpoint, a
 * hand-over between two dispatchers, and downtime; plus wake-up on append. An adapter runs it with
 * a one-line subclass passing its {@link StoreFixture}.
 */
@DisplayName("dispatcher contract")
@Timeout(180)
public abstract class DispatcherContract {
    static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int PAGE_SIZE = 4;

    private final StoreFixture<?> fixture;
    private final List<StoreDispatcher> dispatchers = new ArrayList<>();
    private final DispatchRecorder bus = new DispatchRecorder();
    private OpenedStores stores;
    private String location;
    private EventStore store;

    protected DispatcherContract(StoreFixture<?> fixture) {
        this.fixture = fixture;
    }

    @BeforeEach
    final void openStore() {
        stores = new OpenedStores(fixture);
        location = fixture.newLocation();
        store = stores.open(location);
    }

    @AfterEach
    final void closeAll() {
        dispatchers.forEach(StoreDispatcher::close);
        stores.close();
    }

    static DispatcherOptions options(String owner) {
        return DispatcherOptions.DEFAULT.withOwner(owner).withPageSize(PAGE_SIZE)
                .withPollInterval(Duration.ofMillis(50)).withLeaseTtl(Duration.ofSeconds(10))
                .withBackoff(DispatcherOptions.Backoff.DEFAULT.withInitialDelay(Duration.ofMillis(10))
                        .withMaxDelay(Duration.ofMillis(200)).withAttemptsPerCycle(3))
                .withBreaker(DispatcherOptions.Breaker.DEFAULT.withOpenWait(Duration.ofMillis(300)));
    }

    private StoreDispatcher startDispatcher(EventStore on, DispatcherOptions options) {
        StoreDispatcher d = new StoreDispatcher(on, fixture.checkpoints(on), bus.publisherFor(options.owner().orElseThrow()),
                options);
        dispatchers.add(d);
        return d.start();
    }

    @Test
    @DisplayName("(a) while the bus fails nothing is checkpointed; after it recovers every commit is published once, in store order")
    void busFailureThenRecovery() {
        bus.goDown();
        appendRoundRobin(3, 4);
        startDispatcher(store, options("dispatcher-a"));

        Await.until(() -> bus.failedCalls() >= 6, PATIENCE, "six failed publishes (transient and non-transient)");
        assertEquals(Position.BEGINNING, fixture.checkpoints(store).checkpoint(), "nothing checkpointed while the bus fails");
        appendRoundRobin(3, 5, 6);
        bus.comeBack();

        List<Commit> all = CommitAssertions.readEverything(store, 100);
        Await.until(() -> bus.published().size() >= all.size(), PATIENCE, all.size() + " commits published");
        assertEquals(keys(all), keys(bus.published()), "every commit exactly once, in store order");
        CommitAssertions.assertEachStreamInOrder(bus.published());
        awaitCheckpointAtEnd(store);
    }

    @Test
    @DisplayName("(b) a dispatcher JVM killed between publish and checkpoint: the next one republishes exactly the commits not yet checkpointed")
    void crashBetweenPublishAndCheckpoint() throws Exception {
        appendRoundRobin(3, 5);
        List<Commit> all = CommitAssertions.readEverything(store, 100);
        int haltAfterBatch = 3;

        List<Commit> childPublished = DispatcherCrash.run(fixture, location, store, PAGE_SIZE, haltAfterBatch);

        Position checkpoint = fixture.checkpoints(store).checkpoint();
        List<Commit> afterCheckpoint = readFrom(store, checkpoint);
        int checkpointed = PAGE_SIZE * (haltAfterBatch - 1);
        assertEquals(keys(all.subList(0, PAGE_SIZE * haltAfterBatch)), keys(childPublished),
                "the child published " + haltAfterBatch + " pages in store order");
        assertEquals(keys(all.subList(checkpointed, all.size())), keys(afterCheckpoint),
                "the checkpoint stands after the last page published before the halted one");

        StoreDispatcher next = startDispatcher(store, options("dispatcher-after-crash"));
        Await.until(() -> next.status().caughtUp() && bus.published().size() >= afterCheckpoint.size(), PATIENCE,
                "the new dispatcher to publish the " + afterCheckpoint.size() + " commits after the checkpoint");
        assertEquals(keys(afterCheckpoint), keys(bus.published()), "exactly the commits after the checkpoint, once each");
        assertTrue(keys(bus.published()).containsAll(keys(childPublished.subList(checkpointed, childPublished.size()))),
                "the halted page is published again");
        List<Commit> everything = new ArrayList<>(childPublished);
        everything.addAll(bus.published());
        assertEquals(new HashSet<>(keys(all)), new HashSet<>(keys(everything)), "every commit published at least once");
        assertConsecutivePerStream(childPublished, "the crashed dispatcher");
        assertConsecutivePerStream(bus.published(), "the dispatcher after the crash");
        awaitCheckpointAtEnd(store);
    }

    @Test
    @DisplayName("(c) two dispatchers on one store never publish at the same time; the standby takes over and nothing is lost")
    void twoDispatchersOneActive() {
        EventStore storeB = stores.open(location);
        StoreDispatcher a = startDispatcher(store, options("dispatcher-a"));
        Await.until(() -> a.status().state() == DispatcherState.ACTIVE, PATIENCE, "dispatcher-a active");
        StoreDispatcher b = startDispatcher(storeB, options("dispatcher-b"));
        AtomicBoolean stopAppending = new AtomicBoolean();
        AtomicReference<RuntimeException> appendFailure = new AtomicReference<>();
        Thread appender = appendUntil(stopAppending, appendFailure);
        try {
            Await.until(() -> bus.publishedBy("dispatcher-a").size() >= 20, PATIENCE, "dispatcher-a to publish 20 commits");
            assertEquals(DispatcherState.STANDBY, b.status().state(), "dispatcher-b waits on standby");
            assertEquals(List.of(), bus.publishedBy("dispatcher-b"), "the standby published nothing");

            a.close();
            int publishesBeforeHandOver = bus.publishes().size();
            Await.until(() -> bus.publishedBy("dispatcher-b").size() >= 20, PATIENCE, "dispatcher-b to take over and publish 20");
            assertTrue(bus.publishes().subList(publishesBeforeHandOver, bus.publishes().size()).stream()
                    .allMatch(p -> p.owner().equals("dispatcher-b")), "the closed dispatcher publishes nothing more");
        } finally {
            stopAppending.set(true);
            join(appender);
        }
        assertEquals(null, appendFailure.get(), "appends succeeded");
        List<Commit> all = CommitAssertions.readEverything(store, 500);
        Await.until(() -> new HashSet<>(keys(bus.published())).containsAll(keys(all)), PATIENCE,
                "all " + all.size() + " appended commits published");
        assertEquals(List.of(), bus.overlaps(), "at no time did two owners publish");
        assertConsecutivePerStream(bus.publishedBy("dispatcher-a"), "dispatcher-a");
        assertConsecutivePerStream(bus.publishedBy("dispatcher-b"), "dispatcher-b");
    }

    @Test
    @DisplayName("(d) commits appended while no dispatcher runs are all published once one starts")
    void publishesWhatWasAppendedWhileDown() {
        StoreDispatcher first = startDispatcher(store, options("dispatcher-first"));
        appendRoundRobin(3, 1, 2);
        Await.until(() -> bus.published().size() >= 6 && first.status().caughtUp(), PATIENCE, "first 6 commits published");
        first.close();

        List<Commit> whileDown = appendRoundRobin(3, 3, 4);
        startDispatcher(store, options("dispatcher-second"));

        Await.until(() -> bus.publishedBy("dispatcher-second").size() >= whileDown.size(), PATIENCE,
                whileDown.size() + " commits appended while down published");
        assertEquals(keys(whileDown), keys(bus.publishedBy("dispatcher-second")), "exactly those, in store order");
        CommitAssertions.assertEachStreamInOrder(bus.published());
    }

    @Test
    @DisplayName("(e) an idle dispatcher wakes on an append even when its poll interval is very long")
    void wakesOnAppend() {
        DispatcherOptions sleepy = options("dispatcher-sleepy").withPollInterval(Duration.ofHours(1))
                .withLeaseTtl(Duration.ofHours(3));
        StoreDispatcher d = startDispatcher(store, sleepy);
        Await.until(() -> d.status().state() == DispatcherState.ACTIVE && d.status().caughtUp(), PATIENCE,
                "the dispatcher to be active and idle");

        Commit late = store.append(TestCommits.attempt(TestCommits.newStreamId("late"), 1));

        Await.until(() -> keys(bus.published()).contains(late.key()), PATIENCE,
                "the commit appended while idle to be published without waiting for the poll");
    }

    private List<Commit> appendRoundRobin(int streams, int perStream) {
        return appendRoundRobin(streams, 1, perStream);
    }

    /** Commits fromSeq..toSeq of streams s-0..s-(n-1), interleaved across the streams. */
    private List<Commit> appendRoundRobin(int streams, int fromSeq, int toSeq) {
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

    private void awaitCheckpointAtEnd(EventStore on) {
        Await.until(() -> on.readAll(fixture.checkpoints(on).checkpoint(), 1).isEmpty(), PATIENCE,
                "the checkpoint to reach the end of the store");
    }

    private static List<Commit> readFrom(EventStore on, Position from) {
        List<Commit> commits = new ArrayList<>();
        for (CommitPage page = on.readAll(from, 100); !page.isEmpty(); page = on.readAll(page.next(), 100)) {
            commits.addAll(page.commits());
        }
        return commits;
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

    private static void join(Thread t) {
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
