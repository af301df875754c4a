package io.contextbus.replay.service.implementation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.replay.service.implementation.StatusSnapshot.ConsumerLag;
import io.contextbus.replay.service.implementation.StatusSnapshot.ContextStatus;
import io.contextbus.replay.service.implementation.StatusSnapshot.ReplayProgress;
import java.io.UncheckedIOException;

/** The status snapshot as the JSON of {@code GET /status/data}; unknown figures are {@code null}. */
final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {
    }

    static String write(StatusSnapshot s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("generatedAt", s.generatedAt().toString());
        root.put("deadLetterSource", s.deadLetterSource());
        ArrayNode contexts = root.putArray("contexts");
        for (ContextStatus c : s.contexts()) {
            ObjectNode n = contexts.addObject();
            n.put("context", c.context());
            n.put("store", c.store());
            n.put("unavailable", c.unavailable().orElse(null));
            if (c.dispatch().isPresent()) {
                ObjectNode d = n.putObject("dispatch");
                d.put("head", c.dispatch().get().head());
                d.put("checkpoint", c.dispatch().get().checkpoint());
                d.put("lag", c.dispatch().get().lag());
            } else {
                n.putNull("dispatch");
            }
            ArrayNode consumes = n.putArray("consumes");
            for (ConsumerLag l : c.consumes()) {
                ObjectNode x = consumes.addObject();
                x.put("source", l.source());
                x.put("streams", l.streams());
                x.put("streamsBehind", l.streamsBehind());
                x.put("lag", l.lag());
                x.put("stashed", l.stashed());
                x.put("parked", l.parked());
                if (l.deadLettered().isPresent()) {
                    x.put("deadLettered", l.deadLettered().getAsLong());
                } else {
                    x.putNull("deadLettered");
                }
            }
        }
        ArrayNode replays = root.putArray("replays");
        for (ReplayProgress r : s.replays()) {
            ObjectNode n = replays.addObject();
            n.put("id", r.id());
            n.put("target", r.target());
            ArrayNode sources = n.putArray("sources");
            r.sources().forEach(sources::add);
            n.put("state", r.state());
            n.put("planned", r.planned());
            n.put("sent", r.sent());
            n.put("ratePerSecond", r.rate());
            if (r.etaSeconds().isPresent()) {
                n.put("etaSeconds", r.etaSeconds().getAsDouble());
            } else {
                n.putNull("etaSeconds");
            }
            n.put("fraction", r.fraction());
        }
        root.put("moreReplays", s.moreReplays());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
