package io.contextbus.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.contextbus.error.ValidationException;
import io.contextbus.implementation.IsoInstant;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads {@link CommitCodec}'s JSON with a streaming parser, without building a tree: each event's
 * data is taken as the exact text it has in the input (so no number loses digits and nothing is
 * encoded again). Values are read first and checked afterwards, field by field in a fixed order, so
 * a body with several problems is always refused naming the same field.
 */
final class CommitReader {
    /** The input the parser reads, so that a value's text can be cut out of it by offsets. */
    private interface Source {
        String between(JsonParser p, long start);

        long start(JsonParser p);
    }

    private static final class Bytes implements Source {
        private final byte[] bytes;

        Bytes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public long start(JsonParser p) {
            return p.currentTokenLocation().getByteOffset();
        }

        @Override
        public String between(JsonParser p, long start) {
            long end = p.currentLocation().getByteOffset();
            return new String(bytes, (int) start, (int) (end - start), StandardCharsets.UTF_8);
        }
    }

    private static final class Chars implements Source {
        private final String text;

        Chars(String text) {
            this.text = text;
        }

        @Override
        public long start(JsonParser p) {
            return p.currentTokenLocation().getCharOffset();
        }

        @Override
        public String between(JsonParser p, long start) {
            return text.substring((int) start, (int) p.currentLocation().getCharOffset());
        }
    }

    /** A scalar as read: its token, and its text or integer value. */
    private record Scalar(JsonToken token, String text, long number, boolean isLong) {
        static final Scalar MISSING = new Scalar(null, null, 0, false);
    }

    /** An object meant to hold strings, as read: its entries, or what was wrong with it. */
    private record StringMap(Map<String, String> entries, boolean notAnObject, String badKey) {
        static final StringMap EMPTY = new StringMap(Map.of(), false, null);
    }

    /** An event as read; {@code data} is null when it is missing. */
    private record RawEvent(Scalar type, Scalar schemaVersion, String data, StringMap metadata) {
    }

    /** The events array as read: null elements stand for elements that are not objects. */
    private record RawEvents(List<RawEvent> events, boolean notAnArray) {
        static final RawEvents MISSING = new RawEvents(List.of(), true);
    }

    private CommitReader() {
    }

