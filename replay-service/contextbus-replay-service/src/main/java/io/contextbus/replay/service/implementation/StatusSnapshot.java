package io.contextbus.replay.service.implementation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the status page shows, computed at {@code generatedAt}: per context its dispatch lag and,
 * per source it consumes, its consumer lag; the replays in progress (the oldest
 * {@link #MAX_REPLAYS}, and how many more there are); and where the dead-letter counts came from.
 */
record StatusSnapshot(Instant generatedAt, List<ContextStatus> contexts, List<ReplayProgress> replays,
                      int moreReplays, String deadLetterSource) {
    /** Replays listed at most: gap repair can queue hundreds of one-stream replays at once. */
    static final int MAX_REPLAYS = 50;

    StatusSnapshot {
        contexts = List.copyOf(contexts);
        replays = List.copyOf(replays);
    }

    /**
     * One context. {@code unavailable} says why its figures are missing (a store this page cannot
     * read); then {@code dispatch} is empty and {@code consumes} too.
     */
    record ContextStatus(String context, String store, Optional<String> unavailable, Optional<DispatchLag> dispatch,
                         List<ConsumerLag> consumes) {
        ContextStatus {
            consumes = List.copyOf(consumes);
        }
    }

    /**
     * The dispatcher's lag: the store's head position, the dispatcher's checkpoint, and the commits
     * stored after the checkpoint (not yet acknowledged by Service Bus).
     */
    record DispatchLag(long head, long checkpoint, long lag) {
    }

    /**
     * One consumer's lag on one source: streams of the source, streams whose last applied commit is
     * behind the source's head, commits behind in total, commits stashed ahead of a gap, streams
     * parked behind a commit the consumer cannot apply (an operator resolves them), and messages its
     * subscription dead-lettered (empty when unknown).
     */
    record ConsumerLag(String source, long streams, long streamsBehind, long lag, long stashed, long parked,
                       OptionalLong deadLettered) {
    }

    /** A replay not yet finished: commits planned and sent, rate, ETA, and the fraction done (0..1). */
    record ReplayProgress(String id, String target, List<String> sources, String state, long planned, long sent,
                          double rate, OptionalDouble etaSeconds, double fraction) {
        ReplayProgress {
            sources = List.copyOf(sources);
        }
    }
}
