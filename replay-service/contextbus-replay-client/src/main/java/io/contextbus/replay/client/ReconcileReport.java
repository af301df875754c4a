package io.contextbus.replay.client;

import io.contextbus.error.ValidationException;
import java.util.List;

/**
 * What one {@link Reconciler} run did: pages of source heads read, heads compared with the inbox,
 * tails found missing (and their commits), tails left for a later run because they are younger
 * than the grace period, tails already asked for by an earlier run, replay requests sent and the
 * tails they cover, and whether every source was compared up to its end ({@code complete}: nothing
 * was left for a later run by a bound, the grace period or a failure).
 */
public record ReconcileReport(long pages, long headsCompared, long tailsMissing, long commitsMissing, long tailsDeferred,
                              long tailsAlreadyAsked, long requests, List<MissingTail> requested, boolean complete) {
    public ReconcileReport {
        requested = List.copyOf(ValidationException.requireNonNull(requested, "requested"));
    }

    /** Commits the requests sent in this run ask for (from the inbox's last applied + 1 to the head). */
    public long commitsRequested() {
        return requested.stream().mapToLong(MissingTail::commits).sum();
    }
}
