package io.contextbus.store.cosmos.implementation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.codec.CommitCodec;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Inbox and stash documents, in the partition of the source stream (partition key = source
 * streamId): {@code inbox:<source>} holds {@code lastApplied}; {@code stash:<source>:<seq>} holds a
 * commit that arrived ahead of a gap, as its message body.
 */
public final class InboxDocuments {
    private InboxDocuments() {
    }

    public static String inboxId(ContextName source) {
        return "inbox:" + source.value();
    }

    public static String stashId(ContextName source, long commitSequence) {
        return "stash:" + source.value() + ":" + commitSequence;
    }

    public static ObjectNode inbox(ContextName source, StreamId stream, long lastApplied) {
        ObjectNode doc = CommitDocuments.newDocument(inboxId(source), stream.value(), "inbox");
        doc.put("source", source.value());
        doc.put("lastApplied", lastApplied);
        return doc;
    }

    public static ObjectNode stash(ContextName source, Commit commit) {
        ObjectNode doc = CommitDocuments.newDocument(stashId(source, commit.commitSequence()),
                commit.streamId().value(), "stash");
        doc.put("source", source.value());
        doc.put("commitSequence", commit.commitSequence());
        try {
            doc.set("commit", CommitDocuments.mapper().readTree(CommitCodec.encode(source, commit)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return doc;
    }

    public static Commit stashedCommit(JsonNode doc) {
        return CommitCodec.decode(doc.get("commit").toString().getBytes(StandardCharsets.UTF_8)).commit();
    }
}
