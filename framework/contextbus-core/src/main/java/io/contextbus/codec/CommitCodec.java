package io.contextbus.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON form of a commit: the body of its Service Bus message, and how stores keep it.
 * {@code {context, streamId, commitSequence, streamRevision, commitId, commitStamp, headers,
 * events: [{type, schemaVersion, data, metadata}]}}, with each event's data embedded as JSON.
 * Thread-safe.
 */
public final class CommitCodec {
    // Event data is re-serialized from a tree on decode: floats are read as BigDecimal (trailing
    // zeros kept) so that no number loses digits on its way through a store or the bus.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private CommitCodec() {
    }

    /** The message body of {@code commit} from {@code context}, as UTF-8 JSON. */
    public static byte[] encode(ContextName context, Commit commit) {
        return encode(context, commit, null);
    }

    /**
     * The message body, with the events taken from {@code eventsJson} (what {@link #encodeEvents}
     * wrote for the same events) instead of being encoded again; null encodes them.
     */
    static byte[] encode(ContextName context, Commit commit, String eventsJson) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (eventsJson != null
                ? eventsJson.length() : estimateDataLength(commit)));
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("context", context.value());
            writeCommitFields(g, commit, eventsJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The events of a commit alone, as a JSON array (how stores keep them). */
    public static String encodeEvents(List<EventMessage> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * events.size());
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeEvents(g, events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads back what {@link #encodeEvents} wrote. */
    public static List<EventMessage> decodeEvents(String json) {
        try {
            return readEvents(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new UndecodableCommitException("events", "'events' is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Reads a message body back. @throws UndecodableCommitException naming the bad field. */
    public static SourcedCommit decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw new UndecodableCommitException("body", "'body' is empty.");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UndecodableCommitException("body", "'body' is not valid JSON: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new UndecodableCommitException("body", "'body' is not a JSON object.");
        }
        try {
            ContextName context = ContextName.of(text(root, "context"));
            Commit commit = new Commit(
                    StreamId.of(text(root, "streamId")),
                    number(root, "commitSequence"),
                    number(root, "streamRevision"),
                    uuid(root, "commitId"),
                    instant(root, "commitStamp"),
                    stringMap(root.get("headers"), "headers"),
                    readEvents(root.get("events")));
            return new SourcedCommit(context, commit);
        } catch (UndecodableCommitException e) {
            throw e;
        } catch (ValidationException e) {
            throw new UndecodableCommitException(e.field(), e.getMessage());
        }
    }

    /**
     * Checks that {@code json} is exactly one well-formed JSON value.
     *
     * @throws ValidationException naming {@code field} otherwise
     */
    public static void requireJson(String json, String field) {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new ValidationException(field, "'" + field + "' is empty; it must be JSON.");
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                throw new ValidationException(field, "'" + field + "' holds more than one JSON value.");
            }
        } catch (JsonProcessingException e) {
            throw new ValidationException(field, "'" + field + "' is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeCommitFields(JsonGenerator g, Commit c, String eventsJson) throws IOException {
        g.writeStringField("streamId", c.streamId().value());
        g.writeNumberField("commitSequence", c.commitSequence());
        g.writeNumberField("streamRevision", c.streamRevision());
        g.writeStringField("commitId", c.commitId().toString());
        g.writeStringField("commitStamp", c.commitStamp().toString());
        g.writeFieldName("headers");
        writeMap(g, c.headers());
        g.writeFieldName("events");
        if (eventsJson != null) {
            g.writeRawValue(eventsJson);
        } else {
            writeEvents(g, c.events());
        }
    }

    private static void writeEvents(JsonGenerator g, List<EventMessage> events) throws IOException {
        g.writeStartArray();
        for (EventMessage e : events) {
            g.writeStartObject();
            g.writeStringField("type", e.type());
            g.writeNumberField("schemaVersion", e.schemaVersion());
            g.writeFieldName("data");
            g.writeRawValue(e.data());
            g.writeFieldName("metadata");
            writeMap(g, e.metadata());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeMap(JsonGenerator g, Map<String, String> map) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, String> e : map.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static List<EventMessage> readEvents(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new UndecodableCommitException("events", "'events' must be a JSON array.");
        }
        List<EventMessage> events = new ArrayList<>(node.size());
        for (JsonNode e : node) {
            if (!e.isObject()) {
                throw new UndecodableCommitException("events", "'events' must hold JSON objects.");
            }
            JsonNode data = e.get("data");
            if (data == null) {
                throw new UndecodableCommitException("data", "'data' is missing from an event.");
            }
            events.add(new EventMessage(text(e, "type"), (int) number(e, "schemaVersion"), data.toString(),
                    stringMap(e.get("metadata"), "metadata")));
        }
        return events;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new UndecodableCommitException(field, "'" + field + "' is missing.");
        }
        if (!v.isTextual()) {
            throw new UndecodableCommitException(field, "'" + field + "' must be a string.");
        }
        return v.textValue();
    }

    private static long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new UndecodableCommitException(field, "'" + field + "' is missing.");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new UndecodableCommitException(field, "'" + field + "' must be an integer.");
        }
        return v.longValue();
    }

    private static UUID uuid(JsonNode node, String field) {
        try {
            return UUID.fromString(text(node, field));
        } catch (IllegalArgumentException e) {
            throw new UndecodableCommitException(field, "'" + field + "' is not a UUID.");
        }
    }

    private static Instant instant(JsonNode node, String field) {
        try {
            return IsoInstant.parse(text(node, field));
        } catch (DateTimeParseException e) {
            throw new UndecodableCommitException(field, "'" + field + "' is not an ISO-8601 instant.");
        }
    }

    private static Map<String, String> stringMap(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new UndecodableCommitException(field, "'" + field + "' must be a JSON object of strings.");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new UndecodableCommitException(field, "'" + field + "." + e.getKey() + "' must be a string.");
            }
            map.put(e.getKey(), e.getValue().textValue());
        }
        return map;
    }

    private static int estimateDataLength(Commit commit) {
        int n = 0;
        for (EventMessage e : commit.events()) {
            n += e.data().length() + 64;
        }
        return n;
    }
}
