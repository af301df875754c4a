package io.contextbus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.dispatch.CommitPublisher;
import io.contextbus.dispatch.Dispatcher;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.dispatch.DispatcherState;
import io.contextbus.dispatch.StoreDispatcher;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitPage;
import io.contextbus.model.Position;
import io.contextbus.store.EventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@link StoreDispatcher} against a real store adapter: the {@link DispatcherPromises} every
 * dispatcher keeps, tightened by what the store dispatcher adds (one active dispatcher per store
 * with the other on {@code STANDBY}, publishing in store order, a checkpoint that is a store
 * position, stays put while the bus fails and, after a crash between publish and checkpoint, makes
 * the next dispatcher republish exactly the pages not checkpointed), plus its own case: wake-up on
 * append. An adapter runs it with a one-line
 * subclass passing its {@link StoreFixture}.
 */
@DisplayName("dispatcher contract")
public abstract class DispatcherContract extends DispatcherPromises {
    /** What stands after the checkpoint the crashed child left (read before the next dispatcher starts). */
    private List<Commit> afterCheckpoint;
    private int checkpointed;

    protected DispatcherContract(StoreFixture<?> fixture) {
        super(fixture);
    }

    @Override
    protected final Dispatcher startDispatcher(EventStore on, CommitPublisher publisher, DispatcherOptions options) {
        return new StoreDispatcher(on, fixture.checkpoints(on), publisher, options).start();
    }

    private StoreDispatcher startStoreDispatcher(EventStore on, DispatcherOptions options) {
        return (StoreDispatcher) start(on, options);
    }

    @Override
    void whileBusDown(Dispatcher dispatcher) {
        assertEquals(Position.BEGINNING, fixture.checkpoints(store).checkpoint(), "nothing checkpointed while the bus fails");
    }

    @Override
    void afterBusRecovered(List<Commit> all) {
        assertEquals(keys(all), keys(bus.published()), "every commit exactly once, in store order");
        awaitCheckpointAtEnd(store);
    }

    @Override
    void whileBothRun(Dispatcher first, Dispatcher second) {
        assertEquals(DispatcherState.ACTIVE, first.status().state(), "dispatcher-a is active");
        assertEquals(DispatcherState.STANDBY, second.status().state(), "dispatcher-b waits on standby");
        assertEquals(List.of(), bus.publishedBy("dispatcher-b"), "the standby published nothing");
    }

    @Override
    void afterHandOver() {
        assertEquals(List.of(), bus.overlaps(), "at no time did two owners publish");
    }

    @Override
    void beforeStop(Dispatcher first) {
        Await.until(() -> first.status().caughtUp(), PATIENCE, "the first dispatcher to be caught up");
    }

    @Override
    void afterRestart(List<Commit> appendedWhileDown, List<Commit> publishedBySecond) {
        assertEquals(keys(appendedWhileDown), keys(publishedBySecond), "exactly those, in store order");
        CommitAssertions.assertEachStreamInOrder(bus.published());
    }

    @Override
    boolean closeWaitsForInFlightPublish() {
        return true;
    }

    @Override
    boolean childRunsStoresOwnDispatcher() {
        return false;
    }

    @Override
    void afterChildHalted(List<Commit> all, List<Commit> childPublished, int haltAfterBatch) {
        Position checkpoint = fixture.checkpoints(store).checkpoint();
        afterCheckpoint = readFrom(store, checkpoint);
        checkpointed = PAGE_SIZE * (haltAfterBatch - 1);
        assertEquals(keys(all.subList(0, PAGE_SIZE * haltAfterBatch)), keys(childPublished),
                "the child published " + haltAfterBatch + " pages in store order");
        assertEquals(keys(all.subList(checkpointed, all.size())), keys(afterCheckpoint),
                "the checkpoint stands after the last page published before the halted one");
    }

    @Override
    void afterCrashRecovered(Dispatcher next, List<Commit> childPublished) {
        Await.until(() -> next.status().caughtUp() && bus.published().size() >= afterCheckpoint.size(), PATIENCE,
                "the new dispatcher to publish the " + afterCheckpoint.size() + " commits after the checkpoint");
        assertEquals(keys(afterCheckpoint), keys(bus.published()), "exactly the commits after the checkpoint, once each");
        assertTrue(keys(bus.published()).containsAll(keys(childPublished.subList(checkpointed, childPublished.size()))),
                "the halted page is published again");
        awaitCheckpointAtEnd(store);
    }

    @Test
    @DisplayName("(e) an idle dispatcher wakes on an append even when its poll interval is very long")
    void wakesOnAppend() {
        DispatcherOptions sleepy = options("dispatcher-sleepy").withPollInterval(Duration.ofHours(1))
                .withLeaseTtl(Duration.ofHours(3));
        StoreDispatcher d = startStoreDispatcher(store, sleepy);
        Await.until(() -> d.status().state() == DispatcherState.ACTIVE && d.status().caughtUp(), PATIENCE,
                "the dispatcher to be active and idle");

        Commit late = store.append(TestCommits.attempt(TestCommits.newStreamId("late"), 1));

        Await.until(() -> keys(bus.published()).contains(late.key()), PATIENCE,
                "the commit appended while idle to be published without waiting for the poll");
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
}
