package io.contextbus.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.testkit.TestCommits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestContextsTest {
    private static final ContextName ORDERING = ContextName.of("ordering");

    @TempDir
    Path dir;

    @Test
    void appendsEveryCommitOfEveryStreamInOrderPerStream() throws Exception {
        List<String> streams = TestContexts.streams("order-", 7);
        try (TestContexts contexts = new TestContexts(LocalBus.storeOptions(dir))) {
            contexts.appendRange(ORDERING, streams, 1, 4, 3, (s, seq) -> TestCommits.attempt(StreamId.of(s), seq));
            for (String s : streams) {
                assertEquals(List.of(1L, 2L, 3L, 4L), contexts.store(ORDERING).readStream(StreamId.of(s), 1, Long.MAX_VALUE)
                        .stream().map(c -> c.commitSequence()).toList(), "commits of " + s);
            }
        }
    }

    @Test
    void aFailedAppendFailsTheCallWithItsCause() {
        try (TestContexts contexts = new TestContexts(LocalBus.storeOptions(dir))) {
            AssertionError e = assertThrows(AssertionError.class, () -> contexts.appendRange(ORDERING, List.of("order-1"),
                    2, 2, 1, (s, seq) -> TestCommits.attempt(StreamId.of(s), seq)));
            assertTrue(e.getCause() != null, "the failed append is the cause");
        }
    }

    @Test
    void aClosedStoreReopensWithItsCommits() throws Exception {
        try (TestContexts contexts = new TestContexts(LocalBus.storeOptions(dir))) {
            contexts.appendRange(ORDERING, List.of("order-1"), 1, 2, 1, (s, seq) -> TestCommits.attempt(StreamId.of(s), seq));
            contexts.closeStore(ORDERING);
            assertEquals(2, contexts.store(ORDERING).lastCommitSequence(StreamId.of("order-1")));
        }
    }

    @Test
    void closesWhatWasTrackedInReverseOrderAndKeepsGoingAfterAFailure() {
        List<String> closed = new ArrayList<>();
        TestContexts contexts = new TestContexts(LocalBus.storeOptions(dir));
        contexts.track(() -> closed.add("first"));
        contexts.track(() -> {
            closed.add("failing");
            throw new IllegalStateException("boom");
        });
        contexts.track(() -> closed.add("last"));
        contexts.close();
        assertEquals(List.of("last", "failing", "first"), closed);
    }
}
