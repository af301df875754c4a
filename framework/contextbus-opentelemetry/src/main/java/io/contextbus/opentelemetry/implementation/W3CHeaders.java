package io.contextbus.opentelemetry.implementation;

import io.contextbus.model.TraceHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Capture and restore of the W3C trace context in string maps (commit headers, message properties),
 * always in W3C Trace Context form whatever propagators the application configured: the commit's
 * headers and the Service Bus message are a contract, read by other processes and other SDKs. Never
 * throws on what it reads: a missing or malformed {@code traceparent} reads as no context.
 */
public final class W3CHeaders {
    /** The Azure SDK writes both and reads {@code Diagnostic-Id} first; so does this class. */
    static final String DIAGNOSTIC_ID = "Diagnostic-Id";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private W3CHeaders() {
    }

    /** {@code traceparent} (and {@code tracestate} when it has one) of the span in {@code context}; empty when none is valid. */
    public static Map<String, String> capture(Context context) {
        Map<String, String> headers = new HashMap<>(4);
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return headers;
        }
        W3C.inject(context, headers, (carrier, key, value) -> {
            if (carrier != null && key != null && value != null) {
                carrier.put(key, value);
            }
        });
        return headers;
    }

    /** The remote span context stored in commit {@code headers}; invalid when absent or malformed. */
    public static SpanContext fromHeaders(Map<String, String> headers) {
        return read(TraceHeaders.traceparent(headers).orElse(null), headers.get(TraceHeaders.TRACESTATE));
    }

    /**
     * The remote span context a message's {@code properties} carry: the first well-formed of
     * {@code Diagnostic-Id} and {@code traceparent}, as the Azure SDK reads them; invalid when none.
     */
    public static SpanContext fromMessage(Map<String, String> properties) {
        for (String key : List.of(DIAGNOSTIC_ID, TraceHeaders.TRACEPARENT)) {
            String value = properties.get(key);
            if (TraceHeaders.isValidTraceparent(value)) {
                return read(value, properties.get(TraceHeaders.TRACESTATE));
            }
        }
        return SpanContext.getInvalid();
    }

    private static SpanContext read(String traceparent, String tracestate) {
        if (!TraceHeaders.isValidTraceparent(traceparent)) {
            return SpanContext.getInvalid();
        }
        Map<String, String> carrier = new HashMap<>(4);
        carrier.put(TraceHeaders.TRACEPARENT, traceparent);
        if (tracestate != null && !tracestate.isEmpty() && tracestate.length() <= TraceHeaders.MAX_TRACESTATE_LENGTH) {
            carrier.put(TraceHeaders.TRACESTATE, tracestate);
        }
        try {
            return Span.fromContext(W3C.extract(Context.root(), carrier, GETTER)).getSpanContext();
        } catch (RuntimeException e) {
            // A propagator that chokes on odd input must not stop a send or an apply.
            return SpanContext.getInvalid();
        }
    }
}
