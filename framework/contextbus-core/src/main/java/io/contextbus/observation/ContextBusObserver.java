package io.contextbus.observation;

import io.contextbus.dispatch.DispatchLag;
import io.contextbus.inbox.Gap;
import io.contextbus.inbox.StreamHold;
import io.contextbus.model.ContextName;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the dispatcher, the consumers and the replay service report as they work, for metrics (the
 * optional {@code contextbus-micrometer} module binds them to a {@code MeterRegistry}) or anything
 * else. Every method has an empty default, so an observer implements what it needs and new events
 * can be added without breaking it. Events come on the framework's own threads (the dispatcher's,
 * the store's transaction thread for {@link #handlerCompleted}, the consumer's settle threads): an
 * observer must be thread-safe, return quickly and never throw. The {@code Supplier}s handed over by
 * the {@code ...Started} events are for gauges: read them when asked, they cost a field read.
 *
 * <p>Names: {@code context} is the context that does the work (the publisher, or the consumer),
 * {@code source} the context whose commits a consumer applies, {@code target} the context a replay
 * is for.
 */
public interface ContextBusObserver {
    /** Observes nothing. */
    ContextBusObserver NONE = new ContextBusObserver() {
    };

    // ---- dispatcher ----

    /** The dispatcher of {@code context} started; {@code lag} says how far behind the store it is now. */
    default void dispatcherStarted(ContextName context, Supplier<DispatchLag> lag) {
    }

    /** A page of {@code commits} was published and checkpointed, {@code took} from the first send to the checkpoint. */
    default void pagePublished(ContextName context, int commits, Duration took) {
    }

    /** Publishing a page failed (it is retried; the checkpoint did not move). */
    default void publishFailed(ContextName context, int commits, Throwable error) {
    }

    /** One send call to the bus (one Service Bus batch) carried {@code messages} commits. */
    default void batchSent(ContextName context, int messages) {
    }

    // ---- consumer ----

    /**
     * The consumer of {@code source} in {@code context} started; {@code backlog} says how long the
     * oldest message waiting in its subscription had waited at the last look (empty: none waits, or
     * not looked yet).
     */
    default void consumerStarted(ContextName context, ContextName source, Supplier<Optional<Duration>> backlog) {
    }

    /** The handlers of a commit returned, in the inbox's transaction; {@code applied} false when they did not apply it. */
    default void handlerCompleted(ContextName context, ContextName source, Duration took, boolean applied) {
    }

    /** The inbox applied {@code commits} commits (the received one and the stashed ones it unblocked), durably. */
    default void commitsApplied(ContextName context, ContextName source, int commits) {
    }

    /** The inbox dropped a commit it had applied before. */
    default void duplicateDropped(ContextName context, ContextName source) {
    }

    /** A commit arrived ahead of a gap and was stashed. */
    default void commitStashed(ContextName context, ContextName source) {
    }

    /** A gap was found and {@code action} taken about it. */
    default void gapFound(ContextName context, ContextName source, Gap gap, GapAction action) {
    }

    /**
     * A commit holds its stream now: parked (it cannot be applied until an operator retries, skips or
     * replays it) or waiting for a dependency ({@link StreamHold#isParked()} tells which); the
     * stream's later commits wait behind it.
     */
    default void streamHeld(ContextName context, ContextName source, StreamHold hold) {
    }

    /** A message was dead-lettered; {@code reason} is its {@code DeadLetterReason}, e.g. {@code HandlerRejected}. */
    default void deadLettered(ContextName context, ContextName source, String reason) {
    }

    /** A message was abandoned for redelivery (a handler asked for a retry, failed transiently, or the inbox failed). */
    default void abandoned(ContextName context, ContextName source) {
    }

    /**
     * A handler failed transiently and its commit is applied again after {@code delay}, as attempt
     * {@code nextAttempt} (2 for the first retry); its message is kept meanwhile.
     */
    default void retryScheduled(ContextName context, ContextName source, int nextAttempt, Duration delay) {
    }

    /**
     * The consumer of {@code source} in {@code context} restarted its processor client (a new
     * connection) because one of its sessions kept failing to settle; {@code reason} says why.
     */
    default void consumerRestarted(ContextName context, ContextName source, String reason) {
    }

    // ---- replay service ----

    /** A replay sent a page of {@code commits} of {@code source} to {@code target}; {@code sent} of {@code planned} so far. */
    default void replayProgress(ContextName target, ContextName source, String replayId, int commits, long sent,
                                long planned) {
    }

    /** A replay ended; {@code state} is {@code COMPLETED}, {@code FAILED} or {@code CANCELLED}. */
    default void replayEnded(ContextName target, String replayId, String state) {
    }

    /** What a consumer did about a gap. */
    enum GapAction {
        /** A replay of the missing range was requested. */
        REPLAY_REQUESTED,
        /** Requesting the replay failed; the next commit of the stream reports the gap again. */
        REPLAY_REQUEST_FAILED,
        /** No gap repair is configured: the gap was logged for an operator. */
        LOGGED,
        /** The missing commit was abandoned by this consumer and comes back by redelivery. */
        AWAITING_REDELIVERY
    }
}
