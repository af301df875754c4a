package io.contextbus.testkit;

import static io.contextbus.testkit.CommitAssertions.assertEachStreamInOrder;
import static io.contextbus.testkit.CommitAssertions.assertSameCommit;
import static io.contextbus.testkit.CommitAssertions.readEverything;
import static io.contextbus.testkit.TestCommits.attempt;
import static io.contextbus.testkit.TestCommits.newStreamId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.CommitIdReusedException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.CommitPage;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.store.EventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The event store contract every adapter must pass: appends are durable, atomic, idempotent by
 * commitId and optimistic per stream; reads give every field back; read-all is gap-free under
 * concurrent appends. Concurrency and crash behaviour live in {@link EventStoreConcurrency} and
 * {@link CrashCheck}; bad input in {@link EventStoreValidation}. Subclass it in one line:
 * {@code class MyEventStoreIT extends EventStoreContract { MyEventStoreIT() { super(new MyFixture()); } }}.
 */
@DisplayName("event store contract")
@Timeout(120)
public abstract class EventStoreContract {
    private final StoreFixture<?> fixture;
    private OpenedStores stores;
    private String location;
    private EventStore store;

    protected EventStoreContract(StoreFixture<?> fixture) {
        this.fixture = fixture;
    }

    @BeforeEach
    final void openStore() {
        stores = new OpenedStores(fixture);
        location = fixture.newLocation();
        store = stores.open(location);
    }

    @AfterEach
    final void closeStores() {
        stores.close();
    }

    @Test
    @DisplayName("append returns the stored commit, and every read gives every field back")
    void roundTripKeepsEveryField() {
        // given an attempt using every field with awkward values
        StreamId stream = newStreamId("round-trip");
        store.append(attempt(stream, 1));
        CommitAttempt rich = TestCommits.richAttempt(stream, 2);

        // when it is appended
        Commit stored = store.append(rich);

        // then the returned commit, readStream, readAll and a reopened store all hold it unchanged
        assertSameCommit(rich.toCommit(), stored);
        assertSameCommit(rich.toCommit(), store.readStream(stream, 2).get(0));
        assertSameCommit(rich.toCommit(), readEverything(store, 10).get(1));
        stores.close(store);
        EventStore reopened = stores.open(location);
        assertSameCommit(rich.toCommit(), reopened.readStream(stream, 2, 2).get(0));
        assertEquals(2, reopened.lastCommitSequence(stream));
    }

    @Test
    @DisplayName("readStream returns the requested range in order; unknown streams read empty")
    void readStreamRanges() {
        // given a stream with five commits
        StreamId stream = newStreamId("ranges");
        List<Commit> appended = new ArrayList<>();
        for (CommitAttempt a : TestCommits.attempts(stream, 5)) {
            appended.add(store.append(a));
        }

        // then ranges are inclusive, ordered, and cut at the stream's end
        assertEquals(appended, store.readStream(stream, 1));
        assertEquals(appended.subList(1, 4), store.readStream(stream, 2, 4));
        assertEquals(appended.subList(4, 5), store.readStream(stream, 5, 99));
        assertEquals(List.of(), store.readStream(stream, 6));
        assertEquals(List.of(), store.readStream(stream, 4, 3));
        assertEquals(5, store.lastCommitSequence(stream));
        StreamId unknown = newStreamId("unknown");
        assertEquals(List.of(), store.readStream(unknown, 1));
        assertEquals(0, store.lastCommitSequence(unknown));
    }

    @Test
    @DisplayName("an attempt leaving a gap, or behind the stream's end, fails with ConcurrencyException and writes nothing")
    void gapsAndStaleAttemptsAreRefused() {
        // given a stream at commit 2
        StreamId stream = newStreamId("gap");
        store.append(attempt(stream, 1));
        store.append(attempt(stream, 2));

        // when commit 4 (a gap) and another commit 2 (stale) are attempted, then both are refused
        EventStoreConcurrency.assertConflict(stream, 3, 2,
                assertThrows(io.contextbus.error.ConcurrencyException.class, () -> store.append(attempt(stream, 4))));
        EventStoreConcurrency.assertConflict(stream, 1, 2,
                assertThrows(io.contextbus.error.ConcurrencyException.class, () -> store.append(attempt(stream, 2))));

        // and nothing was written
        assertEquals(2, store.lastCommitSequence(stream));
        assertEquals(2, readEverything(store, 10).size());
    }

