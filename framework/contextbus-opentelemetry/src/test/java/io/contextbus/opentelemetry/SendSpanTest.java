package io.contextbus.opentelemetry;

import static io.contextbus.opentelemetry.TracingTestSupport.SPAN_ID;
import static io.contextbus.opentelemetry.TracingTestSupport.TRACEPARENT;
import static io.contextbus.opentelemetry.TracingTestSupport.TRACE_ID;
import static io.contextbus.opentelemetry.TracingTestSupport.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.dispatch.SendInterceptor;
import io.contextbus.model.ContextName;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The send span per commit, and the context it gives the message. */
class SendSpanTest {
    private static final ContextName ORDERING = ContextName.of("ordering");

    private final TracingTestSupport otel = new TracingTestSupport();

    @AfterEach
    void close() {
        otel.close();
    }

    @Test
    void the_send_continues_the_stored_context_and_the_message_carries_the_send_span() {
        SendInterceptor.Send send = otel.tracing.sendInterceptor().beforeSend(ORDERING,
                commit(Map.of("traceparent", TRACEPARENT, "correlationId", "req-1")), "ordering.events", "order-1:1");
        assertTrue(otel.spans.getFinishedSpanItems().isEmpty(), "the span lasts until the bus answers");
        send.sent();

        SpanData span = otel.spans.getFinishedSpanItems().get(0);
        assertEquals("send ordering.events", span.getName());
        assertEquals(SpanKind.PRODUCER, span.getKind());
        assertEquals(TRACE_ID, span.getTraceId());
        assertEquals(SPAN_ID, span.getParentSpanId());
        assertEquals("00-" + TRACE_ID + "-" + span.getSpanId() + "-01", send.properties().get("traceparent"));
        assertEquals("servicebus", span.getAttributes().get(AttributeKey.stringKey("messaging.system")));
        assertEquals("send", span.getAttributes().get(AttributeKey.stringKey("messaging.operation.type")));
        assertEquals("ordering.events", span.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")));
        assertEquals("order-1:1", span.getAttributes().get(AttributeKey.stringKey("messaging.message.id")));
        assertEquals("req-1", span.getAttributes().get(AttributeKey.stringKey("messaging.message.conversation_id")));
    }

    @Test
    void a_commit_without_a_stored_context_starts_a_trace_at_its_send() {
        SendInterceptor.Send send = otel.tracing.sendInterceptor().beforeSend(ORDERING, commit(Map.of()),
                "ordering.events", "order-1:1");
        send.sent();
        SpanData span = otel.spans.getFinishedSpanItems().get(0);
        assertFalse(span.getParentSpanContext().isValid());
        assertEquals(span.getTraceId(), send.properties().get("traceparent").substring(3, 35));
    }

    @Test
    void a_malformed_stored_context_is_ignored() {
        SendInterceptor.Send send = otel.tracing.sendInterceptor().beforeSend(ORDERING,
                commit(Map.of("traceparent", "00-" + TRACE_ID + "-nothex!!nothex!!-01")), "ordering.events", "order-1:1");
        send.sent();
        SpanData span = otel.spans.getFinishedSpanItems().get(0);
        assertFalse(span.getParentSpanContext().isValid());
    }

    @Test
    void a_failed_send_ends_its_span_as_an_error() {
        SendInterceptor.Send send = otel.tracing.sendInterceptor().beforeSend(ORDERING, commit(Map.of()),
                "ordering.events", "order-1:1");
        send.failed(new IllegalStateException("bus down"));
        SpanData span = otel.spans.getFinishedSpanItems().get(0);
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals("java.lang.IllegalStateException", span.getAttributes().get(AttributeKey.stringKey("error.type")));
    }

    @Test
    void with_the_api_alone_the_stored_context_stays_on_the_message() {
        SendInterceptor.Send send = ContextBusTracing.create(OpenTelemetry.noop()).sendInterceptor().beforeSend(ORDERING,
                commit(Map.of("traceparent", TRACEPARENT)), "ordering.events", "order-1:1");
        send.sent();
        assertEquals(TRACEPARENT, send.properties().get("traceparent"), "the no-op span propagates its parent");
    }
}