    static SourcedCommit readCommit(JsonParser p, byte[] body) throws IOException {
        Source source = new Bytes(body);
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new UndecodableCommitException("body", "'body' is not a JSON object.");
        }
        Scalar context = Scalar.MISSING;
        Scalar streamId = Scalar.MISSING;
        Scalar commitSequence = Scalar.MISSING;
        Scalar streamRevision = Scalar.MISSING;
        Scalar commitId = Scalar.MISSING;
        Scalar commitStamp = Scalar.MISSING;
        StringMap headers = StringMap.EMPTY;
        RawEvents events = RawEvents.MISSING;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "context" -> context = scalar(p, t);
                case "streamId" -> streamId = scalar(p, t);
                case "commitSequence" -> commitSequence = scalar(p, t);
                case "streamRevision" -> streamRevision = scalar(p, t);
                case "commitId" -> commitId = scalar(p, t);
                case "commitStamp" -> commitStamp = scalar(p, t);
                case "headers" -> headers = stringMap(p, t);
                case "events" -> events = events(p, t, source);
                default -> p.skipChildren();
            }
        }
        try {
            ContextName contextName = ContextName.of(text(context, "context"));
            Commit commit = new Commit(
                    StreamId.of(text(streamId, "streamId")),
                    number(commitSequence, "commitSequence"),
                    number(streamRevision, "streamRevision"),
                    uuid(commitId, "commitId"),
                    instant(commitStamp, "commitStamp"),
                    checked(headers, "headers"),
                    checked(events));
            return new SourcedCommit(contextName, commit);
        } catch (UndecodableCommitException e) {
            throw e;
        } catch (ValidationException e) {
            throw new UndecodableCommitException(e.field(), e.getMessage());
        }
    }

    static List<EventMessage> readEvents(JsonParser p, String json) throws IOException {
        return checked(events(p, p.nextToken(), new Chars(json)));
    }

    private static Scalar scalar(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> new Scalar(t, p.getText(), 0, false);
            case VALUE_NUMBER_INT -> {
                JsonParser.NumberType type = p.getNumberType();
                boolean isLong = type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG;
                yield new Scalar(t, null, isLong ? p.getLongValue() : 0, isLong);
            }
            default -> {
                p.skipChildren();
                yield new Scalar(t, null, 0, false);
            }
        };
    }

    private static StringMap stringMap(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return StringMap.EMPTY;
        }
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return new StringMap(Map.of(), true, null);
        }
        Map<String, String> entries = new LinkedHashMap<>();
        String badKey = null;
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
            if (p.nextToken() == JsonToken.VALUE_STRING) {
                entries.put(key, p.getText());
            } else {
                p.skipChildren();
                if (badKey == null) {
                    badKey = key;
                }
            }
        }
        return new StringMap(entries, false, badKey);
    }

    private static RawEvents events(JsonParser p, JsonToken t, Source source) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return RawEvents.MISSING;
        }
        List<RawEvent> events = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (e != JsonToken.START_OBJECT) {
                p.skipChildren();
                events.add(null);
                continue;
            }
            Scalar type = Scalar.MISSING;
            Scalar schemaVersion = Scalar.MISSING;
            String data = null;
            StringMap metadata = StringMap.EMPTY;
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                JsonToken v = p.nextToken();
                switch (name) {
                    case "type" -> type = scalar(p, v);
                    case "schemaVersion" -> schemaVersion = scalar(p, v);
                    case "metadata" -> metadata = stringMap(p, v);
                    case "data" -> {
                        long start = source.start(p);
                        p.skipChildren();
                        p.finishToken();
                        data = source.between(p, start);
                    }
                    default -> p.skipChildren();
                }
            }
            events.add(new RawEvent(type, schemaVersion, data, metadata));
        }
        return new RawEvents(events, false);
    }

    private static List<EventMessage> checked(RawEvents raw) {
        if (raw.notAnArray()) {
            throw new UndecodableCommitException("events", "'events' must be a JSON array.");
        }
        List<EventMessage> events = new ArrayList<>(raw.events().size());
        for (RawEvent e : raw.events()) {
            if (e == null) {
                throw new UndecodableCommitException("events", "'events' must hold JSON objects.");
            }
            if (e.data() == null) {
                throw new UndecodableCommitException("data", "'data' is missing from an event.");
            }
            events.add(new EventMessage(text(e.type(), "type"), (int) number(e.schemaVersion(), "schemaVersion"), e.data(),
                    checked(e.metadata(), "metadata")));
        }
        return events;
    }

    private static String text(Scalar v, String field) {
        if (v.token() == null || v.token() == JsonToken.VALUE_NULL) {
            throw new UndecodableCommitException(field, "'" + field + "' is missing.");
        }
        if (v.token() != JsonToken.VALUE_STRING) {
            throw new UndecodableCommitException(field, "'" + field + "' must be a string.");
        }
        return v.text();
    }

    private static long number(Scalar v, String field) {
        if (v.token() == null || v.token() == JsonToken.VALUE_NULL) {
            throw new UndecodableCommitException(field, "'" + field + "' is missing.");
        }
        if (!v.isLong()) {
            throw new UndecodableCommitException(field, "'" + field + "' must be an integer.");
        }
        return v.number();
    }

    private static UUID uuid(Scalar v, String field) {
        try {
            return UUID.fromString(text(v, field));
        } catch (IllegalArgumentException e) {
            throw new UndecodableCommitException(field, "'" + field + "' is not a UUID.");
        }
    }

    private static java.time.Instant instant(Scalar v, String field) {
        try {
            return IsoInstant.parse(text(v, field));
        } catch (DateTimeParseException e) {
            throw new UndecodableCommitException(field, "'" + field + "' is not an ISO-8601 instant.");
        }
    }

    private static Map<String, String> checked(StringMap map, String field) {
        if (map.notAnObject()) {
            throw new UndecodableCommitException(field, "'" + field + "' must be a JSON object of strings.");
        }
        if (map.badKey() != null) {
            throw new UndecodableCommitException(field, "'" + field + "." + map.badKey() + "' must be a string.");
        }
        return map.entries();
    }
}