    @Test
    @DisplayName("re-appending a commitId returns the stored commit and writes nothing, also after later commits")
    void sameCommitIdIsIdempotent() {
        // given commit 1 and 2 of a stream
        StreamId stream = newStreamId("idempotent");
        CommitAttempt first = attempt(stream, 1);
        Commit stored = store.append(first);
        store.append(attempt(stream, 2));

        // when commit 1 is appended again
        Commit again = store.append(first);

        // then it returns the stored commit 1 and the store still holds two commits
        assertEquals(stored, again);
        assertEquals(2, readEverything(store, 10).size());
        assertEquals(2, store.lastCommitSequence(stream));
    }

    @Test
    @DisplayName("a commitId reused for another commitSequence is refused with CommitIdReusedException; nothing is written")
    void reusedCommitIdIsRefused() {
        // given commit 1 and 2 of a stream
        StreamId stream = newStreamId("reused-id");
        CommitAttempt first = attempt(stream, 1);
        store.append(first);
        store.append(attempt(stream, 2));

        // when commit 1's commitId is reused for the next commit (3) and for the taken commit 2
        CommitIdReusedException asNext = assertThrows(CommitIdReusedException.class,
                () -> store.append(withCommitId(attempt(stream, 3), first)));
        CommitIdReusedException asStale = assertThrows(CommitIdReusedException.class,
                () -> store.append(withCommitId(attempt(stream, 2), first)));

        // then both refusals name the stream, the commitId and both sequences, and nothing was written
        assertReused(asNext, stream, first, 3);
        assertReused(asStale, stream, first, 2);
        assertEquals(2, store.lastCommitSequence(stream));
        assertEquals(2, readEverything(store, 10).size());
    }

    @Test
    @DisplayName("a commitId is scoped to its stream: the same commitId in another stream is another commit")
    void commitIdIsScopedToItsStream() {
        // given commit 1 of one stream
        CommitAttempt first = attempt(newStreamId("scope-a"), 1);
        store.append(first);

        // when another stream's commit 1 carries the same commitId, then it is appended as its own commit
        CommitAttempt other = withCommitId(attempt(newStreamId("scope-b"), 1), first);
        assertSameCommit(other.toCommit(), store.append(other));
        assertEquals(2, readEverything(store, 10).size());
    }

    static CommitAttempt withCommitId(CommitAttempt a, CommitAttempt idFrom) {
        return new CommitAttempt(a.streamId(), a.commitSequence(), a.streamRevision(), idFrom.commitId(),
                a.commitStamp(), a.headers(), a.events());
    }

    static void assertReused(CommitIdReusedException e, StreamId stream, CommitAttempt owner, long attempted) {
        assertEquals(stream, e.streamId(), "CommitIdReusedException names the stream");
        assertEquals(owner.commitId(), e.commitId(), "CommitIdReusedException names the commitId");
        assertEquals(attempted, e.attemptedCommitSequence(), "CommitIdReusedException names the refused sequence");
        assertEquals(owner.commitSequence(), e.storedCommitSequence(), "CommitIdReusedException names the owner");
    }

    @Test
    @DisplayName("readAll pages through every commit once, in per-stream order, and resumes from next")
    void readAllPaging() {
        // given 3 streams with 4 commits each, appended interleaved
        List<StreamId> streams = List.of(newStreamId("page-a"), newStreamId("page-b"), newStreamId("page-c"));
        for (int seq = 1; seq <= 4; seq++) {
            for (StreamId s : streams) {
                store.append(attempt(s, seq));
            }
        }

        // when read in pages of 5
        List<Commit> read = new ArrayList<>();
        Position position = Position.BEGINNING;
        CommitPage page;
        while (!(page = store.readAll(position, 5)).isEmpty()) {
            assertTrue(page.commits().size() <= 5, "a page holds at most maxCount commits");
            read.addAll(page.commits());
            position = page.next();
        }

        // then every commit came once, in order per stream, and the empty page points where it read
        assertEquals(12, read.size());
        assertEquals(3, assertEachStreamInOrder(read).size());
        assertEquals(position, page.next(), "an empty page's next is the position it read from");

        // and reading on from there returns exactly what is appended later
        Commit later = store.append(attempt(streams.get(0), 5));
        List<Commit> rest = store.readAll(position, 5).commits();
        assertEquals(List.of(later), rest);
    }

