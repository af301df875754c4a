package io.contextbus.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import io.contextbus.handler.Handlers;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.servicebus.ConsumerOptions;
import io.contextbus.servicebus.PublisherOptions;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.store.EventStore;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import io.contextbus.testsupport.LocalBus;
import io.contextbus.testsupport.TestContexts;
import io.contextbus.topology.ContextBusTopology;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
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
 * The test: {@code ordering} and {@code shipping} as separate contexts (each its own SQLite
 * store and its own {@link ContextBus}) over the in-JVM local broker, traced into an in-memory
 * exporter. A commit appended while a span is active is applied in shipping under the same trace
 * (request, then send, then process); a replayed commit's span, and a stash-drained one's, link to
 * the original trace instead of continuing it.
 */
class TracePropagationIT {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final ContextName SHIPPING = ContextName.of("shipping");
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final AttributeKey<String> DELIVERY = AttributeKey.stringKey("contextbus.delivery");

    @TempDir
    Path dir;

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private SdkTracerProvider provider;
    private ContextBusTracing tracing;
    private Tracer tracer;
    private LocalBus bus;
    private TestContexts contexts;

    @BeforeEach
    void start() {
        provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
        tracing = ContextBusTracing.create(otel);
        tracer = otel.getTracer("test");
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
    }

    @Test
    void a_commit_appended_under_a_span_is_applied_in_another_context_under_the_same_trace() {
        AppliedLog applied = startShipping();
        startOrdering();
        EventStore ordering = tracing.traced(contexts.store(ORDERING));

        Span request = tracer.spanBuilder("POST /orders").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            ordering.append(attempt("order-1", 1));
        } finally {
            request.end();
        }
        applied.awaitAll(List.of("order-1"), 1, PATIENCE, "order-1 applied in shipping");
        SpanData process = awaitSpan("process ordering.events", "order-1", 1);
        SpanData send = awaitSpan("send ordering.events", "order-1", 1);

        String traceId = request.getSpanContext().getTraceId();
        assertEquals(traceId, send.getTraceId(), "the send continues the appending request's trace");
        assertEquals(request.getSpanContext().getSpanId(), send.getParentSpanId(), "send's parent: the stored context");
        assertEquals(traceId, process.getTraceId(), "shipping applies under the same trace");
        assertEquals(send.getSpanId(), process.getParentSpanId(), "process's parent: the message's (send) context");
        assertEquals(SpanKind.PRODUCER, send.getKind());
        assertEquals(SpanKind.CONSUMER, process.getKind());
        assertEquals("servicebus", process.getAttributes().get(AttributeKey.stringKey("messaging.system")));
        assertEquals("ordering.events", process.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")));
        assertEquals("shipping", process.getAttributes().get(
                AttributeKey.stringKey("messaging.destination.subscription.name")));
        assertEquals("order-1:1", process.getAttributes().get(AttributeKey.stringKey("messaging.message.id")));
        assertEquals("live", process.getAttributes().get(DELIVERY));
        assertEquals("applied", process.getAttributes().get(AttributeKey.stringKey("contextbus.outcome")));
        assertTrue(process.getLinks().isEmpty(), "a first pass continues the trace, it does not link");
    }

