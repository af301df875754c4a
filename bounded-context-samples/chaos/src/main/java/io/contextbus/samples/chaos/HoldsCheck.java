package io.contextbus.samples.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.samples.demo.Cluster;
import io.contextbus.samples.demo.JsonHttp;
import io.contextbus.samples.demo.check.Violation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parked streams at the end: no consumer still holds a stream (parked or waiting), and the
 * commits each consumer skipped are exactly the poison commits the soak injected into it and the
 * operator resolved, no more, no fewer.
 */
final class HoldsCheck {
    static final String NOTHING_HELD = "NOTHING_HELD_AT_THE_END";
    static final String SKIPPED_EXACTLY_THE_POISON = "SKIPPED_EXACTLY_THE_RESOLVED_POISON";

    private HoldsCheck() {
    }

    static List<Violation> check(JsonHttp http, Cluster cluster, List<Poison> poisons)
            throws IOException, InterruptedException {
        List<Violation> out = new ArrayList<>();
        for (List<String> sub : Fault.POISONABLE) {
            String consumer = sub.get(1);
            JsonNode holds = http.get(cluster.contextUrl(consumer) + "/holds");
            holds.path("holds").forEach(h -> out.add(new Violation(NOTHING_HELD, consumer + " still holds "
                    + h.path("source").asText() + "/" + h.path("streamId").asText() + ":" + h.path("commitSequence").asLong()
                    + " (" + h.path("state").asText() + ": " + h.path("reason").asText() + ")")));
            Set<String> skipped = new TreeSet<>();
            holds.path("skipped").forEach(s -> skipped.add(s.path("source").asText() + "/" + s.path("streamId").asText()
                    + ":" + s.path("commitSequence").asLong()));
            Set<String> expected = new TreeSet<>();
            poisons.stream().filter(p -> p.consumer().equals(consumer))
                    .forEach(p -> expected.add(p.source() + "/" + p.streamId() + ":1"));
            if (!skipped.equals(expected)) {
                Set<String> extra = new TreeSet<>(skipped);
                extra.removeAll(expected);
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(skipped);
                out.add(new Violation(SKIPPED_EXACTLY_THE_POISON, consumer + " skipped " + extra
                        + " that were not injected poison, and lacks the resolved poison " + missing));
            }
        }
        return out;
    }
}
