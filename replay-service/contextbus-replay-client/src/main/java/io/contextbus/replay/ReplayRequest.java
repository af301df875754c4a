package io.contextbus.replay;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * What a replay resends: the commits of {@code sources}' stores stamped in {@code [since, until]}
 * (each bound optional), of the given {@code streams} only (empty = every stream), from
 * {@code fromCommitSequence} on, to the one context {@code target}. A {@code dryRun} only counts.
 * Valid by construction: a bad field fails with a {@link ValidationException} naming it, so a
 * request the service accepts can always be planned.
 */
public record ReplayRequest(ContextName target, List<ContextName> sources, Optional<Instant> since,
                            Optional<Instant> until, List<StreamId> streams, long fromCommitSequence,
                            boolean dryRun) {
    /** Most sources one replay may name. */
    public static final int MAX_SOURCES = 64;
    /** Most streams one replay may name; a larger set is a full replay with a time range. */
    public static final int MAX_STREAMS = 1_000;

    public ReplayRequest {
        ValidationException.requireNonNull(target, "target");
        ValidationException.requireNonNull(sources, "sources");
        ValidationException.requireNonNull(since, "since");
        ValidationException.requireNonNull(until, "until");
        ValidationException.requireNonNull(streams, "streams");
        sources = List.copyOf(sources);
        streams = List.copyOf(streams);
        ValidationException.require(!sources.isEmpty(), "sources", "must name at least one source context.");
        ValidationException.require(sources.size() <= MAX_SOURCES, "sources",
                "must name at most " + MAX_SOURCES + " contexts but names " + sources.size() + ".");
        ValidationException.require(new HashSet<>(sources).size() == sources.size(), "sources", "must not repeat a context.");
        ValidationException.require(!sources.contains(target), "sources",
                "must not contain the target '" + target + "': a context does not consume its own topic.");
        ValidationException.require(streams.size() <= MAX_STREAMS, "streams",
                "must name at most " + MAX_STREAMS + " streams but names " + streams.size() + ".");
        ValidationException.require(new HashSet<>(streams).size() == streams.size(), "streams", "must not repeat a stream.");
        ValidationException.require(fromCommitSequence >= 1, "fromCommitSequence",
                "must be at least 1 but was " + fromCommitSequence + ".");
        if (since.isPresent() && until.isPresent()) {
            ValidationException.require(!since.get().isAfter(until.get()), "until",
                    "must not be before 'since' (" + since.get() + ") but was " + until.get() + ".");
        }
    }

    /** Everything {@code sources} ever committed, for {@code target}. */
    public static ReplayRequest everything(ContextName target, List<ContextName> sources) {
        return new ReplayRequest(target, sources, Optional.empty(), Optional.empty(), List.of(), 1, false);
    }

    /** Commits {@code fromCommitSequence} on of one stream of one source: what a gap repair asks for. */
    public static ReplayRequest stream(ContextName target, ContextName source, StreamId stream, long fromCommitSequence) {
        return new ReplayRequest(target, List.of(source), Optional.empty(), Optional.empty(), List.of(stream),
                fromCommitSequence, false);
    }

    public ReplayRequest withSince(Instant value) {
        return new ReplayRequest(target, sources, Optional.of(value), until, streams, fromCommitSequence, dryRun);
    }

    public ReplayRequest withUntil(Instant value) {
        return new ReplayRequest(target, sources, since, Optional.of(value), streams, fromCommitSequence, dryRun);
    }

    public ReplayRequest withDryRun(boolean value) {
        return new ReplayRequest(target, sources, since, until, streams, fromCommitSequence, value);
    }

    /** True when a commit with this stamp, stream and sequence is one the replay resends. */
    public boolean selects(Instant stamp, StreamId stream, long commitSequence) {
        return commitSequence >= fromCommitSequence
                && since.map(s -> !stamp.isBefore(s)).orElse(true)
                && until.map(u -> !stamp.isAfter(u)).orElse(true)
                && (streams.isEmpty() || streams.contains(stream));
    }
}
