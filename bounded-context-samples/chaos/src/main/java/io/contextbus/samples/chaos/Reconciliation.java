package io.contextbus.samples.chaos;

import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.samples.demo.check.AppliedCommit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an operator asks the replay service for after the faults: for every consumer and source it
 * consumes, each stream whose applied commits (the consumer's applied log) stop short of the
 * source's head, from the first commit missing. The requests of one consumer and source are
 * grouped by that first commit, at most {@link ReplayRequest#MAX_STREAMS} streams each. The same
 * comparison as the framework's {@code Reconciler} (ADR 0039), made from outside through the APIs.
 */
final class Reconciliation {
    private Reconciliation() {
    }

    /**
     * @param consumes consumer context to the source contexts it consumes
     * @param sources  every commit of every source context
     * @param applied  every consumer's applied log
     */
    static List<ReplayRequest> missingTails(Map<String, List<String>> consumes, Map<String, List<Commit>> sources,
            Map<String, List<AppliedCommit>> applied) {
        List<ReplayRequest> requests = new ArrayList<>();
        consumes.forEach((consumer, froms) -> {
            for (String source : froms) {
                Map<String, Long> heads = new HashMap<>();
                sources.getOrDefault(source, List.of()).forEach(c -> heads.merge(c.streamId().value(), c.commitSequence(), Math::max));
                Map<String, Long> prefix = appliedPrefix(source, applied.getOrDefault(consumer, List.of()));
                Map<Long, List<StreamId>> byStart = new TreeMap<>();
                heads.forEach((stream, head) -> {
                    long done = prefix.getOrDefault(stream, 0L);
                    if (done < head) {
                        byStart.computeIfAbsent(done + 1, k -> new ArrayList<>()).add(StreamId.of(stream));
                    }
                });
                byStart.forEach((from, streams) -> {
                    for (int i = 0; i < streams.size(); i += ReplayRequest.MAX_STREAMS) {
                        requests.add(new ReplayRequest(ContextName.of(consumer), List.of(ContextName.of(source)),
                                Optional.empty(), Optional.empty(),
                                streams.subList(i, Math.min(streams.size(), i + ReplayRequest.MAX_STREAMS)), from, false));
                    }
                });
            }
        });
        return requests;
    }

    /** Per stream of {@code source}: n when the log applied 1..n in order (and maybe more after a break). */
    private static Map<String, Long> appliedPrefix(String source, List<AppliedCommit> log) {
        Map<String, Long> prefix = new HashMap<>();
        for (AppliedCommit a : log) {
            if (a.source().equals(source)) {
                long before = prefix.getOrDefault(a.streamId(), 0L);
                if (a.commitSequence() == before + 1) {
                    prefix.put(a.streamId(), before + 1);
                }
            }
        }
        return prefix;
    }
}
