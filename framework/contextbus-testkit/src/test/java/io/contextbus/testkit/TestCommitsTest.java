package io.contextbus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.codec.CommitCodec;
import io.contextbus.codec.CommitLimits;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import org.junit.jupiter.api.Test;

class TestCommitsTest {
    private final StreamId stream = TestCommits.newStreamId("t");

    @Test
    void attemptsAreValidNextCommits() {
        CommitAttempt a = TestCommits.attempt(stream, 3);
        assertEquals(3, a.commitSequence());
        assertEquals(2, a.expectedPreviousSequence());
        CommitLimits.STANDARD.check(ContextName.of("kit"), a);
        assertNotEquals(a.commitId(), TestCommits.withNewCommitId(a).commitId());
    }

    @Test
    void richAttemptPassesTheLimitsAndSurvivesTheCodecExactly() {
        CommitAttempt rich = TestCommits.richAttempt(stream, 1);
        CommitLimits.STANDARD.check(ContextName.of("kit"), rich);
        var decoded = CommitCodec.decode(CommitCodec.encode(ContextName.of("kit"), rich.toCommit())).commit();
        CommitAssertions.assertSameCommit(rich.toCommit(), decoded);
    }

    @Test
    void payloadHasAboutTheAskedSize() {
        String p = TestCommits.payload(1024);
        assertTrue(Math.abs(p.length() - 1024) <= 2, "length " + p.length());
        CommitCodec.requireJson(p, "p");
    }

    @Test
    void namedCommitsAreTheSameOnEveryCall() {
        var first = TestCommits.commit("order-1", 2, java.util.Map.of("correlationId", "c"), "A", "B");
        assertEquals(first, TestCommits.commit("order-1", 2, java.util.Map.of("correlationId", "c"), "A", "B"));
        assertEquals(4, first.streamRevision());
        assertEquals(java.util.List.of("A", "B"), first.events().stream().map(e -> e.type()).toList());
        assertEquals("OrderPlaced", TestCommits.commit("order-1", 1).events().get(0).type());
        assertNotEquals(first.commitId(), TestCommits.commit("order-1", 3).commitId());
    }

    @Test
    void anAttemptCarriesTheGivenCommitId() {
        java.util.UUID id = java.util.UUID.randomUUID();
        CommitAttempt a = TestCommits.attempt(stream, 2, id);
        assertEquals(id, a.commitId());
        assertEquals(2, a.commitSequence());
    }
}
