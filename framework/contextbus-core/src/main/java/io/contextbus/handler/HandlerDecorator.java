package io.contextbus.handler;

import io.contextbus.inbox.ApplyOutcome;

/**
 * A step of the handler pipeline, registered with {@link Handlers.Builder#decorate}: it wraps the
 * handling of each applied commit, of each event, or both, calls {@code next}, and may observe or
 * change the outcome. Tracing (a span per commit and per event), metrics (a timer of handler
 * duration) and retry policies are each a small decorator; none needs to know the transport.
 *
 * <p>Two hooks, because the two levels decide different things. The commit is the unit the inbox
 * applies or rolls back, and the unit a message's fate is decided for, so a retry or reject policy
 * and a span per applied commit belong to {@link #aroundCommit}: it sees every outcome, including a
 * handler's exception already turned into {@link ApplyOutcome.Failed} by
 * {@link ApplyOutcome#failed}. The handler of one event is the unit a timer or an event span
 * measures, which only {@link #aroundEvent} can bracket; there the handler's result is a
 * {@link HandlerResult} and its exception passes through (catch it to change it).
 *
 * <p>Order: the first decorator registered is the outermost; it sees the call first and the
 * outcome last. Commit hooks run once per commit (also for a commit drained from the inbox's stash);
 * event hooks once per event that has a handler (skipped and ignored events have none). A
 * decorator runs on the store's transaction thread, inside the transaction: keep it short.
 *
 * @param <T> the consumer store's transaction handle
 */
public interface HandlerDecorator<T> {

    /** Around the handlers of all events of one commit; returns what the commit came to. */
    default ApplyOutcome aroundCommit(CommitContext<T> commit, CommitStep next) {
        return next.proceed();
    }

    /** Around the handler of one event; returns its result or throws what it threw. */
    default HandlerResult aroundEvent(Object event, EventContext<T> context, EventStep next) throws Exception {
        return next.proceed();
    }

    /** The rest of the pipeline for one commit. Never throws: a failure arrives as an outcome. */
    @FunctionalInterface
    interface CommitStep {
        ApplyOutcome proceed();
    }

    /** The rest of the pipeline for one event, ending in its handler. */
    @FunctionalInterface
    interface EventStep {
        HandlerResult proceed() throws Exception;
    }
}
