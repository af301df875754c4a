package io.contextbus.samples.demo.check;

import io.contextbus.model.Commit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Per-stream checks: source streams are contiguous, consumers applied each commit once, in order. */
final class StreamChecks {
    private StreamChecks() {
    }

    /** The commits grouped by stream, each stream in commitSequence order, streams by id. */
    static Map<String, List<Commit>> byStream(List<Commit> commits) {
        Map<String, List<Commit>> streams = new TreeMap<>();
        for (Commit c : commits) {
            streams.computeIfAbsent(c.streamId().value(), s -> new ArrayList<>()).add(c);
        }
        streams.values().forEach(list -> list.sort(Comparator.comparingLong(Commit::commitSequence)));
        return streams;
    }

    static void contiguous(String context, Map<String, List<Commit>> streams, List<Violation> violations) {
        streams.forEach((stream, commits) -> {
            for (int i = 0; i < commits.size(); i++) {
                if (commits.get(i).commitSequence() != i + 1) {
                    violations.add(new Violation(Rules.STREAM_CONTIGUOUS, context + "/" + stream + " has commit "
                            + commits.get(i).commitSequence() + " where " + (i + 1) + " was expected"));
                    return;
                }
            }
        });
    }

    /**
     * The consumer's applied log, per stream of each source it consumes, must read 1, 2, ... n
     * where n is the source stream's last commit: nothing missing, nothing twice, nothing reordered.
     */
    static void appliedOnceInOrder(String consumer, Set<String> sources, List<AppliedCommit> log,
            Map<String, Map<String, List<Commit>>> streamsByContext, List<Violation> violations) {
        Map<String, List<Long>> applied = new HashMap<>();
        for (AppliedCommit a : log) {
            applied.computeIfAbsent(a.source() + "/" + a.streamId(), k -> new ArrayList<>()).add(a.commitSequence());
        }
        for (String source : sources) {
            streamsByContext.getOrDefault(source, Map.of()).forEach((stream, commits) -> {
                List<Long> seen = applied.getOrDefault(source + "/" + stream, List.of());
                List<Long> expected = commits.stream().map(Commit::commitSequence).toList();
                if (!seen.equals(expected)) {
                    violations.add(new Violation(Rules.APPLIED_ONCE_IN_ORDER, consumer + " applied " + source + "/"
                            + stream + " as " + abbreviate(seen) + " but the source holds " + abbreviate(expected)));
                }
            });
        }
        applied.keySet().stream()
                .filter(key -> !streamsByContext.getOrDefault(key.substring(0, key.indexOf('/')), Map.of())
                        .containsKey(key.substring(key.indexOf('/') + 1)))
                .forEach(key -> violations.add(new Violation(Rules.APPLIED_ONCE_IN_ORDER,
                        consumer + " applied commits of " + key + ", which no source holds")));
    }

    private static String abbreviate(List<Long> seqs) {
        return seqs.size() <= 12 ? seqs.toString() : seqs.subList(0, 12) + "...(" + seqs.size() + ")";
    }
}
