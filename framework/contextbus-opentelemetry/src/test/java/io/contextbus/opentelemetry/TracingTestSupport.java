package io.contextbus.opentelemetry;

import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An SDK exporting into memory, and commits with chosen headers, for the unit tests. */
final class TracingTestSupport implements AutoCloseable {
    static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    static final String SPAN_ID = "b7ad6b7169203331";

    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
    final ContextBusTracing tracing = ContextBusTracing.create(otel);

    static CommitAttempt attempt(Map<String, String> headers) {
        return new CommitAttempt(StreamId.of("order-1"), 1, 1, UUID.randomUUID(), Instant.now(), headers,
                List.of(EventMessage.of("OrderPlaced", 1, "{}")));
    }

    static Commit commit(Map<String, String> headers) {
        return attempt(headers).toCommit();
    }

    @Override
    public void close() {
        provider.close();
    }
}
