package io.contextbus.serialization;

import io.contextbus.model.EventMessage;
import io.contextbus.serialization.TestEvents.Line;
import io.contextbus.serialization.TestEvents.OrderPlaced;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * BENCHMARK (prints figures, asserts nothing): single-thread encode, decode of the current
 * version, and decode of a v1 event through two upcasters. Run:
 * {@code mvn -B -q -pl framework/contextbus-core test-compile exec:java
 * -Dexec.mainClass=io.contextbus.serialization.CodecBenchmark -Dexec.classpathScope=test}
 */
public final class CodecBenchmark {
    private static final int OPS = 500_000;

    private CodecBenchmark() {
    }

    public static void main(String[] args) {
        String placed = "ordering.OrderPlaced";
        EventCodec codec = new EventCodec(EventTypeRegistry.builder()
                .register(OrderPlaced.class)
                .upcaster(Upcaster.of(placed, 1, d -> {
                    d.set("total", d.remove("amount"));
                    return d;
                }))
                .upcaster(Upcaster.of(placed, 2, d -> d.put("currency", "EUR")))
                .build());
        OrderPlaced event = new OrderPlaced("o-1", new BigDecimal("12.50"), "USD", Instant.parse("2026-11-22T10:15:30Z"),
                List.of(new Line("sku-1", 2), new Line("sku-2", 1)));
        EventMessage current = codec.encode(event);
        EventMessage v1 = EventMessage.of(placed, 1, "{\"orderId\":\"o-1\",\"amount\":12.50,"
                + "\"placedAt\":\"2026-11-22T10:15:30Z\",\"lines\":[{\"sku\":\"sku-1\",\"quantity\":2},{\"sku\":\"sku-2\",\"quantity\":1}]}");
        for (int round = 0; round < 2; round++) {  // the first round warms up
            measure("encode", () -> codec.encode(event));
            measure("decode-current", () -> codec.decode(current));
            measure("decode-v1-upcast", () -> codec.decode(v1));
        }
    }

    private static void measure(String what, Supplier<Object> op) {
        long start = System.nanoTime();
        int sink = 0;
        for (int i = 0; i < OPS; i++) {
            sink += op.get().hashCode();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s ops=%d seconds=%.2f opsPerSecond=%.0f microsPerOp=%.2f (sink %d)%n",
                what, OPS, seconds, OPS / seconds, seconds * 1e6 / OPS, sink);
    }
}
