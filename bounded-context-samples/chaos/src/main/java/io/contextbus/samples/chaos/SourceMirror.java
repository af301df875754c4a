package io.contextbus.samples.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.codec.CommitCodec;
import io.contextbus.model.Commit;
import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.demo.Cluster;
import io.contextbus.samples.demo.JsonHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * What the soak knows of the sources while it runs: every context's commits read incrementally
 * from its {@code /commits} API (a position per context, each commit read once), their count, and
 * the newest commits of the most recently written streams, which the message faults aim at.
 */
final class SourceMirror {
    private static final int RECENT_STREAMS = 500;
    /** The newest commits kept of each recent stream: what a reorder resends, last first. */
    private static final int COMMITS_PER_STREAM = 5;

    private final Map<String, String> positions = new HashMap<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Map<String, LinkedHashMap<String, List<Commit>>> recent = new HashMap<>();

    SourceMirror() {
        for (String c : Cluster.CONTEXTS) {
            counts.put(c, 0L);
            recent.put(c, new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<Commit>> eldest) {
                    return size() > RECENT_STREAMS;
                }
            });
        }
    }

    /** Reads what each context committed since the last poll; a context that is down is read next time. */
    synchronized void poll(JsonHttp http, Cluster cluster) throws InterruptedException {
        for (String c : Cluster.CONTEXTS) {
            try {
                read(http, cluster.contextUrl(c), c);
            } catch (IOException | UncheckedIOException e) {
                // down or restarting (a fault): its position is kept, the rest is read next time
            }
        }
    }

    private void read(JsonHttp http, String url, String context) throws IOException, InterruptedException {
        while (true) {
            JsonNode page = http.get(url + "/commits?max=5000&after=" + positions.getOrDefault(context, ""));
            if (page.path("commits").isEmpty()) {
                return;
            }
            for (JsonNode node : page.path("commits")) {
                Commit commit = CommitCodec.decode(ContractJson.mapper().writeValueAsBytes(node)).commit();
                List<Commit> stream = recent.get(context).computeIfAbsent(commit.streamId().value(), s -> new ArrayList<>());
                stream.add(commit);
                if (stream.size() > COMMITS_PER_STREAM) {
                    stream.remove(0);
                }
                counts.merge(context, 1L, Long::sum);
            }
            positions.put(context, page.path("next").asText());
        }
    }

    synchronized long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The newest commits (at most five, in sequence order) of a recently written stream of
     * {@code context} with at least {@code minCommits} of them, picked at random among the newest.
     */
    synchronized Optional<List<Commit>> recentStream(String context, int minCommits, Random random) {
        List<List<Commit>> candidates = recent.get(context).values().stream()
                .filter(l -> l.size() >= minCommits).toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        int newest = Math.min(candidates.size(), 20);
        List<Commit> picked = new ArrayList<>(candidates.get(candidates.size() - 1 - random.nextInt(newest)));
        picked.sort(Comparator.comparingLong(Commit::commitSequence));
        return Optional.of(picked);
    }
}
