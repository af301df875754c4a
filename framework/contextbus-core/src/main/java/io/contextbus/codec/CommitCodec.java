package io.contextbus.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a commit: the body of its Service Bus message, and how stores keep it.
 * {@code {context, streamId, commitSequence, streamRevision, commitId, commitStamp, headers,
 * events: [{type, schemaVersion, data, metadata}]}}, with each event's data embedded as JSON.
 * Thread-safe.
 */
public final class CommitCodec {
    // Decoding streams (CommitReader) and takes each event's data as its exact text: no tree is
    // built, no number loses digits, nothing is encoded again.
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

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
        try (JsonParser p = FACTORY.createParser(json)) {
            return CommitReader.readEvents(p, json);
        } catch (JsonProcessingException e) {
            throw new UndecodableCommitException("events", "'events' is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a message body back. @throws UndecodableCommitException naming the bad field. */
    public static SourcedCommit decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw new UndecodableCommitException("body", "'body' is empty.");
        }
        try (JsonParser p = FACTORY.createParser(body)) {
            return CommitReader.readCommit(p, body);
        } catch (IOException e) {
            throw new UndecodableCommitException("body", "'body' is not valid JSON: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
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

    private static int estimateDataLength(Commit commit) {
        int n = 0;
        for (EventMessage e : commit.events()) {
            n += e.data().length() + 64;
        }
        return n;
    }
}
