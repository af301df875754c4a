package io.contextbus.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.serialization.TestEvents.Line;
import io.contextbus.serialization.TestEvents.NotAnnotated;
import io.contextbus.serialization.TestEvents.OrderPlaced;
import io.contextbus.serialization.TestEvents.OrderWithdrawnV2;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private static final String PLACED = "ordering.OrderPlaced";
    private static final Instant AT = Instant.parse("2026-11-22T10:15:30Z");

    private final EventCodec codec = new EventCodec(EventTypeRegistry.builder()
            .register(OrderPlaced.class)
            .register(OrderWithdrawnV2.class)
            // v1 -> v2: "amount" was renamed "total".
            .upcaster(Upcaster.of(PLACED, 1, data -> {
                data.set("total", data.remove("amount"));
                return data;
            }))
            // v2 -> v3: "currency" was added; everything before it was in euros.
            .upcaster(Upcaster.of(PLACED, 2, data -> data.put("currency", "EUR")))
            .upcaster(Upcaster.renaming("ordering.OrderCancelled", 1, "ordering.OrderWithdrawn", data -> {
                data.put("reason", data.path("why").asText("unknown"));
                return data;
            }))
            .build());

    private final OrderPlaced placed = new OrderPlaced("o-1", new BigDecimal("12.50"), "USD", AT,
            List.of(new Line("sku-1", 2), new Line("sku-2", 1)));

    @Nested
    @DisplayName("writing and reading the current version")
    class Current {
        @Test
        @DisplayName("a record is written with its type and current schema version, and read back equal")
        void roundTrip() {
            EventMessage message = codec.encode(placed, Map.of("userId", "u-9"));

            assertEquals(PLACED, message.type());
            assertEquals(3, message.schemaVersion());
            assertEquals(Map.of("userId", "u-9"), message.metadata());
            assertTrue(message.data().contains("\"placedAt\":\"2026-11-22T10:15:30Z\""), message.data());
            assertEquals(placed, codec.decode(message));
            assertEquals(placed, codec.decode(message, OrderPlaced.class));
        }

        @Test
        @DisplayName("a property unknown to this class is ignored, so additive schema changes need no upcaster")
        void unknownPropertyIgnored() {
            EventMessage message = EventMessage.of(PLACED, 3,
                    "{\"orderId\":\"o-1\",\"total\":1,\"currency\":\"EUR\",\"giftWrap\":true,\"lines\":[]}");

            OrderPlaced read = codec.decode(message, OrderPlaced.class);

            assertEquals(new BigDecimal("1"), read.total());
        }

        @Test
        @DisplayName("the events of a commit are decoded in order")
        void decodesCommit() {
            Commit commit = new Commit(StreamId.of("o-1"), 1, 2, UUID.randomUUID(), AT, Map.of(),
                    List.of(codec.encode(placed), codec.encode(new OrderWithdrawnV2("o-1", "late"))));

            assertEquals(List.of(placed, new OrderWithdrawnV2("o-1", "late")), codec.decodeEvents(commit));
        }

        @Test
        @DisplayName("decoding is safe from many threads at once")
        void concurrentDecode() {
            EventMessage v1 = EventMessage.of(PLACED, 1, "{\"orderId\":\"o-1\",\"amount\":3,\"lines\":[]}");

            List<Object> read = IntStream.range(0, 2_000).parallel().mapToObj(i -> codec.decode(v1)).toList();

            assertTrue(read.stream().allMatch(e -> ((OrderPlaced) e).total().equals(new BigDecimal("3"))));
        }
    }

    @Nested
    @DisplayName("upcasting")
    class Upcasting {
        @Test
        @DisplayName("an event stored under schema v1 is read as the current v3")
        void v1ReadAsCurrent() {
            EventMessage v1 = EventMessage.of(PLACED, 1,
                    "{\"orderId\":\"o-1\",\"amount\":12.50,\"placedAt\":\"2026-11-22T10:15:30Z\","
                            + "\"lines\":[{\"sku\":\"sku-1\",\"quantity\":2}]}");

            OrderPlaced read = codec.decode(v1, OrderPlaced.class);

            assertEquals(new OrderPlaced("o-1", new BigDecimal("12.50"), "EUR", AT, List.of(new Line("sku-1", 2))), read);
        }

        @Test
        @DisplayName("an event stored under schema v2 runs only the v2 -> v3 upcaster")
        void v2ReadAsCurrent() {
            EventMessage v2 = EventMessage.of(PLACED, 2, "{\"orderId\":\"o-2\",\"total\":5,\"lines\":[]}");

            OrderPlaced read = codec.decode(v2, OrderPlaced.class);

            assertEquals("EUR", read.currency());
            assertEquals(new BigDecimal("5"), read.total());
        }

        @Test
        @DisplayName("an event stored under an old type name is read as the renamed type")
        void renamedType() {
            EventMessage old = EventMessage.of("ordering.OrderCancelled", 1, "{\"orderId\":\"o-3\",\"why\":\"fraud\"}");

            assertEquals(new OrderWithdrawnV2("o-3", "fraud"), codec.decode(old));
        }

        @Test
        @DisplayName("data that is not a JSON object cannot be upcast, and the error says so")
        void nonObjectData() {
            EventDeserializationException e = assertThrows(EventDeserializationException.class,
                    () -> codec.decode(EventMessage.of(PLACED, 1, "[1,2]")));

            assertEquals("data", e.field());
            assertEquals(PLACED, e.type());
            assertEquals(1, e.schemaVersion());
        }

        @Test
        @DisplayName("an upcaster that throws is reported with the step that failed")
        void failingUpcaster() {
            EventCodec failing = new EventCodec(EventTypeRegistry.builder()
                    .register(OrderWithdrawnV2.class)
                    .upcaster(Upcaster.of("ordering.OrderWithdrawn", 1, (ObjectNode data) -> {
                        throw new IllegalStateException("boom");
                    }))
                    .build());

            EventDeserializationException e = assertThrows(EventDeserializationException.class,
                    () -> failing.decode(EventMessage.of("ordering.OrderWithdrawn", 1, "{}")));

            assertTrue(e.getMessage().contains("v1") && e.getMessage().contains("boom"), e.getMessage());
        }
    }

    @Nested
    @DisplayName("errors")
    class Errors {
        @Test
        @DisplayName("an unknown type fails with UnknownEventTypeException naming it, never transient")
        void unknownType() {
            UnknownEventTypeException e = assertThrows(UnknownEventTypeException.class,
                    () -> codec.decode(EventMessage.of("billing.InvoiceSent", 1, "{}")));

            assertEquals("billing.InvoiceSent", e.type());
            assertEquals(1, e.schemaVersion());
            assertTrue(e.getMessage().contains("billing.InvoiceSent"));
            assertTrue(!e.isTransient());
        }

        @Test
        @DisplayName("a version newer than this service knows is an unknown event type too")
        void newerVersion() {
            UnknownEventTypeException e = assertThrows(UnknownEventTypeException.class,
                    () -> codec.decode(EventMessage.of(PLACED, 4, "{}")));

            assertEquals(4, e.schemaVersion());
            assertTrue(e.getMessage().contains("v3"), e.getMessage());
        }

        @Test
        @DisplayName("a value of the wrong kind is named by its JSON path")
        void wrongKindNamesPath() {
            EventDeserializationException e = assertThrows(EventDeserializationException.class, () -> codec.decode(
                    EventMessage.of(PLACED, 3, "{\"orderId\":\"o\",\"total\":1,\"lines\":[{\"sku\":\"a\",\"quantity\":1},"
                            + "{\"sku\":\"b\",\"quantity\":\"many\"}]}")));

            assertEquals("lines[1].quantity", e.field());
            assertEquals(PLACED, e.type());
        }

        @Test
        @DisplayName("a value the class rejects is named by the class's own validation")
        void rejectedByRecord() {
            EventDeserializationException e = assertThrows(EventDeserializationException.class, () -> codec.decode(
                    EventMessage.of(PLACED, 3, "{\"orderId\":\"o\",\"total\":1,\"lines\":[{\"sku\":\"a\",\"quantity\":-1}]}")));

            assertTrue(e.field().endsWith("quantity"), e.field());
            assertTrue(e.getMessage().contains("must be positive"), e.getMessage());
        }

        @Test
        @DisplayName("data that is JSON null names 'data' instead of returning null")
        void nullData() {
            EventDeserializationException e = assertThrows(EventDeserializationException.class,
                    () -> codec.decode(EventMessage.of(PLACED, 3, "null")));

            assertEquals("data", e.field());
        }

        @Test
        @DisplayName("data that is not JSON names 'data'")
        void notJson() {
            EventDeserializationException e = assertThrows(EventDeserializationException.class,
                    () -> codec.decode(EventMessage.of(PLACED, 3, "{not json")));

            assertEquals("data", e.field());
        }

        @Test
        @DisplayName("writing an unregistered class fails naming 'event'")
        void unregisteredClass() {
            ValidationException e = assertThrows(ValidationException.class, () -> codec.encode(new NotAnnotated("x")));

            assertEquals("event", e.field());
            assertTrue(e.getMessage().contains("NotAnnotated"));
        }

        @Test
        @DisplayName("reading as the wrong class fails naming 'type'")
        void wrongExpectedClass() {
            EventMessage message = codec.encode(placed);

            EventDeserializationException e = assertThrows(EventDeserializationException.class,
                    () -> codec.decode(message, OrderWithdrawnV2.class));

            assertEquals("type", e.field());
            assertInstanceOf(ValidationException.class, e);
        }
    }
}
