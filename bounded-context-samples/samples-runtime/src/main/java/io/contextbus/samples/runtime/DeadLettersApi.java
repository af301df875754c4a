package io.contextbus.samples.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.error.ValidationException;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.servicebus.DeadLetter;
import io.contextbus.servicebus.DeadLetters;
import io.contextbus.servicebus.NotResubmittableException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The operators' REST API on a sample context's dead-letter queues ({@link DeadLetters}), next to
 * {@code /holds}: {@code GET /deadletters?source=S[&from=N][&max=M]} lists a page (no bodies, nothing
 * locked); {@code GET /deadletters/{source}/{sequenceNumber}} peeks one with its body;
 * {@code POST /deadletters/resubmit} takes {@code {source, sequenceNumber}} for one, or
 * {@code {source, all: true}} / {@code {source, streamId}} for every readable commit (of that stream);
 * {@code POST /deadletters/discard} takes {@code {source, sequenceNumber, by, why}}. A bad or missing
 * field is a 400 naming it; a dead letter that is not there a 404; one that is not a readable commit
 * a 409 with its {@code reason}; a context that consumes nothing a 404. {@link DeadLettersCli} is its
 * command-line client.
 */
final class DeadLettersApi {
    private static final String ITEM = "/deadletters/";
    private final Supplier<ContextBus> bus;

    private DeadLettersApi(Supplier<ContextBus> bus) {
        this.bus = bus;
    }

    /** Adds the routes to {@code http}; {@code bus} is read per request (the bus starts after the routes exist). */
    static void register(JsonHttpServer http, Supplier<ContextBus> bus) {
        DeadLettersApi api = new DeadLettersApi(bus);
        http.route("GET", "/deadletters", r -> api.with(d -> page(d.list(query(r, "source"),
                longQuery(r, "from", 0), (int) Math.max(-1, Math.min(Integer.MAX_VALUE, longQuery(r, "max", 50)))))));
        http.route("GET", ITEM, r -> api.with(d -> peek(d, JsonHttpServer.segments(r.path(), ITEM))));
        http.route("POST", ITEM + "resubmit", r -> api.with(d -> resubmit(d, r.body())));
        http.route("POST", ITEM + "discard", r -> api.with(d -> found(d.discard(text(r.body(), "source"),
                number(r.body(), "sequenceNumber"), text(r.body(), "by"), text(r.body(), "why")), "Discarded")));
    }

    private JsonHttpServer.Response with(Function<DeadLetters, JsonHttpServer.Response> action) {
        ContextBus b = bus.get();
        Optional<DeadLetters> d = b == null ? Optional.empty() : b.deadLetters();
        return d.map(action).orElseGet(() -> new JsonHttpServer.Response(404,
                Map.of("error", "this context consumes nothing (or has not started)")));
    }

    private static JsonHttpServer.Response page(DeadLetters.Page page) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deadLetters", page.deadLetters().stream().map(DeadLettersApi::json).toList());
        page.next().ifPresent(n -> m.put("next", n));
        return JsonHttpServer.Response.ok(m);
    }

    private static JsonHttpServer.Response peek(DeadLetters d, List<String> segments) {
        ValidationException.require(segments.size() == 2, "path", "must be /deadletters/{source}/{sequenceNumber}.");
        long sequenceNumber = parse(segments.get(1), "sequenceNumber");
        return d.peek(segments.get(0), sequenceNumber).map(x -> JsonHttpServer.Response.ok(json(x)))
                .orElseGet(() -> notThere(sequenceNumber));
    }

    private static JsonHttpServer.Response resubmit(DeadLetters d, JsonNode body) {
        String source = text(body, "source");
        if (body.has("sequenceNumber")) {
            long sequenceNumber = number(body, "sequenceNumber");
            try {
                return found(d.resubmit(source, sequenceNumber), "Resubmitted");
            } catch (NotResubmittableException e) {
                return new JsonHttpServer.Response(409, Map.of("error", e.getMessage(), "reason", e.reason().value(),
                        "sequenceNumber", e.sequenceNumber()));
            }
        }
        Optional<String> stream = body.has("streamId") ? Optional.of(text(body, "streamId")) : Optional.empty();
        ValidationException.require(stream.isPresent() || body.path("all").asBoolean(false), "sequenceNumber",
                "is missing: give 'sequenceNumber' for one dead letter, 'streamId' for a stream's, or 'all': true.");
        DeadLetters.Resubmitted r = d.resubmitAll(source, stream);
        return JsonHttpServer.Response.ok(Map.of("result", "Resubmitted",
                "resubmitted", r.resubmitted().stream().map(DeadLettersApi::json).toList(),
                "refused", r.refused().stream().map(DeadLettersApi::json).toList()));
    }

    private static JsonHttpServer.Response found(Optional<DeadLetter> d, String result) {
        return d.map(x -> JsonHttpServer.Response.ok(Map.<String, Object>of("result", result, "deadLetter", json(x))))
                .orElseGet(() -> new JsonHttpServer.Response(404, Map.of("error", "no such dead letter")));
    }

    private static JsonHttpServer.Response notThere(long sequenceNumber) {
        return new JsonHttpServer.Response(404, Map.of("error", "no dead letter " + sequenceNumber));
    }

    static Map<String, Object> json(DeadLetter d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", d.source());
        m.put("sequenceNumber", d.sequenceNumber());
        m.put("messageId", d.messageId());
        d.sessionId().ifPresent(s -> m.put("sessionId", s));
        m.put("enqueuedTime", d.enqueuedTime().toString());
        m.put("deliveryCount", d.deliveryCount());
        d.reason().ifPresent(s -> m.put("reason", s));
        d.description().ifPresent(s -> m.put("description", s));
        m.put("resubmittable", d.resubmittable());
        d.commit().ifPresent(c -> {
            Map<String, Object> commit = new LinkedHashMap<>();
            commit.put("streamId", c.streamId());
            commit.put("commitSequence", c.commitSequence());
            commit.put("commitId", c.commitId().toString());
            m.put("commit", commit);
        });
        d.unreadable().ifPresent(s -> m.put("unreadable", s));
        d.body().ifPresent(s -> m.put("body", s));
        return m;
    }

    private static String query(JsonHttpServer.Request r, String field) {
        String v = r.query().get(field);
        ValidationException.require(v != null && !v.isBlank(), field, "must be given (?" + field + "=...).");
        return v;
    }

    private static long longQuery(JsonHttpServer.Request r, String field, long fallback) {
        String v = r.query().get(field);
        return v == null ? fallback : parse(v, field);
    }

    private static long parse(String v, String field) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ValidationException(field, "'" + field + "' must be an integer but was '" + v + "'.");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.path(field);
        ValidationException.require(n.isTextual() && !n.asText().isBlank(), field, "must be a non-blank string.");
        return n.asText();
    }

    private static long number(JsonNode body, String field) {
        JsonNode n = body.path(field);
        ValidationException.require(n.canConvertToLong() && n.isIntegralNumber(), field, "must be an integer.");
        return n.asLong();
    }
}
