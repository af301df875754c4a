package io.contextbus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.codec.CommitLimits;
import io.contextbus.error.CommitTooLargeException;
import io.contextbus.error.ValidationException;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.EventMessage;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.store.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.function.Executable;

/** The bad-input checks of {@link EventStoreContract}. */
final class EventStoreValidation {
    private final OpenedStores stores;
    private final StoreFixture<?> fixture;

    EventStoreValidation(OpenedStores stores, StoreFixture<?> fixture) {
        this.stores = stores;
        this.fixture = fixture;
    }

    static void assertRefused(String field, Executable call) {
        ValidationException e = assertThrows(ValidationException.class, call, "expected a refusal naming '" + field + "'");
        assertEquals(field, e.field(), "the refusal names the field; message was: " + e.getMessage());
        assertTrue(e.getMessage().contains(field), "the message names the field: " + e.getMessage());
    }

    void refusesBadInput(EventStore store) {
        StreamId stream = TestCommits.newStreamId("bad");
        refusesNonJsonData(store, stream);
        refusesBadArguments(store);
        refusesMalformedAttempts(stream);
        assertEquals(0, store.lastCommitSequence(stream), "nothing was written to the stream");
        assertEquals(List.of(), CommitAssertions.readEverything(store, 10), "nothing was written at all");
        refusesOversizedCommits();
    }

    private static void refusesNonJsonData(EventStore store, StreamId stream) {
        assertRefused("attempt", () -> store.append(null));
        assertRefused("events[0].data", () -> store.append(withData(stream, "{not json")));
        assertRefused("events[0].data", () -> store.append(withData(stream, "")));
        assertRefused("events[0].data", () -> store.append(withData(stream, "1 2")));
        assertRefused("events[0].data", () -> store.append(withData(stream, "{\"a\":1")));
        assertRefused("events[1].data", () -> store.append(new CommitAttempt(stream, 1, 2, UUID.randomUUID(),
                TestCommits.now(), Map.of(), List.of(EventMessage.of("Ok", 1, "{}"), EventMessage.of("Bad", 1, "nope")))));
    }

    private static void refusesBadArguments(EventStore store) {
        assertRefused("streamId", () -> store.readStream(null, 1, 10));
        assertRefused("streamId", () -> store.lastCommitSequence(null));
        assertRefused("after", () -> store.readAll(null, 10));
        assertRefused("maxCount", () -> store.readAll(Position.BEGINNING, 0));
        assertRefused("time", () -> store.positionAt(null));
    }

    private static void refusesMalformedAttempts(StreamId stream) {
        // these never reach a store: the model refuses them; listed so the kit pins the field names
        assertRefused("streamId", () -> StreamId.of(""));
        assertRefused("streamId", () -> StreamId.of("x".repeat(StreamId.MAX_LENGTH + 1)));
        assertRefused("streamId", () -> StreamId.of("tab\there"));
        assertRefused("commitId", () -> new CommitAttempt(stream, 1, 1, null, TestCommits.now(), Map.of(), events()));
        assertRefused("commitStamp", () -> new CommitAttempt(stream, 1, 1, UUID.randomUUID(), null, Map.of(), events()));
        assertRefused("commitSequence", () -> new CommitAttempt(stream, 0, 1, UUID.randomUUID(), TestCommits.now(), Map.of(), events()));
        assertRefused("events", () -> new CommitAttempt(stream, 1, 1, UUID.randomUUID(), TestCommits.now(), Map.of(), List.of()));
        assertRefused("events", () -> new CommitAttempt(stream, 1, 1, UUID.randomUUID(), TestCommits.now(), Map.of(), null));
        List<EventMessage> withNull = new ArrayList<>();
        withNull.add(null);
        assertRefused("events", () -> new CommitAttempt(stream, 1, 1, UUID.randomUUID(), TestCommits.now(), Map.of(), withNull));
        assertRefused("data", () -> EventMessage.of("T", 1, null));
        assertRefused("type", () -> EventMessage.of(" ", 1, "{}"));
        assertRefused("schemaVersion", () -> EventMessage.of("T", 0, "{}"));
    }

    private void refusesOversizedCommits() {
        CommitLimits limits = new CommitLimits(16 * 1024);
        EventStore small = stores.open(fixture.newLocation(), limits);
        StreamId stream = TestCommits.newStreamId("oversized");
        CommitTooLargeException e = assertThrows(CommitTooLargeException.class,
                () -> small.append(TestCommits.attemptWithPayload(stream, 1, 32 * 1024)));
        assertEquals("events", e.field());
        assertEquals(stream, e.streamId());
        assertEquals(0, small.lastCommitSequence(stream), "an oversized commit writes nothing");
        small.append(TestCommits.attemptWithPayload(stream, 1, 8 * 1024));
        assertEquals(1, small.lastCommitSequence(stream), "a commit within the limit is appended");
    }

    private static CommitAttempt withData(StreamId stream, String data) {
        return new CommitAttempt(stream, 1, 1, UUID.randomUUID(), TestCommits.now(), Map.of(),
                List.of(EventMessage.of("T", 1, data)));
    }

    private static List<EventMessage> events() {
        return List.of(EventMessage.of("T", 1, "{}"));
    }
}
