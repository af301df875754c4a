package io.contextbus.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.handler.Handlers;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.ConsumerOptions;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.servicebus.PublisherOptions;
import io.contextbus.store.EventStore;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import io.contextbus.testsupport.LocalBus;
import io.contextbus.testsupport.TestContexts;
import io.contextbus.topology.ContextBusTopology;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the Azure SDK's own OpenTelemetry tracing switched on (azure-core-tracing-opentelemetry on the
 * class path, the global OpenTelemetry set, as under the Java agent), the SDK and contextbus do not
 * fight over a message's context: the SDK makes no message span of its own for a message that
 * already carries contextbus's send span as {@code traceparent}/{@code Diagnostic-Id}, its send span
 * links to ours, and shipping's process span is still the child of ours (the SDK's own process span,
 * around its callback, is a sibling: the handlers run on the store's transaction thread).
 */
class SdkTracingCoexistenceIT {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final ContextName SHIPPING = ContextName.of("shipping");
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final AttributeKey<String> STREAM = AttributeKey.stringKey("contextbus.stream_id");

    @TempDir
    Path dir;

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private SdkTracerProvider provider;
    private ContextBusTracing tracing;
    private LocalBus bus;
    private TestContexts contexts;

    @BeforeEach
    void start() {
        GlobalOpenTelemetry.resetForTest();
        provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
        GlobalOpenTelemetry.set(otel);
        tracing = ContextBusTracing.global();
        bus = LocalBus.start(ContextBusTopology.builder().duplicateDetectionWindow(Duration.ofMinutes(10))
                .lockDuration(Duration.ofSeconds(10)).context("ordering")
                .context("shipping", ContextBusTopology.consumes("ordering")).build());
        contexts = new TestContexts(LocalBus.storeOptions(dir));
    }

    @AfterEach
    void stop() {
        contexts.close();
        bus.close();
        provider.close();
        GlobalOpenTelemetry.resetForTest();
    }

    @Test
    void the_sdk_keeps_our_context_on_the_message_and_links_its_send_span_to_ours() {
        SqliteEventStore shippingStore = contexts.store(SHIPPING);
        AppliedLog applied = new AppliedLog(shippingStore);
        contexts.track(ContextBus.<Connection>builder().context("shipping").inbox(shippingStore.inbox())
                .connectionString(bus.connectionString()).topology(bus.topology())
                .consumerOptions(ConsumerOptions.DEFAULT.withSessionIdleTimeout(Duration.ofSeconds(1)))
                .consume("ordering", Handlers.<Connection>builder().decorate(tracing.handlerDecorator("shipping"))
                        .on("OrderPlaced", applied::record).build()).build()).start();
        SqliteEventStore orderingStore = contexts.store(ORDERING);
        contexts.track(ContextBus.<Connection>builder().context("ordering").store(orderingStore)
                .checkpoints(orderingStore.checkpoints()).connectionString(bus.connectionString())
                .topology(bus.topology())
                .publisherOptions(PublisherOptions.DEFAULT.withSendInterceptor(tracing.sendInterceptor()))
                .build()).start();
        EventStore ordering = tracing.traced(orderingStore);

        Span request = GlobalOpenTelemetry.getTracer("test").spanBuilder("POST /orders").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            ordering.append(new CommitAttempt(StreamId.of("order-9"), 1, 1, UUID.randomUUID(), Instant.now(), Map.of(),
                    List.of(EventMessage.of("OrderPlaced", 1, "{}"))));
        } finally {
            request.end();
        }
        applied.awaitAll(List.of("order-9"), 1, PATIENCE, "order-9 applied in shipping");
        SpanData send = await("send ordering.events");
        SpanData process = await("process ordering.events");
        SpanData sdkSend = Await.value(() -> spans.getFinishedSpanItems().stream()
                        .filter(s -> !s.getInstrumentationScopeInfo().getName().equals(ContextBusTracing.INSTRUMENTATION_NAME))
                        .filter(s -> s.getLinks().stream().anyMatch(l -> l.getSpanContext().getSpanId().equals(send.getSpanId())))
                        .findFirst(), PATIENCE, "an Azure SDK span linking to contextbus's send span");

        assertEquals(send.getSpanId(), process.getParentSpanId(), "shipping continues our send span, not an SDK span");
        assertEquals(request.getSpanContext().getTraceId(), process.getTraceId());
        assertTrue(sdkSend.getInstrumentationScopeInfo().getName().toLowerCase().contains("servicebus"),
                "the SDK's tracing is on: " + sdkSend.getInstrumentationScopeInfo());
        List<SpanData> sdkMessageSpans = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("ServiceBus.message")).toList();
        assertTrue(sdkMessageSpans.isEmpty(), "no SDK message span replaced our context: " + sdkMessageSpans);
        // the SDK's own process span (around its callback) reads the same message context: a sibling of ours
        SpanData sdkProcess = Await.value(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getInstrumentationScopeInfo().getName().equals(sdkSend.getInstrumentationScopeInfo().getName()))
                .filter(s -> s.getKind() == SpanKind.CONSUMER).findFirst(), PATIENCE, "the SDK's process span");
        assertEquals(send.getSpanId(), sdkProcess.getParentSpanId());
    }

    private SpanData await(String name) {
        return Await.value(() -> find(name), PATIENCE, "span '" + name + "' of order-9");
    }

    private Optional<SpanData> find(String name) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name) && "order-9".equals(s.getAttributes().get(STREAM))).findFirst();
    }
}
