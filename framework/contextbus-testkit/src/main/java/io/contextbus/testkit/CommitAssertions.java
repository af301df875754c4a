package io.contextbus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.model.Commit;
import io.contextbus.model.CommitPage;
import io.contextbus.model.EventMessage;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.store.ReadAll;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assertions and reads shared by the suites: field-by-field commit equality (event data by JSON
 * meaning), reading a whole store through {@link ReadAll}, and checking per-stream order.
 */
public final class CommitAssertions {
    private CommitAssertions() {
    }

    /** Every field equal; each event's data equal as JSON (see {@link JsonAssertions}). */
    public static void assertSameCommit(Commit expected, Commit actual) {
        String key = expected.key();
        assertEquals(expected.streamId(), actual.streamId(), key + ": streamId");
        assertEquals(expected.commitSequence(), actual.commitSequence(), key + ": commitSequence");
        assertEquals(expected.streamRevision(), actual.streamRevision(), key + ": streamRevision");
        assertEquals(expected.commitId(), actual.commitId(), key + ": commitId");
        assertEquals(expected.commitStamp(), actual.commitStamp(), key + ": commitStamp");
        assertEquals(expected.headers(), actual.headers(), key + ": headers");
        assertEquals(expected.events().size(), actual.events().size(), key + ": number of events");
        for (int i = 0; i < expected.events().size(); i++) {
            EventMessage e = expected.events().get(i);
            EventMessage a = actual.events().get(i);
            String where = key + ": events[" + i + "]";
            assertEquals(e.type(), a.type(), where + ".type");
            assertEquals(e.schemaVersion(), a.schemaVersion(), where + ".schemaVersion");
            assertEquals(e.metadata(), a.metadata(), where + ".metadata");
            JsonAssertions.assertSameJson(e.data(), a.data(), where + ".data");
        }
    }

    /** Every commit of the store from the beginning, paging by {@code pageSize}. */
    public static List<Commit> readEverything(ReadAll store, int pageSize) {
        List<Commit> all = new ArrayList<>();
        Position position = Position.BEGINNING;
        while (true) {
            CommitPage page = store.readAll(position, pageSize);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page.commits());
            position = page.next();
        }
    }

    /**
     * Checks that every stream's commits appear exactly once each, as 1, 2, 3... in order, and
     * returns the commits grouped by stream.
     */
    public static Map<StreamId, List<Commit>> assertEachStreamInOrder(List<Commit> commits) {
        Map<StreamId, List<Commit>> byStream = new LinkedHashMap<>();
        for (Commit c : commits) {
            List<Commit> stream = byStream.computeIfAbsent(c.streamId(), s -> new ArrayList<>());
            long expected = stream.size() + 1L;
            if (c.commitSequence() != expected) {
                throw new AssertionError("Stream " + c.streamId() + ": expected commitSequence " + expected
                        + " next in store order but read " + c.commitSequence()
                        + " (a commit was skipped, duplicated or read out of order)");
            }
            stream.add(c);
        }
        return byStream;
    }
}
