package io.contextbus.replay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The replay service's JSON, written and read the same way by the service and its client. Reading
 * is strict: a malformed body, a repeated or unknown field, or a value of the wrong type fails with a
 * {@link ValidationException} naming the field ({@code body} for the document itself).
 */
public final class ReplayJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> REQUEST_FIELDS =
            Set.of("target", "sources", "since", "until", "streams", "fromCommitSequence", "dryRun");

    private ReplayJson() {
    }

    /** Parses a {@code POST /replays} body. */
    public static ReplayRequest readRequest(String json) {
        ObjectNode o = object(json);
        for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            ValidationException.require(REQUEST_FIELDS.contains(name), name,
                    "is not a field of a replay request (known: " + String.join(", ", REQUEST_FIELDS.stream().sorted().toList()) + ").");
        }
        ContextName target = context(text(o, "target").orElse(null), "target");
        List<ContextName> sources = new ArrayList<>();
        for (JsonNode s : array(o, "sources", true)) {
            ValidationException.require(s.isTextual(), "sources", "must be an array of context names.");
            sources.add(context(s.asText(), "sources"));
        }
        List<StreamId> streams = new ArrayList<>();
        for (JsonNode s : array(o, "streams", false)) {
            ValidationException.require(s.isTextual(), "streams", "must be an array of strings.");
            StreamId.validate(s.asText(), "streams");
            streams.add(StreamId.of(s.asText()));
        }
        long from = 1;
        JsonNode f = o.get("fromCommitSequence");
        if (f != null && !f.isNull()) {
            ValidationException.require(f.isIntegralNumber() && f.canConvertToLong(), "fromCommitSequence", "must be an integer.");
            from = f.asLong();
        }
        JsonNode d = o.get("dryRun");
        ValidationException.require(d == null || d.isNull() || d.isBoolean(), "dryRun", "must be true or false.");
        return new ReplayRequest(target, sources, instant(o, "since"), instant(o, "until"), streams, from,
                d != null && d.asBoolean());
    }

    /** Writes a request as {@code POST /replays} takes it. */
    public static String writeRequest(ReplayRequest r) {
        return requestNode(r).toString();
    }

    /** Writes a replay's status ({@code GET /replays/{id}}). */
    public static String writeStatus(ReplayStatus s) {
        return statusNode(s).toString();
    }

    /** Writes a list of statuses ({@code GET /replays}). */
    public static String writeStatuses(List<ReplayStatus> list) {
        ObjectNode o = MAPPER.createObjectNode();
        ArrayNode a = o.putArray("replays");
        list.forEach(s -> a.add(statusNode(s)));
        return o.toString();
    }

    /** Reads what {@link #writeStatus} wrote. */
    public static ReplayStatus readStatus(String json) {
        return status(object(json));
    }

    /** Reads what {@link #writeStatuses} wrote. */
    public static List<ReplayStatus> readStatuses(String json) {
        List<ReplayStatus> list = new ArrayList<>();
        for (JsonNode n : array(object(json), "replays", true)) {
            list.add(status((ObjectNode) n));
        }
        return list;
    }

    /** Writes one page of stream heads, with the stream to continue after (or none). */
    public static String writeHeads(List<StreamHead> heads, Optional<StreamId> next) {
        ObjectNode o = MAPPER.createObjectNode();
        ArrayNode a = o.putArray("streams");
        for (StreamHead h : heads) {
            a.addObject().put("source", h.source().value()).put("streamId", h.streamId().value())
                    .put("lastSequence", h.lastSequence());
        }
        next.ifPresent(n -> o.put("next", n.value()));
        return o.toString();
    }

    /** Reads what {@link #writeHeads} wrote. */
    public static HeadsPage readHeads(String json) {
        ObjectNode o = object(json);
        List<StreamHead> heads = new ArrayList<>();
        for (JsonNode n : array(o, "streams", true)) {
            heads.add(new StreamHead(ContextName.of(n.path("source").asText()), StreamId.of(n.path("streamId").asText()),
                    n.path("lastSequence").asLong()));
        }
        return new HeadsPage(heads, text(o, "next").map(StreamId::of));
    }

    /** Writes one page of a source's stream heads ({@code GET /sources/{source}/heads}). */
    public static String writeSourceHeads(SourceHeads page) {
        ObjectNode o = MAPPER.createObjectNode().put("source", page.source().value());
        ArrayNode a = o.putArray("streams");
        for (SourceHeads.Head h : page.heads()) {
            a.addObject().put("streamId", h.streamId().value()).put("lastSequence", h.lastSequence())
                    .put("stamp", h.stamp().toString());
        }
        return o.put("next", page.next().token()).put("end", page.end()).toString();
    }

    /** Reads what {@link #writeSourceHeads} wrote. */
    public static SourceHeads readSourceHeads(String json) {
        ObjectNode o = object(json);
        List<SourceHeads.Head> heads = new ArrayList<>();
        for (JsonNode n : array(o, "streams", true)) {
            heads.add(new SourceHeads.Head(StreamId.of(n.path("streamId").asText()), n.path("lastSequence").asLong(),
                    Instant.parse(n.path("stamp").asText())));
        }
        return new SourceHeads(context(text(o, "source").orElse(null), "source"), heads,
                new Position(text(o, "next").orElse("")), o.path("end").asBoolean());
    }

    /** The body of every 4xx/5xx answer: {@code {"error": code, "field": name?, "message": text}}. */
    public static String writeError(String code, Optional<String> field, String message) {
        ObjectNode o = MAPPER.createObjectNode().put("error", code);
        field.ifPresent(f -> o.put("field", f));
        return o.put("message", message).toString();
    }

    /** A small JSON object of string fields, e.g. the health answer. */
    public static String writeFields(String... keyValues) {
        ObjectNode o = MAPPER.createObjectNode();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            o.put(keyValues[i], keyValues[i + 1]);
        }
        return o.toString();
    }

    /** Reads a JSON object of fields; fails with field {@code body} when it is none. */
    public static JsonNode readTree(String json) {
        return object(json);
    }

    /** One page of {@code GET /replays/{id}/streams}. */
    public record HeadsPage(List<StreamHead> heads, Optional<StreamId> next) {
        public HeadsPage {
            heads = List.copyOf(heads);
        }
    }

    private static ObjectNode requestNode(ReplayRequest r) {
        ObjectNode o = MAPPER.createObjectNode().put("target", r.target().value());
        ArrayNode sources = o.putArray("sources");
        r.sources().forEach(s -> sources.add(s.value()));
        r.since().ifPresent(t -> o.put("since", t.toString()));
        r.until().ifPresent(t -> o.put("until", t.toString()));
        if (!r.streams().isEmpty()) {
            ArrayNode streams = o.putArray("streams");
            r.streams().forEach(s -> streams.add(s.value()));
        }
        return o.put("fromCommitSequence", r.fromCommitSequence()).put("dryRun", r.dryRun());
    }

    private static ObjectNode statusNode(ReplayStatus s) {
        ObjectNode o = MAPPER.createObjectNode().put("id", s.id()).put("state", s.state().name());
        o.set("request", requestNode(s.request()));
        o.put("createdAt", s.createdAt().toString());
        s.startedAt().ifPresent(t -> o.put("startedAt", t.toString()));
        s.finishedAt().ifPresent(t -> o.put("finishedAt", t.toString()));
        o.put("planned", s.planned()).put("sent", s.sent());
        ArrayNode sources = o.putArray("sources");
        for (SourceProgress p : s.sources()) {
            sources.addObject().put("source", p.source().value()).put("planned", p.planned()).put("sent", p.sent())
                    .put("done", p.done());
        }
        o.put("ratePerSecond", Math.round(s.ratePerSecond() * 10) / 10.0);
        s.etaSeconds().ifPresent(e -> o.put("etaSeconds", Math.round(e * 10) / 10.0));
        o.put("resumes", s.resumes());
        ArrayNode errors = o.putArray("errors");
        s.errors().forEach(errors::add);
        return o;
    }

    private static ReplayStatus status(ObjectNode o) {
        List<SourceProgress> sources = new ArrayList<>();
        for (JsonNode p : o.path("sources")) {
            sources.add(new SourceProgress(ContextName.of(p.path("source").asText()), p.path("planned").asLong(),
                    p.path("sent").asLong(), p.path("done").asBoolean()));
        }
        List<String> errors = new ArrayList<>();
        o.path("errors").forEach(e -> errors.add(e.asText()));
        JsonNode eta = o.get("etaSeconds");
        return new ReplayStatus(o.path("id").asText(), readRequest(o.path("request").toString()),
                ReplayState.valueOf(o.path("state").asText()), Instant.parse(o.path("createdAt").asText()),
                instant(o, "startedAt"), instant(o, "finishedAt"), o.path("planned").asLong(), o.path("sent").asLong(),
                sources, o.path("ratePerSecond").asDouble(),
                eta == null ? OptionalDouble.empty() : OptionalDouble.of(eta.asDouble()), o.path("resumes").asInt(), errors);
    }

    private static ObjectNode object(String json) {
        ValidationException.requireNonNull(json, "body");
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ValidationException("body", "'body' is not valid JSON: " + e.getOriginalMessage());
        }
        ValidationException.require(node != null && node.getNodeType() == JsonNodeType.OBJECT, "body",
                "must be a JSON object.");
        return (ObjectNode) node;
    }

    private static Optional<String> text(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        ValidationException.require(n.isTextual(), field, "must be a string.");
        return Optional.of(n.asText());
    }

    private static Iterable<JsonNode> array(ObjectNode o, String field, boolean required) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            ValidationException.require(!required, field, "cannot be null.");
            return List.of();
        }
        ValidationException.require(n.isArray(), field, "must be an array.");
        return n;
    }

    private static Optional<Instant> instant(ObjectNode o, String field) {
        Optional<String> t = text(o, field);
        try {
            return t.map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, "'" + field + "' must be an ISO-8601 instant such as "
                    + "2026-01-31T12:00:00Z but was '" + t.get() + "'.");
        }
    }

    private static ContextName context(String value, String field) {
        ValidationException.requireNonNull(value, field);
        try {
            return ContextName.of(value);
        } catch (ValidationException e) {
            throw new ValidationException(field, "'" + field + "' " + e.getMessage().substring("'context' ".length()));
        }
    }
}