    @Test
    @DisplayName("positionAt(time) is a position from which readAll returns every commit stamped at or after time")
    void positionAtTime() {
        // given commits stamped an hour apart, in two streams
        Instant t0 = Instant.parse("2030-01-01T12:00:00Z");
        StreamId a = newStreamId("time-a");
        StreamId b = newStreamId("time-b");
        store.append(attempt(a, 1, t0.minus(Duration.ofHours(2))));
        store.append(attempt(b, 1, t0.minus(Duration.ofHours(1))));
        Commit atT0 = store.append(attempt(a, 2, t0));
        Commit later = store.append(attempt(b, 2, t0.plus(Duration.ofHours(1))));

        // then reading from positionAt(t0) includes both commits stamped at or after t0
        List<Commit> fromT0 = readFrom(store.positionAt(t0));
        assertTrue(fromT0.contains(atT0) && fromT0.contains(later),
                "positionAt(t0) must not skip commits stamped at or after t0, read: " + keys(fromT0));
        assertEquals(4, readFrom(store.positionAt(Instant.EPOCH)).size(), "positionAt(epoch) covers everything");
        assertTrue(readFrom(store.positionAt(t0.plus(Duration.ofDays(1)))).stream()
                        .noneMatch(c -> !c.commitStamp().isBefore(t0.plus(Duration.ofDays(1)))),
                "nothing is stamped after t0 + 1 day");
    }

    @Test
    @DisplayName("onAppend listeners run after each durable append, see the commit, and stop once unregistered")
    void onAppendListeners() throws Exception {
        // given a listener that reads the stream when called
        StreamId stream = newStreamId("listener");
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Long> seenLast = new AtomicReference<>(0L);
        AutoCloseable handle = store.onAppend(() -> {
            seenLast.set(store.lastCommitSequence(stream));
            calls.incrementAndGet();
        });

        // when a commit is appended, then the listener runs and already sees it
        store.append(attempt(stream, 1));
        Await.until(() -> calls.get() >= 1, Duration.ofSeconds(30), "onAppend listener called after an append");
        assertEquals(1L, seenLast.get(), "the listener runs only once the commit is readable");

        // when unregistered, then later appends do not call it
        handle.close();
        int before = calls.get();
        store.append(attempt(stream, 2));
        store.append(attempt(stream, 3));
        assertEquals(before, calls.get(), "an unregistered listener is not called");
    }

    @Test
    @DisplayName("racing appenders on one stream: exactly one wins each sequence, the others get ConcurrencyException")
    void racingAppenders() {
        new EventStoreConcurrency(store, store).racingAppendersLeaveOneWinner(4, 8);
    }

    @Test
    @DisplayName("two store instances on one location race correctly (as two processes would)")
    void racingStoreInstances() {
        EventStore second = stores.open(location);
        new EventStoreConcurrency(store, second).racingAppendersLeaveOneWinner(2, 8);
    }

    @Test
    @DisplayName("the same attempt appended concurrently is stored once and every caller gets it back")
    void racingDuplicates() {
        new EventStoreConcurrency(store, store).racingDuplicatesStoreOnce(4);
    }

    @Test
    @DisplayName("readAll stays gap-free and ordered per stream while several writers append")
    void readAllUnderConcurrentAppends() {
        new EventStoreConcurrency(store, store).readerSeesEveryCommitOnce(6, 40, 17);
    }

    @Test
    @DisplayName("a process killed after appends loses nothing it acknowledged, while another process appends too")
    void crashLosesNothingAcknowledged() {
        new CrashCheck(fixture, stores, location).killWhileAppendingThenVerify(store, 4, 150);
    }

    @Test
    @DisplayName("appendAsync: appends kept in flight by one caller are all stored, each stream in the order started")
    void pipelinedAppends() throws Exception {
        new EventStorePipelining(store).inFlightAppendsAreStoredInOrder(5, 20);
    }

    @Test
    @DisplayName("appendAsync: a commit that cannot be written fails its future (with the ConcurrencyException itself,"
            + " not wrapped) and the later ones of its stream only")
    void pipelinedFailures() throws Exception {
        new EventStorePipelining(store).failuresInFlightStayInTheirStream();
    }

    @Test
    @DisplayName("appendAsync: a re-appended commitId returns the stored commit, a reused one fails the future with"
            + " CommitIdReusedException; a malformed attempt is refused at once")
    void pipelinedDuplicatesAndBadInput() throws Exception {
        new EventStorePipelining(store).duplicatesAndBadInput();
    }

    @Test
    @DisplayName("bad attempts and arguments are refused with a ValidationException naming the field; nothing is written")
    void badInputIsRefused() {
        new EventStoreValidation(stores, fixture).refusesBadInput(store);
    }

    private List<Commit> readFrom(Position p) {
        List<Commit> all = new ArrayList<>();
        CommitPage page;
        while (!(page = store.readAll(p, 100)).isEmpty()) {
            all.addAll(page.commits());
            p = page.next();
        }
        return all;
    }

    private static List<String> keys(List<Commit> commits) {
        return commits.stream().map(Commit::key).toList();
    }
}
