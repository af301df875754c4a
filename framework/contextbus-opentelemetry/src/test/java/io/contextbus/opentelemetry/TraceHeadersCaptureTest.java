package io.contextbus.opentelemetry;

import static io.contextbus.opentelemetry.TracingTestSupport.TRACEPARENT;
import static io.contextbus.opentelemetry.TracingTestSupport.attempt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.contextbus.model.CommitAttempt;
import io.contextbus.opentelemetry.implementation.W3CHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Capture of the current trace context into commit headers at append, and its restore from headers and messages. */
class TraceHeadersCaptureTest {
    private final TracingTestSupport otel = new TracingTestSupport();

    @AfterEach
    void close() {
        otel.close();
    }

    @Nested
    @DisplayName("at append")
    class Capture {
        @Test
        void the_current_span_is_stored_as_traceparent() {
            Span span = otel.otel.getTracer("t").spanBuilder("request").startSpan();
            CommitAttempt traced;
            try (Scope ignored = span.makeCurrent()) {
                traced = ContextBusTracing.withTraceContext(attempt(Map.of("correlationId", "c-1")));
            } finally {
                span.end();
            }
            SpanContext sc = span.getSpanContext();
            assertEquals("00-" + sc.getTraceId() + "-" + sc.getSpanId() + "-" + sc.getTraceFlags().asHex(),
                    traced.headers().get("traceparent"));
            assertEquals("c-1", traced.headers().get("correlationId"), "other headers are kept");
        }

        @Test
        void the_tracestate_is_stored_beside_it() {
            SpanContext remote = SpanContext.createFromRemoteParent(TracingTestSupport.TRACE_ID,
                    TracingTestSupport.SPAN_ID, TraceFlags.getSampled(), TraceState.builder().put("vendor", "x1").build());
            try (Scope ignored = Context.root().with(Span.wrap(remote)).makeCurrent()) {
                CommitAttempt traced = ContextBusTracing.withTraceContext(attempt(Map.of()));
                assertEquals(TRACEPARENT, traced.headers().get("traceparent"));
                assertEquals("vendor=x1", traced.headers().get("tracestate"));
            }
        }

        @Test
        void without_a_current_span_the_attempt_is_unchanged() {
            CommitAttempt a = attempt(Map.of("correlationId", "c-1"));
            assertSame(a, ContextBusTracing.withTraceContext(a));
        }

        @Test
        void a_well_formed_traceparent_the_caller_set_wins() {
            Span span = otel.otel.getTracer("t").spanBuilder("request").startSpan();
            try (Scope ignored = span.makeCurrent()) {
                CommitAttempt a = attempt(Map.of("traceparent", TRACEPARENT));
                assertSame(a, ContextBusTracing.withTraceContext(a));
            } finally {
                span.end();
            }
        }

        @Test
        void a_malformed_traceparent_is_replaced_by_the_current_span() {
            Span span = otel.otel.getTracer("t").spanBuilder("request").startSpan();
            try (Scope ignored = span.makeCurrent()) {
                CommitAttempt traced = ContextBusTracing.withTraceContext(
                        attempt(Map.of("traceparent", "garbage", "tracestate", "stale=1")));
                assertEquals(span.getSpanContext().getTraceId(), traced.headers().get("traceparent").substring(3, 35));
                assertFalse(traced.headers().containsKey("tracestate"), "a tracestate not of this span is dropped");
            } finally {
                span.end();
            }
        }
    }

    @Nested
    @DisplayName("restore")
    class Restore {
        @Test
        void a_stored_traceparent_reads_back_as_a_remote_parent() {
            SpanContext sc = W3CHeaders.fromHeaders(Map.of("traceparent", TRACEPARENT, "tracestate", "vendor=x1"));
            assertEquals(TracingTestSupport.TRACE_ID, sc.getTraceId());
            assertEquals(TracingTestSupport.SPAN_ID, sc.getSpanId());
            assertEquals("x1", sc.getTraceState().get("vendor"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "garbage", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331",
                "00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01",
                "00-00000000000000000000000000000000-b7ad6b7169203331-01",
                "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
                "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra",
                "00_0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331_01",
                "00-0af7651916cd43dd8448eb211c80319g-b7ad6b7169203331-01"})
        void a_malformed_traceparent_reads_as_no_context(String bad) {
            assertFalse(W3CHeaders.fromHeaders(Map.of("traceparent", bad)).isValid());
            assertFalse(W3CHeaders.fromMessage(Map.of("traceparent", bad, "Diagnostic-Id", bad)).isValid());
        }

        @Test
        void a_missing_traceparent_reads_as_no_context() {
            assertFalse(W3CHeaders.fromHeaders(Map.of()).isValid());
            assertFalse(W3CHeaders.fromMessage(Map.of("tracestate", "vendor=x1")).isValid());
        }

        @Test
        void a_message_is_read_as_the_azure_sdk_reads_it_diagnostic_id_first() {
            String other = "00-11111111111111111111111111111111-2222222222222222-01";
            assertEquals("11111111111111111111111111111111",
                    W3CHeaders.fromMessage(Map.of("Diagnostic-Id", other, "traceparent", TRACEPARENT)).getTraceId());
        }

        @Test
        void a_legacy_diagnostic_id_falls_back_to_traceparent() {
            SpanContext sc = W3CHeaders.fromMessage(Map.of("Diagnostic-Id", "|4bf92f3577b34da6.1.", "traceparent", TRACEPARENT));
            assertEquals(TracingTestSupport.TRACE_ID, sc.getTraceId());
        }

        @Test
        void a_later_version_with_more_fields_is_read_by_its_first_four() {
            SpanContext sc = W3CHeaders.fromHeaders(Map.of("traceparent",
                    "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-what-comes-next"));
            assertEquals(TracingTestSupport.TRACE_ID, sc.getTraceId());
        }
    }
}
