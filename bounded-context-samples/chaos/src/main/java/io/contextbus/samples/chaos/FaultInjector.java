package io.contextbus.samples.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.samples.demo.Cluster;
import io.contextbus.samples.demo.JsonHttp;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Injects one fault at a time and waits for its short recovery: a killed process is started again
 * (and listening), a duplicating replay has finished, a poison commit is parked and then skipped by
 * the operator through the consumer's {@code /holds} API. Counts every fault and what it touched.
 */
final class FaultInjector {
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private final Cluster cluster;
    private final JsonHttp http;
    private final SourceMirror mirror;
    private final MessageFaults messages;
    private final Random random;
    private final Map<FaultKind, Integer> injected = new EnumMap<>(FaultKind.class);
    private final Map<String, Long> figures = new LinkedHashMap<>();
    private final List<Poison> poisons = new ArrayList<>();
    private int serial;

    FaultInjector(Cluster cluster, JsonHttp http, SourceMirror mirror, long seed) {
        this.cluster = cluster;
        this.http = http;
        this.mirror = mirror;
        this.messages = new MessageFaults(cluster.connectionString());
        this.random = new Random(seed ^ 0x5DEECE66DL);
        for (FaultKind k : FaultKind.values()) {
            injected.put(k, 0);
        }
    }

    Map<FaultKind, Integer> injected() {
        return Map.copyOf(injected);
    }

    /** Counters of what the faults touched (messages purged, commits duplicated or reordered...). */
    Map<String, Long> figures() {
        return Map.copyOf(figures);
    }

    List<Poison> poisons() {
        return List.copyOf(poisons);
    }

    /** Injects {@code fault} and waits for its recovery; returns a line describing it. */
    String inject(Fault fault) throws IOException, InterruptedException {
        serial++;
        String what = switch (fault.kind()) {
            case KILL_ORDERING, KILL_INVENTORY, KILL_SHIPPING, KILL_BILLING -> killContext(fault.kind().killedContext());
            case KILL_REPLAY -> {
                cluster.killReplay();
                cluster.startReplay();
                yield "replay service killed and restarted";
            }
            case KILL_BROKER -> {
                cluster.killBroker();
                cluster.startBroker();
                yield "broker killed and restarted empty (topology re-created from the topology file)";
            }
            case PURGE_SUBSCRIPTION -> purge(fault);
            case DUPLICATES -> duplicate(fault);
            case REORDER -> reorder(fault);
            case POISON -> poison(fault);
        };
        injected.merge(fault.kind(), 1, Integer::sum);
        return what;
    }

    private String killContext(String context) throws IOException, InterruptedException {
        cluster.killContext(context);
        cluster.startContext(context);
        return context + " killed and restarted";
    }

    private String purge(Fault f) throws IOException, InterruptedException {
        String entity = f.source() + ".events/subscriptions/" + f.consumer();
        long purged = http.post(cluster.brokerUrl() + "/purge?entity=" + entity, null).path("purged").asLong();
        figures.merge("messages purged", purged, Long::sum);
        return "purged " + purged + " messages from " + entity;
    }

    /** Resends a recent stream's newest commits (and any after them) to the consumer through the replay service's API. */
    private String duplicate(Fault f) throws InterruptedException {
        Optional<List<Commit>> stream = mirror.recentStream(f.source(), 1, random);
        if (stream.isEmpty()) {
            return "no stream of " + f.source() + " yet: nothing duplicated";
        }
        ReplayClient client = ReplayClient.create(URI.create(cluster.replayUrl()), cluster.token());
        ReplayStatus status = client.submit(ReplayRequest.stream(ContextName.of(f.consumer()), ContextName.of(f.source()),
                stream.get().get(0).streamId(), stream.get().get(0).commitSequence()));
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!status.state().isTerminal()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("duplicating replay " + status.id() + " did not finish within " + PATIENCE);
            }
            Thread.sleep(200); // the poll interval of the replay's status; the loop ends on its state
            status = client.status(status.id()).orElseThrow();
        }
        figures.merge("commits duplicated", status.sent(), Long::sum);
        return "resent " + status.sent() + " commits of " + f.source() + "/" + stream.get().get(0).streamId().value()
                + " to " + f.consumer() + " (replay " + status.id() + " " + status.state() + ")";
    }

    /** Sends a recent stream's commits to the consumer again, the last one first. */
    private String reorder(Fault f) {
        Optional<List<Commit>> stream = mirror.recentStream(f.source(), 2, random);
        if (stream.isEmpty()) {
            return "no stream of " + f.source() + " with 2 commits yet: nothing reordered";
        }
        List<Commit> commits = stream.get();
        messages.sendReversed(f.source(), f.consumer(), commits, "chaos-reorder-" + serial);
        figures.merge("commits sent reordered", (long) commits.size(), Long::sum);
        return "sent " + f.source() + "/" + commits.get(0).streamId().value() + " seq "
                + commits.get(commits.size() - 1).commitSequence() + ".." + commits.get(0).commitSequence()
                + " to " + f.consumer() + ", last first";
    }

    /** A poison commit parks its stream in the consumer's inbox; the operator lists it and skips it. */
    private String poison(Fault f) throws IOException, InterruptedException {
        String streamId = "chaos-poison-" + serial;
        messages.sendPoison(f.source(), f.consumer(), streamId, "chaos-poison-" + serial);
        String url = cluster.contextUrl(f.consumer());
        Instant deadline = Instant.now().plus(PATIENCE);
        JsonNode hold;
        while ((hold = parked(url, f.source(), streamId)) == null) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(f.consumer() + " did not park poison stream " + streamId + " within "
                        + PATIENCE + "; holds: " + http.get(url + "/holds"));
            }
            Thread.sleep(200); // the poll interval of GET /holds; the loop ends when the stream is parked
        }
        Map<String, Object> skip = new LinkedHashMap<>();
        skip.put("source", f.source());
        skip.put("streamId", streamId);
        skip.put("commitSequence", 1);
        skip.put("by", "chaos-operator");
        skip.put("why", "poison event injected by the soak");
        JsonNode result = http.post(url + "/holds/skip", skip);
        Poison p = new Poison(f.source(), f.consumer(), streamId, hold.path("reason").asText(),
                "skipped: " + result.path("result").asText());
        poisons.add(p);
        return p.toString();
    }

    private JsonNode parked(String url, String source, String streamId) throws IOException, InterruptedException {
        for (JsonNode h : http.get(url + "/holds").path("holds")) {
            if (h.path("source").asText().equals(source) && h.path("streamId").asText().equals(streamId)
                    && h.path("state").asText().equals("PARKED")) {
                return h;
            }
        }
        return null;
    }
}
