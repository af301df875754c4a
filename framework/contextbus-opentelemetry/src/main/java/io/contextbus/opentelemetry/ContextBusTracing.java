package io.contextbus.opentelemetry;

import io.contextbus.dispatch.SendInterceptor;
import io.contextbus.error.ValidationException;
import io.contextbus.handler.HandlerDecorator;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.opentelemetry.implementation.TracingEventStore;
import io.contextbus.opentelemetry.implementation.TracingHandlerDecorator;
import io.contextbus.opentelemetry.implementation.TracingSendInterceptor;
import io.contextbus.store.EventStore;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * Traces contextbus with OpenTelemetry, so that "where is my event?" has an answer: the trace
 * context current when a commit is appended is stored with the commit ({@code traceparent} and
 * {@code tracestate} headers, W3C Trace Context), the dispatcher's send of the commit is a
 * {@code send <topic>} span continuing that trace and putting its own context on the Service Bus
 * message ({@code traceparent} and {@code Diagnostic-Id}, as the Azure SDK does), and each consumer's
 * apply of the commit is a {@code process <topic>} span under the message's context. A replayed
 * commit, or one drained from the inbox's stash, gets a span that links to the original trace.
 * Needs the OpenTelemetry API only: pass the application's {@link OpenTelemetry}, or use
 * {@link #global()} under the OpenTelemetry Java agent; with neither, everything is a no-op except
 * that a context some other instrumentation made current is still stored and carried.
 *
 * <p>Three plugs, one per place: {@link #traced(EventStore)} for the store the application appends
 * through, {@link #sendInterceptor()} for the publisher's options, {@link #handlerDecorator(String)}
 * for each consumer's handlers. Immutable and thread-safe.
 */
public final class ContextBusTracing {
    /** The instrumentation scope name of contextbus's spans. */
    public static final String INSTRUMENTATION_NAME = "io.contextbus";

    private final Tracer tracer;

    private ContextBusTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Tracing through {@code openTelemetry}'s tracer provider. */
    public static ContextBusTracing create(OpenTelemetry openTelemetry) {
        ValidationException.requireNonNull(openTelemetry, "openTelemetry");
        return new ContextBusTracing(openTelemetry.getTracer(INSTRUMENTATION_NAME));
    }

    /** Tracing through {@link GlobalOpenTelemetry}: the Java agent's, or whatever the application registered. */
    public static ContextBusTracing global() {
        return create(GlobalOpenTelemetry.get());
    }

    /**
     * {@code store}, storing the current trace context with each commit appended through it. Give the
     * result to the code that appends (and to the {@code ContextBus} builder if you like: reads,
     * dispatch and close go to {@code store} unchanged).
     */
    public EventStore traced(EventStore store) {
        return new TracingEventStore(ValidationException.requireNonNull(store, "store"));
    }

    /**
     * {@code attempt} with the current trace context in its headers, for code that appends through a
     * store it cannot wrap; unchanged when it already has a well-formed {@code traceparent} header or
     * when no span is current.
     */
    public static CommitAttempt withTraceContext(CommitAttempt attempt) {
        ValidationException.requireNonNull(attempt, "attempt");
        return TracingEventStore.withTraceContext(attempt, Context.current());
    }

    /**
     * The send spans: set it on the publisher, e.g.
     * {@code PublisherOptions.DEFAULT.withSendInterceptor(tracing.sendInterceptor())}.
     */
    public SendInterceptor sendInterceptor() {
        return new TracingSendInterceptor(tracer);
    }

    /**
     * The apply spans of consumer context {@code consumer} (the subscription's name): register it
     * first with {@code Handlers.builder().decorate(...)} so that its span encloses the others.
     */
    public <T> HandlerDecorator<T> handlerDecorator(String consumer) {
        return new TracingHandlerDecorator<>(tracer, ContextName.of(consumer).value());
    }
}
