package io.contextbus.opentelemetry.implementation;

import io.contextbus.dispatch.SendInterceptor;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Map;

/**
 * A {@code send <topic>} PRODUCER span per commit, child of the trace context stored with the commit
 * (a new trace when it has none), from the message being built to Service Bus's acknowledgement;
 * its context goes on the message as {@code traceparent}, so the consumer's span is its child.
 */
public final class TracingSendInterceptor implements SendInterceptor {
    private final Tracer tracer;

    public TracingSendInterceptor(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public Send beforeSend(ContextName source, Commit commit, String destination, String messageId) {
        SpanContext stored = W3CHeaders.fromHeaders(commit.headers());
        SpanBuilder b = tracer.spanBuilder("send " + destination).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(Messaging.SYSTEM, Messaging.SYSTEM_SERVICEBUS)
                .setAttribute(Messaging.OPERATION_NAME, "send")
                .setAttribute(Messaging.OPERATION_TYPE, "send")
                .setAttribute(Messaging.DESTINATION, destination)
                .setAttribute(Messaging.MESSAGE_ID, messageId)
                .setAttribute(Messaging.SOURCE, source.value())
                .setAttribute(Messaging.STREAM, commit.streamId().value())
                .setAttribute(Messaging.SEQUENCE, commit.commitSequence())
                .setAttribute(Messaging.COMMIT_ID, commit.commitId().toString());
        commit.correlationId().ifPresent(id -> b.setAttribute(Messaging.CONVERSATION_ID, id));
        if (stored.isValid()) {
            b.setParent(Context.root().with(Span.wrap(stored)));
        } else {
            b.setNoParent();
        }
        Span span = b.startSpan();
        // With the API alone the span is a no-op: the stored context the adapter copied stays on the message.
        Map<String, String> properties = W3CHeaders.capture(Context.root().with(span));
        return new Send() {
            @Override
            public Map<String, String> properties() {
                return properties;
            }

            @Override
            public void sent() {
                span.end();
            }

            @Override
            public void failed(Throwable cause) {
                if (cause != null) {
                    span.recordException(cause);
                    span.setAttribute(Messaging.ERROR_TYPE, cause.getClass().getName());
                }
                span.setStatus(StatusCode.ERROR, cause == null ? "not sent" : String.valueOf(cause.getMessage()));
                span.end();
            }
        };
    }
}
