package io.contextbus.opentelemetry;

import static io.contextbus.opentelemetry.TracingTestSupport.SPAN_ID;
import static io.contextbus.opentelemetry.TracingTestSupport.TRACEPARENT;
import static io.contextbus.opentelemetry.TracingTestSupport.TRACE_ID;
import static io.contextbus.opentelemetry.TracingTestSupport.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.handler.Delivery;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The apply span around a commit's handlers, through {@link Handlers} as a consumer runs them. */
class ApplySpanTest {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final String SEND_PARENT = "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01";

    private final TracingTestSupport otel = new TracingTestSupport();
    private final AtomicReference<Span> currentInHandler = new AtomicReference<>();

    @AfterEach
    void close() {
        otel.close();
    }

    private Handlers<Object> handlers(HandlerResult result) {
        return Handlers.builder().decorate(otel.tracing.handlerDecorator("shipping"))
                .on("OrderPlaced", (e, ctx) -> {
                    currentInHandler.set(Span.current());
                    return result;
                }).build();
    }

    private SpanData apply(Commit commit, Delivery delivery, HandlerResult result, ApplyOutcome expected) {
        ApplyOutcome outcome = handlers(result).apply(ORDERING, commit, null, delivery);
        assertEquals(expected.getClass(), outcome.getClass(), "the decorator leaves the outcome alone");
        List<SpanData> finished = otel.spans.getFinishedSpanItems();
        assertEquals(1, finished.size(), "one span per applied commit: " + finished);
        return finished.get(0);
    }

    @Test
    void a_live_message_continues_the_message_s_trace_and_is_current_in_the_handlers() {
        Delivery live = Delivery.message(Delivery.Kind.LIVE, "order-1:1", Map.of("traceparent", SEND_PARENT,
                "Diagnostic-Id", SEND_PARENT));
        SpanData span = apply(commit(Map.of("traceparent", TRACEPARENT)), live, HandlerResult.HANDLED, ApplyOutcome.APPLIED);
        assertEquals(TRACE_ID, span.getTraceId());
        assertEquals("00f067aa0ba902b7", span.getParentSpanId(), "the message's context, not the stored one");
        assertTrue(span.getLinks().isEmpty());
        assertEquals("process ordering.events", span.getName());
        assertEquals("order-1:1", span.getAttributes().get(AttributeKey.stringKey("messaging.message.id")));
        assertEquals(span.getSpanId(), currentInHandler.get().getSpanContext().getSpanId(),
                "handlers run inside the span, so theirs nest under it");
    }

    @Test
    void a_live_message_without_a_context_continues_the_stored_one() {
        Delivery live = Delivery.message(Delivery.Kind.LIVE, "order-1:1", Map.of());
        SpanData span = apply(commit(Map.of("traceparent", TRACEPARENT)), live, HandlerResult.HANDLED, ApplyOutcome.APPLIED);
        assertEquals(TRACE_ID, span.getTraceId());
        assertEquals(SPAN_ID, span.getParentSpanId());
    }

    @Test
    void malformed_contexts_everywhere_still_apply_under_a_new_trace() {
        Delivery live = Delivery.message(Delivery.Kind.LIVE, "order-1:1", Map.of("traceparent", "00-zz",
                "Diagnostic-Id", "|legacy.1."));
        SpanData span = apply(commit(Map.of("traceparent", "not-a-traceparent", "tracestate", "=,=")), live,
                HandlerResult.HANDLED, ApplyOutcome.APPLIED);
        assertFalse(span.getParentSpanContext().isValid(), "a root span");
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
        assertEquals("applied", span.getAttributes().get(AttributeKey.stringKey("contextbus.outcome")));
    }

