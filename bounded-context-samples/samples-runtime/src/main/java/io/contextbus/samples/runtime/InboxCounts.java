package io.contextbus.samples.runtime;

import io.contextbus.inbox.Gap;
import io.contextbus.model.ContextName;
import io.contextbus.observation.ContextBusObserver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the context's consumers did since the process started, counted from the bus's observation
 * hooks, for {@code /stats}: commits applied, duplicates the inbox dropped, commits stashed, gaps
 * found and messages dead-lettered, over all sources.
 */
final class InboxCounts implements ContextBusObserver {
    private final LongAdder applied = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder stashed = new LongAdder();
    private final LongAdder gaps = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();

    @Override
    public void commitsApplied(ContextName context, ContextName source, int commits) {
        applied.add(commits);
    }

    @Override
    public void duplicateDropped(ContextName context, ContextName source) {
        duplicates.increment();
    }

    @Override
    public void commitStashed(ContextName context, ContextName source) {
        stashed.increment();
    }

    @Override
    public void gapFound(ContextName context, ContextName source, Gap gap, GapAction action) {
        gaps.increment();
    }

    @Override
    public void deadLettered(ContextName context, ContextName source, String reason) {
        deadLettered.increment();
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("appliedCommits", applied.sum());
        m.put("duplicatesDropped", duplicates.sum());
        m.put("stashed", stashed.sum());
        m.put("gapsFound", gaps.sum());
        m.put("deadLettered", deadLettered.sum());
        return m;
    }
}
