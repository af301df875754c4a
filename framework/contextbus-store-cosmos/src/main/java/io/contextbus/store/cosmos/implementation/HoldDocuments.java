package io.contextbus.store.cosmos.implementation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.inbox.Dependency;
import io.contextbus.inbox.SkippedCommit;
import io.contextbus.inbox.StreamHold;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A stream's hold lives in its inbox document ({@code inbox:<source>}), as the field {@code hold}
 * with {@code held: true} beside it, so that the read every receive makes anyway says whether the
 * stream is held, and the hold changes in the same transactional batch as {@code lastApplied}. A
 * skipped commit is a document {@code skip:<source>:<seq>} (kind {@code skip}) in the same partition.
 */
final class HoldDocuments {
    private HoldDocuments() {
    }

    static Optional<StreamHold> holdOf(ContextName source, StreamId stream, Optional<Documents.DocumentRead> inbox) {
        return inbox.map(Documents.DocumentRead::document).filter(d -> d.path("held").asBoolean(false))
                .map(d -> read(source, stream, d.get("hold")));
    }

    /** The inbox document with {@code lastApplied} and, when present, {@code hold}. */
    static ObjectNode inbox(ContextName source, StreamId stream, long lastApplied, Optional<StreamHold> hold) {
        ObjectNode doc = InboxDocuments.inbox(source, stream, lastApplied);
        doc.put("held", hold.isPresent());
        hold.ifPresent(h -> doc.set("hold", write(h)));
        return doc;
    }

    static StreamHold fromInboxDocument(JsonNode doc) {
        return read(ContextName.of(doc.path("source").asText()), StreamId.of(doc.path("streamId").asText()), doc.get("hold"));
    }

    private static ObjectNode write(StreamHold h) {
        ObjectNode n = CommitDocuments.mapper().createObjectNode();
        n.put("commitSequence", h.commitSequence());
        n.put("state", h.state().name());
        n.put("reason", h.reason());
        n.put("attempts", h.attempts());
        n.put("sinceMs", h.since().toEpochMilli());
        h.waitingFor().ifPresent(d -> {
            n.put("dependencySource", d.source().value());
            n.put("dependencyStream", d.streamId().value());
            n.put("dependencyUpTo", d.upTo());
            n.put("deadlineMs", h.deadline().orElseThrow().toEpochMilli());
        });
        return n;
    }

    private static StreamHold read(ContextName source, StreamId stream, JsonNode n) {
        long seq = n.path("commitSequence").asLong();
        Instant since = Instant.ofEpochMilli(n.path("sinceMs").asLong());
        if (StreamHold.State.valueOf(n.path("state").asText()) == StreamHold.State.PARKED) {
            return StreamHold.parked(source, stream, seq, n.path("reason").asText(), n.path("attempts").asInt(), since);
        }
        Dependency d = new Dependency(ContextName.of(n.path("dependencySource").asText()),
                StreamId.of(n.path("dependencyStream").asText()), n.path("dependencyUpTo").asLong());
        return StreamHold.waiting(source, stream, seq, n.path("reason").asText(), n.path("attempts").asInt(), since, d,
                Instant.ofEpochMilli(n.path("deadlineMs").asLong()));
    }

    /** Every held stream of the container (a cross-partition query), oldest first. */
    static List<StreamHold> holds(Documents documents, String operation) {
        List<StreamHold> out = new ArrayList<>();
        for (JsonNode doc : documents.query("SELECT * FROM c WHERE c.kind = 'inbox' AND c.held = true", null, operation)) {
            out.add(fromInboxDocument(doc));
        }
        out.sort(Comparator.comparing(StreamHold::since).thenComparing(StreamHold::key));
        return out;
    }

    /** Every skip record of the container, oldest first. */
    static List<SkippedCommit> skipped(Documents documents, String operation) {
        List<SkippedCommit> out = new ArrayList<>();
        for (JsonNode doc : documents.query("SELECT * FROM c WHERE c.kind = 'skip'", null, operation)) {
            out.add(skipOf(doc));
        }
        out.sort(Comparator.comparing(SkippedCommit::at));
        return out;
    }

    static ObjectNode skip(SkippedCommit s) {
        ObjectNode doc = CommitDocuments.newDocument("skip:" + s.source().value() + ":" + s.commitSequence(),
                s.streamId().value(), "skip");
        doc.put("source", s.source().value());
        doc.put("commitSequence", s.commitSequence());
        doc.put("by", s.by());
        doc.put("why", s.why());
        doc.put("atMs", s.at().toEpochMilli());
        return doc;
    }

    static SkippedCommit skipOf(JsonNode doc) {
        return new SkippedCommit(ContextName.of(doc.path("source").asText()), StreamId.of(doc.path("streamId").asText()),
                doc.path("commitSequence").asLong(), doc.path("by").asText(), doc.path("why").asText(),
                Instant.ofEpochMilli(doc.path("atMs").asLong()));
    }
}
