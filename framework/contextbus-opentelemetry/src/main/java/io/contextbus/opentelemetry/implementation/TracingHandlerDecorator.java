package io.contextbus.opentelemetry.implementation;

import io.contextbus.handler.CommitContext;
import io.contextbus.handler.Delivery;
import io.contextbus.handler.HandlerDecorator;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.model.Commit;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Locale;

/**
 * A {@code process <topic>} CONSUMER span around the handlers of each applied commit, current while
 * they run (their own spans nest under it). A commit on its first pass (its live message) continues
 * the sender's trace: the parent is the message's context, else the context stored with the commit.
 * A replayed commit and one drained from the stash are not children of a trace that ended long ago:
 * their span links to the stored context instead, and its parent is the replay message's own
 * context when it has one that differs (a replay service traced by the Azure SDK), else the current.
 */
public final class TracingHandlerDecorator<T> implements HandlerDecorator<T> {
    private final Tracer tracer;
    private final String consumer;

    public TracingHandlerDecorator(Tracer tracer, String consumer) {
        this.tracer = tracer;
        this.consumer = consumer;
    }

    @Override
    public ApplyOutcome aroundCommit(CommitContext<T> c, CommitStep next) {
        Span span = start(c);
        ApplyOutcome outcome;
        try (Scope ignored = span.makeCurrent()) {
            outcome = next.proceed();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            span.end();
            throw e;
        }
        record(span, outcome);
        span.end();
        return outcome;
    }

    private Span start(CommitContext<T> c) {
        Commit commit = c.commit();
        Delivery d = c.delivery();
        String destination = c.source().topicName();
        SpanBuilder b = tracer.spanBuilder("process " + destination).setSpanKind(SpanKind.CONSUMER)
                .setAttribute(Messaging.SYSTEM, Messaging.SYSTEM_SERVICEBUS)
                .setAttribute(Messaging.OPERATION_NAME, "process")
                .setAttribute(Messaging.OPERATION_TYPE, "process")
                .setAttribute(Messaging.DESTINATION, destination)
                .setAttribute(Messaging.SUBSCRIPTION, consumer)
                .setAttribute(Messaging.SOURCE, c.source().value())
                .setAttribute(Messaging.STREAM, commit.streamId().value())
                .setAttribute(Messaging.SEQUENCE, commit.commitSequence())
                .setAttribute(Messaging.COMMIT_ID, commit.commitId().toString())
                .setAttribute(Messaging.DELIVERY, d.kind().name().toLowerCase(Locale.ROOT));
        d.messageId().ifPresent(id -> b.setAttribute(Messaging.MESSAGE_ID, id));
        commit.correlationId().ifPresent(id -> b.setAttribute(Messaging.CONVERSATION_ID, id));
        String replayId = d.properties().get(Messaging.REPLAY_ID_PROPERTY);
        if (replayId != null) {
            b.setAttribute(Messaging.REPLAY_ID, replayId);
        }
        SpanContext stored = W3CHeaders.fromHeaders(commit.headers());
        SpanContext carried = W3CHeaders.fromMessage(d.properties());
        if (d.isFirstPass() || d.kind() == Delivery.Kind.DIRECT) {
            SpanContext parent = carried.isValid() ? carried : stored;
            if (parent.isValid()) {
                b.setParent(Context.current().with(Span.wrap(parent)));
            }
        } else {
            if (carried.isValid() && !carried.getTraceId().equals(stored.getTraceId())) {
                b.setParent(Context.current().with(Span.wrap(carried)));
            } else {
                b.setParent(Context.current());
            }
            if (stored.isValid()) {
                b.addLink(stored);
            }
        }
        return b.startSpan();
    }

    private static void record(Span span, ApplyOutcome outcome) {
        if (outcome instanceof ApplyOutcome.Applied) {
            span.setAttribute(Messaging.OUTCOME, "applied");
        } else if (outcome instanceof ApplyOutcome.Retry r) {
            span.setAttribute(Messaging.OUTCOME, "retry");
            span.setStatus(StatusCode.ERROR, r.why());
            span.setAttribute(Messaging.ERROR_TYPE, "retry");
        } else if (outcome instanceof ApplyOutcome.Reject r) {
            span.setAttribute(Messaging.OUTCOME, "reject");
            span.setStatus(StatusCode.ERROR, r.why());
            span.setAttribute(Messaging.ERROR_TYPE, r.refusal().name().toLowerCase(Locale.ROOT));
        } else if (outcome instanceof ApplyOutcome.Failed f) {
            span.setAttribute(Messaging.OUTCOME, "failed");
            span.recordException(f.cause());
            span.setStatus(StatusCode.ERROR, String.valueOf(f.cause().getMessage()));
            span.setAttribute(Messaging.ERROR_TYPE, f.cause().getClass().getName());
        }
    }
}
