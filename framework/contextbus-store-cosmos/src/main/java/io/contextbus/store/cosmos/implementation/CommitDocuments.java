package io.contextbus.store.cosmos.implementation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.implementation.IsoInstant;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The document layout of a context's container. Every document carries the partition key
 * {@code streamId}, a {@code kind} (so that queries and the change feed never mix commits with
 * snapshots, inbox or lease documents) and {@code uniq}, the container's unique key: for a commit
 * {@code commit:<commitId>}, so that one stream cannot hold a commitId twice; for anything else its id.
 * A commit's id is its commitSequence as a decimal string: a create conflict is the concurrency check.
 * Event data is kept as its exact JSON text (a string): Cosmos DB holds numbers as IEEE doubles and
 * would round exact decimals and big integers. {@code stampMillis} (the commitStamp in epoch
 * milliseconds) lets {@code positionAt} find commits by stamp.
 */
public final class CommitDocuments {
    public static final String KIND_COMMIT = "commit";
    public static final String PARTITION_KEY_PATH = "/streamId";
    public static final String UNIQUE_KEY_PATH = "/uniq";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CommitDocuments() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The id of commit {@code commitSequence}. */
    public static String commitId(long commitSequence) {
        return Long.toString(commitSequence);
    }

    /** A new document of {@code kind} in {@code streamId}'s partition, with its unique key set. */
    public static ObjectNode newDocument(String id, String partitionKey, String kind) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("id", id);
        doc.put("streamId", partitionKey);
        doc.put("kind", kind);
        doc.put("uniq", kind + ":" + id);
        return doc;
    }

    public static ObjectNode toDocument(CommitAttempt attempt) {
        ObjectNode doc = newDocument(commitId(attempt.commitSequence()), attempt.streamId().value(), KIND_COMMIT);
        doc.put("uniq", KIND_COMMIT + ":" + attempt.commitId());
        doc.put("commitSequence", attempt.commitSequence());
        doc.put("streamRevision", attempt.streamRevision());
        doc.put("commitId", attempt.commitId().toString());
        doc.put("commitStamp", attempt.commitStamp().toString());
        doc.put("stampMillis", attempt.commitStamp().toEpochMilli());
        ObjectNode headers = doc.putObject("headers");
        attempt.headers().forEach(headers::put);
        ArrayNode events = doc.putArray("events");
        for (EventMessage e : attempt.events()) {
            ObjectNode event = events.addObject();
            event.put("type", e.type());
            event.put("schemaVersion", e.schemaVersion());
            event.put("data", e.data());
            ObjectNode metadata = event.putObject("metadata");
            e.metadata().forEach(metadata::put);
        }
        return doc;
    }

    public static boolean isCommit(JsonNode doc) {
        return doc != null && KIND_COMMIT.equals(doc.path("kind").asText());
    }

    public static Commit toCommit(JsonNode doc) {
        return new Commit(
                StreamId.of(doc.get("streamId").asText()),
                doc.get("commitSequence").asLong(),
                doc.get("streamRevision").asLong(),
                UUID.fromString(doc.get("commitId").asText()),
                IsoInstant.parse(doc.get("commitStamp").asText()),
                stringMap(doc.get("headers")),
                events(doc.get("events")));
    }

    private static List<EventMessage> events(JsonNode array) {
        List<EventMessage> events = new ArrayList<>(array.size());
        for (JsonNode e : array) {
            events.add(new EventMessage(e.get("type").asText(), e.get("schemaVersion").asInt(), e.get("data").asText(),
                    stringMap(e.get("metadata"))));
        }
        return events;
    }

    /** The UTF-8 size of the document as Cosmos DB will store it (plus its system properties). */
    public static long sizeBytes(JsonNode doc) {
        try {
            return MAPPER.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8).length + SYSTEM_PROPERTY_BYTES;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What Cosmos DB adds to every item: _rid, _self, _etag, _attachments, _ts. */
    static final int SYSTEM_PROPERTY_BYTES = 200;

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), e.getValue().asText());
            }
        }
        return map;
    }
}
