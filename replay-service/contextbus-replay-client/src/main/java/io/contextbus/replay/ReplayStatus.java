package io.contextbus.replay;

import io.contextbus.error.ValidationException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A replay as the service reports it: its request, state, exact counts (planned, and sent =
 * acknowledged by Service Bus) overall and per source, the recent send rate, the estimated time to
 * finish, how often it was resumed after a restart, and the errors it met.
 */
public record ReplayStatus(String id, ReplayRequest request, ReplayState state, Instant createdAt,
                           Optional<Instant> startedAt, Optional<Instant> finishedAt, long planned, long sent,
                           List<SourceProgress> sources, double ratePerSecond, OptionalDouble etaSeconds,
                           int resumes, List<String> errors) {
    public ReplayStatus {
        ValidationException.requireNonNull(id, "id");
        ValidationException.requireNonNull(request, "request");
        ValidationException.requireNonNull(state, "state");
        ValidationException.requireNonNull(createdAt, "createdAt");
        ValidationException.requireNonNull(startedAt, "startedAt");
        ValidationException.requireNonNull(finishedAt, "finishedAt");
        ValidationException.requireNonNull(etaSeconds, "etaSeconds");
        sources = List.copyOf(ValidationException.requireNonNull(sources, "sources"));
        errors = List.copyOf(ValidationException.requireNonNull(errors, "errors"));
    }

    /** True when every planned commit was sent and the replay completed. */
    public boolean isComplete() {
        return state == ReplayState.COMPLETED;
    }
}
