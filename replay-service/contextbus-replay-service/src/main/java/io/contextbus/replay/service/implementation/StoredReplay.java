package io.contextbus.replay.service.implementation;

import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import io.contextbus.model.ContextName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A replay as the registry keeps it durably, with the runner holding its lease and until when
 * (empty when no runner holds it).
 */
record StoredReplay(String id, ReplayRequest request, ReplayState state, Instant createdAt,
                    Optional<Instant> startedAt, Optional<Instant> finishedAt, int resumes,
                    List<Source> sources, List<String> errors, Optional<String> runner, Optional<Instant> leaseUntil) {
    StoredReplay {
        sources = List.copyOf(sources);
        errors = List.copyOf(errors);
    }

    /** Whether a runner other than {@code runner} holds an unexpired lease at {@code now}. */
    boolean leasedByAnother(String runner, Instant now) {
        return this.runner.isPresent() && !this.runner.get().equals(runner)
                && leaseUntil.map(now::isBefore).orElse(false);
    }

    long planned() {
        return sources.stream().mapToLong(Source::planned).sum();
    }

    long sent() {
        return sources.stream().mapToLong(Source::sent).sum();
    }

    boolean planned(ContextName source) {
        return sources.stream().anyMatch(s -> s.source().equals(source) && s.planDone());
    }

    /**
     * One source of a replay: commits planned (final once {@code planDone}), commits acknowledged by
     * Service Bus, the read cursor after the last acknowledged page, and whether it is finished.
     */
    record Source(ContextName source, long planned, boolean planDone, long sent, Optional<String> cursor, boolean done) {
    }
}
