package io.contextbus.store.cosmos.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.StreamId;
import io.contextbus.testkit.CommitAssertions;
import io.contextbus.testkit.TestCommits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CommitDocuments: the document layout")
class CommitDocumentsTest {

    @Test
    @DisplayName("a commit document reads back as the same commit, exact decimals and unicode included")
    void roundTrip() throws Exception {
        CommitAttempt rich = TestCommits.richAttempt(StreamId.of("order/1 ünïcode"), 4);
        ObjectNode doc = CommitDocuments.toDocument(rich);
        // as Cosmos DB would hand it back: serialised and parsed again (numbers as doubles)
        JsonNode stored = CommitDocuments.mapper().readTree(CommitDocuments.mapper().writeValueAsString(doc));
        CommitAssertions.assertSameCommit(rich.toCommit(), CommitDocuments.toCommit(stored));
        assertEquals(rich.toCommit(), CommitDocuments.toCommit(stored));
    }

    @Test
    @DisplayName("id is the commitSequence, the partition key the streamId, the unique key the commitId, kind 'commit'")
    void layout() {
        CommitAttempt a = TestCommits.attempt(StreamId.of("s-1"), 7);
        ObjectNode doc = CommitDocuments.toDocument(a);
        assertEquals("7", doc.get("id").asText());
        assertEquals("s-1", doc.get("streamId").asText());
        assertEquals("commit:" + a.commitId(), doc.get("uniq").asText());
        assertEquals(a.commitStamp().toEpochMilli(), doc.get("stampMillis").asLong());
        assertTrue(CommitDocuments.isCommit(doc));
        assertTrue(doc.get("events").get(0).get("data").isTextual(), "event data is kept as exact JSON text");
        assertFalse(CommitDocuments.isCommit(CommitDocuments.newDocument("snapshot-7", "s-1", "snapshot")));
    }

    @Test
    @DisplayName("the size counts UTF-8 bytes plus Cosmos DB's system properties")
    void size() {
        CommitAttempt a = TestCommits.attemptWithPayload(StreamId.of("s"), 1, 10_000);
        long size = CommitDocuments.sizeBytes(CommitDocuments.toDocument(a));
        assertTrue(size > 10_000 && size < 11_000, "size " + size);
    }
}
