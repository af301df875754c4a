package io.contextbus.samples.demo.check;

import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds source commits for checker tests: one event per commit, sequences counted per stream. */
final class History {
    final Map<String, List<Commit>> commits = new LinkedHashMap<>();
    private final Map<String, Long> sequences = new HashMap<>();

    History commit(String context, String stream, String type, String json) {
        long seq = sequences.merge(context + "/" + stream, 1L, Long::sum);
        Commit commit = new Commit(StreamId.of(stream), seq, seq, UUID.randomUUID(), Instant.EPOCH, Map.of(),
                List.of(EventMessage.of(type, 1, json)));
        commits.computeIfAbsent(context, c -> new ArrayList<>()).add(commit);
        return this;
    }

    /** Every commit of {@code context}'s streams as an applied log of {@code consumer}, in order. */
    List<AppliedCommit> appliedLogOf(String source) {
        return commits.getOrDefault(source, List.of()).stream()
                .map(c -> new AppliedCommit(source, c.streamId().value(), c.commitSequence()))
                .toList();
    }

    Map<String, List<Commit>> sources() {
        Map<String, List<Commit>> copy = new LinkedHashMap<>();
        commits.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
        return copy;
    }
}