    @Test
    void a_replay_links_to_the_stored_context_instead_of_continuing_it() {
        Delivery replay = Delivery.message(Delivery.Kind.REPLAY, "order-1:1:r:rp-7", Map.of("cb_replay_id", "rp-7",
                "cb_replay_target", "shipping"));
        SpanData span = apply(commit(Map.of("traceparent", TRACEPARENT)), replay, HandlerResult.HANDLED,
                ApplyOutcome.APPLIED);
        assertNotEquals(TRACE_ID, span.getTraceId());
        assertEquals(1, span.getLinks().size());
        assertEquals(SPAN_ID, span.getLinks().get(0).getSpanContext().getSpanId());
        assertEquals("replay", span.getAttributes().get(AttributeKey.stringKey("contextbus.delivery")));
        assertEquals("rp-7", span.getAttributes().get(AttributeKey.stringKey("contextbus.replay_id")));
    }

    @Test
    void a_replay_message_with_its_own_context_is_its_child_and_links_to_the_original() {
        String replayService = "00-11111111111111111111111111111111-2222222222222222-01";
        Delivery replay = Delivery.message(Delivery.Kind.REPLAY, "order-1:1:r:rp-7",
                Map.of("cb_replay_id", "rp-7", "Diagnostic-Id", replayService, "traceparent", replayService));
        SpanData span = apply(commit(Map.of("traceparent", TRACEPARENT)), replay, HandlerResult.HANDLED,
                ApplyOutcome.APPLIED);
        assertEquals("11111111111111111111111111111111", span.getTraceId());
        assertEquals("2222222222222222", span.getParentSpanId());
        assertEquals(TRACE_ID, span.getLinks().get(0).getSpanContext().getTraceId());
    }

    @Test
    void a_stash_drain_links_to_the_stored_context() {
        SpanData span = apply(commit(Map.of("traceparent", TRACEPARENT)), Delivery.STASH, HandlerResult.HANDLED,
                ApplyOutcome.APPLIED);
        assertNotEquals(TRACE_ID, span.getTraceId());
        assertEquals(SPAN_ID, span.getLinks().get(0).getSpanContext().getSpanId());
        assertEquals("stash", span.getAttributes().get(AttributeKey.stringKey("contextbus.delivery")));
    }

    @Test
    void a_stash_drain_without_a_stored_context_has_no_link() {
        SpanData span = apply(commit(Map.of()), Delivery.STASH, HandlerResult.HANDLED, ApplyOutcome.APPLIED);
        assertTrue(span.getLinks().isEmpty());
    }

    @Test
    void a_failing_handler_marks_the_span_as_an_error_and_the_outcome_is_unchanged() {
        RuntimeException boom = new IllegalStateException("boom");
        Handlers<Object> h = Handlers.builder().decorate(otel.tracing.handlerDecorator("shipping"))
                .on("OrderPlaced", (e, ctx) -> {
                    throw boom;
                }).build();
        ApplyOutcome outcome = h.apply(ORDERING, commit(Map.of()), null, Delivery.DIRECT);
        assertSame(boom, ((ApplyOutcome.Failed) outcome).cause());
        SpanData span = otel.spans.getFinishedSpanItems().get(0);
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals("failed", span.getAttributes().get(AttributeKey.stringKey("contextbus.outcome")));
        assertEquals("java.lang.IllegalStateException", span.getAttributes().get(AttributeKey.stringKey("error.type")));
    }

    @Test
    void a_retry_and_a_reject_are_recorded_on_the_span() {
        SpanData retry = apply(commit(Map.of()), Delivery.DIRECT, HandlerResult.retry("not yet"),
                ApplyOutcome.retry("x"));
        assertEquals("retry", retry.getAttributes().get(AttributeKey.stringKey("contextbus.outcome")));
        otel.spans.reset();
        SpanData reject = apply(commit(Map.of()), Delivery.DIRECT, HandlerResult.reject("no such order"),
                ApplyOutcome.reject(ApplyOutcome.Refusal.REJECTED, "x"));
        assertEquals("reject", reject.getAttributes().get(AttributeKey.stringKey("contextbus.outcome")));
        assertEquals(StatusCode.ERROR, reject.getStatus().getStatusCode());
    }
}