    @Test
    void a_replayed_commit_and_a_stash_drained_one_link_to_their_original_traces() {
        AppliedLog applied = startShipping();
        // ordering's dispatcher is not running: its messages are sent by hand, out of order and replayed
        EventStore ordering = tracing.traced(contexts.store(ORDERING));
        Span first = tracer.spanBuilder("POST /orders (1)").startSpan();
        Commit c1 = appendUnder(first, ordering, attempt("order-2", 1));
        Span second = tracer.spanBuilder("POST /orders (2)").startSpan();
        Commit c2 = appendUnder(second, ordering, attempt("order-2", 2));
        Span third = tracer.spanBuilder("POST /orders (3)").startSpan();
        Commit r1 = appendUnder(third, ordering, attempt("order-3", 1));

        CommitMessages messages = new CommitMessages(SessionStrategy.PER_STREAM);
        try (ServiceBusSenderClient sender = new ServiceBusClientBuilder().connectionString(bus.connectionString())
                .sender().topicName(ORDERING.topicName()).buildClient()) {
            sender.sendMessage(messages.live(ORDERING, c2)); // ahead of a gap: stashed
            sender.sendMessage(messages.live(ORDERING, c1)); // fills it: c1 applied, c2 drained from the stash
            sender.sendMessage(messages.replay(ORDERING, r1, SHIPPING, "rp-1"));
        }
        applied.awaitAll(List.of("order-2"), 2, PATIENCE, "order-2 applied in shipping");
        applied.awaitAll(List.of("order-3"), 1, PATIENCE, "order-3 applied in shipping");

        SpanData live = awaitSpan("process ordering.events", "order-2", 1);
        assertEquals(first.getSpanContext().getTraceId(), live.getTraceId(), "the live message continues its trace");
        assertEquals(first.getSpanContext().getSpanId(), live.getParentSpanId());

        SpanData drained = awaitSpan("process ordering.events", "order-2", 2);
        assertEquals("stash", drained.getAttributes().get(DELIVERY));
        assertLinksOnlyTo(second.getSpanContext(), drained);

        SpanData replayed = awaitSpan("process ordering.events", "order-3", 1);
        assertEquals("replay", replayed.getAttributes().get(DELIVERY));
        assertEquals("rp-1", replayed.getAttributes().get(AttributeKey.stringKey("contextbus.replay_id")));
        assertLinksOnlyTo(third.getSpanContext(), replayed);
    }

    private static void assertLinksOnlyTo(SpanContext original, SpanData span) {
        assertNotEquals(original.getTraceId(), span.getTraceId(), "not a child of the original trace");
        List<LinkData> links = span.getLinks();
        assertEquals(1, links.size(), "one link: " + links);
        assertEquals(original.getTraceId(), links.get(0).getSpanContext().getTraceId());
        assertEquals(original.getSpanId(), links.get(0).getSpanContext().getSpanId());
    }

    private Commit appendUnder(Span span, EventStore store, CommitAttempt attempt) {
        try (Scope ignored = span.makeCurrent()) {
            return store.append(attempt);
        } finally {
            span.end();
        }
    }

    private void startOrdering() {
        SqliteEventStore store = contexts.store(ORDERING);
        contexts.track(ContextBus.<Connection>builder().context("ordering").store(store).checkpoints(store.checkpoints())
                .connectionString(bus.connectionString()).topology(bus.topology())
                .publisherOptions(PublisherOptions.DEFAULT.withSendInterceptor(tracing.sendInterceptor()))
                .build()).start();
    }

    private AppliedLog startShipping() {
        SqliteEventStore store = contexts.store(SHIPPING);
        AppliedLog log = new AppliedLog(store);
        Handlers<Connection> handlers = Handlers.<Connection>builder()
                .decorate(tracing.handlerDecorator("shipping"))
                .on("OrderPlaced", log::record).build();
        contexts.track(ContextBus.<Connection>builder().context("shipping").inbox(store.inbox())
                .connectionString(bus.connectionString()).topology(bus.topology())
                .consumerOptions(ConsumerOptions.DEFAULT.withSessionIdleTimeout(Duration.ofSeconds(1)))
                .consume("ordering", handlers).build()).start();
        return log;
    }

    private SpanData awaitSpan(String name, String stream, long sequence) {
        return Await.value(() -> find(name, stream, sequence), PATIENCE,
                "span '" + name + "' of " + stream + ":" + sequence);
    }

    private Optional<SpanData> find(String name, String stream, long sequence) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)
                        && stream.equals(s.getAttributes().get(AttributeKey.stringKey("contextbus.stream_id")))
                        && Long.valueOf(sequence).equals(s.getAttributes().get(AttributeKey.longKey("contextbus.commit_sequence"))))
                .findFirst();
    }

    private static CommitAttempt attempt(String stream, long seq) {
        return new CommitAttempt(StreamId.of(stream), seq, seq, UUID.randomUUID(), Instant.now(),
                Map.of("correlationId", "req-" + stream + "-" + seq),
                List.of(EventMessage.of("OrderPlaced", 1, "{\"seq\":" + seq + "}")));
    }
}
