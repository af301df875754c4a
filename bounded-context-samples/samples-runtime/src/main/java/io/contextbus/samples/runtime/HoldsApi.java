package io.contextbus.samples.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.error.ValidationException;
import io.contextbus.inbox.Gap;
import io.contextbus.inbox.InboxResult;
import io.contextbus.inbox.SkippedCommit;
import io.contextbus.inbox.StreamHold;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.servicebus.HeldStreams;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The operators' REST API on the streams a sample context holds in its inbox ({@link HeldStreams}):
 * {@code GET /holds} lists parked and waiting streams and the skipped commits; {@code POST
 * /holds/retry}, {@code /holds/skip} and {@code /holds/replay} take a JSON body naming
 * {@code source} and {@code streamId} (a skip also {@code commitSequence}, {@code by} and
 * {@code why}). A bad or missing field is a 400 naming it; a context that consumes nothing answers
 * 404. {@link HoldsCli} is its command-line client.
 */
final class HoldsApi {
    private final Supplier<ContextBus> bus;

    private HoldsApi(Supplier<ContextBus> bus) {
        this.bus = bus;
    }

    /** Adds the routes to {@code http}; {@code bus} is read per request (the bus starts after the routes exist). */
    static void register(JsonHttpServer http, Supplier<ContextBus> bus) {
        HoldsApi api = new HoldsApi(bus);
        http.route("GET", "/holds", r -> api.held().map(h -> JsonHttpServer.Response.ok(list(h))).orElseGet(HoldsApi::none));
        http.route("POST", "/holds/retry", r -> api.held().map(h -> result(h.retry(text(r.body(), "source"),
                text(r.body(), "streamId")))).orElseGet(HoldsApi::none));
        http.route("POST", "/holds/skip", r -> api.held().map(h -> result(h.skip(text(r.body(), "source"),
                text(r.body(), "streamId"), number(r.body(), "commitSequence"), text(r.body(), "by"),
                text(r.body(), "why")))).orElseGet(HoldsApi::none));
        http.route("POST", "/holds/replay", r -> api.held().map(h -> replayed(h.replay(text(r.body(), "source"),
                text(r.body(), "streamId")))).orElseGet(HoldsApi::none));
    }

    private Optional<HeldStreams> held() {
        ContextBus b = bus.get();
        return b == null ? Optional.empty() : b.heldStreams();
    }

    private static JsonHttpServer.Response none() {
        return new JsonHttpServer.Response(404, Map.of("error", "this context consumes nothing (or has not started)"));
    }

    private static Map<String, Object> list(HeldStreams held) {
        return Map.of("holds", held.list().stream().map(HoldsApi::hold).toList(),
                "skipped", held.skipped().stream().map(HoldsApi::skip).toList());
    }

    static Map<String, Object> hold(StreamHold h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", h.source().value());
        m.put("streamId", h.streamId().value());
        m.put("commitSequence", h.commitSequence());
        m.put("state", h.state().name());
        m.put("reason", h.reason());
        m.put("attempts", h.attempts());
        m.put("since", h.since().toString());
        h.waitingFor().ifPresent(d -> m.put("waitingFor", Map.of("source", d.source().value(),
                "streamId", d.streamId().value(), "upTo", d.upTo())));
        h.deadline().ifPresent(d -> m.put("deadline", d.toString()));
        return m;
    }

    private static Map<String, Object> skip(SkippedCommit s) {
        return Map.of("source", s.source().value(), "streamId", s.streamId().value(), "commitSequence",
                s.commitSequence(), "by", s.by(), "why", s.why(), "at", s.at().toString());
    }

    private static JsonHttpServer.Response result(InboxResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", r.getClass().getSimpleName());
        if (r instanceof InboxResult.Applied a) {
            m.put("applied", a.applied().stream().map(c -> c.commitSequence()).toList());
        } else if (r instanceof InboxResult.Held h) {
            m.put("applied", h.applied().stream().map(c -> c.commitSequence()).toList());
            m.put("hold", hold(h.hold()));
        } else if (r instanceof InboxResult.RolledBack b) {
            m.put("why", b.outcome().describe());
        } else if (r instanceof InboxResult.Duplicate) {
            m.put("why", "the stream is not held");
        }
        return JsonHttpServer.Response.ok(m);
    }

    private static JsonHttpServer.Response replayed(Optional<Gap> gap) {
        return gap.map(g -> JsonHttpServer.Response.ok(Map.<String, Object>of("result", "ReplayRequested",
                        "fromSequence", g.fromSequence(), "toSequence", g.toSequence())))
                .orElseGet(() -> JsonHttpServer.Response.ok(Map.of("result", "NotHeld")));
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
