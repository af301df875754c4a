package io.contextbus.servicebus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.ValidationException;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.inbox.StreamHold;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.serialization.EventCodec;
import io.contextbus.serialization.EventTypeRegistry;
import io.contextbus.serialization.Upcaster;
import io.contextbus.servicebus.implementation.CommitConsumer;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.servicebus.implementation.Disposition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TypedHandlersTest {
    record OrderPlaced(String orderId, int quantity) {
    }

    record OrderCancelled(String orderId) {
    }

    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final EventCodec CODEC = new EventCodec(EventTypeRegistry.builder()
            .register("ordering.OrderPlaced", 2, OrderPlaced.class)
            .register("ordering.OrderCancelled", 1, OrderCancelled.class)
            // v1 called the quantity "qty".
            .upcaster(Upcaster.of("ordering.OrderPlaced", 1, data -> {
                data.set("quantity", data.remove("qty"));
                return data;
            }))
            .build());

    private final MemoryInbox inbox = new MemoryInbox();
    private final List<Object> received = new ArrayList<>();
    private final CommitMessages messages = new CommitMessages(SessionStrategy.perStream());

    private CommitConsumer<List<String>> consumer(Handlers<List<String>> handlers) {
        return new CommitConsumer<>(ContextName.of("shipping"), ORDERING, inbox, handlers, gap -> { });
    }

    private Disposition deliver(CommitConsumer<List<String>> c, EventMessage... events) {
        Commit commit = new Commit(StreamId.of("order-1"), 1, events.length, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(events));
        return c.processAsync(Inbound.of(messages.live(ORDERING, commit)), Runnable::run).join();
    }

    private Handlers<List<String>> placedOnly() {
        return Handlers.<List<String>>builder(CODEC).on(OrderPlaced.class, (e, ctx) -> {
            received.add(e);
            return HandlerResult.HANDLED;
        }).build();
    }

    @Test
    void a_handler_receives_the_current_class_with_upcasters_applied() {
        Disposition d = deliver(consumer(placedOnly()),
                EventMessage.of("ordering.OrderPlaced", 1, "{\"orderId\":\"o-1\",\"qty\":3}"),
                EventMessage.of("ordering.OrderPlaced", 2, "{\"orderId\":\"o-2\",\"quantity\":4}"));

        assertEquals(new Disposition.Complete("applied 1"), d);
        assertEquals(List.of(new OrderPlaced("o-1", 3), new OrderPlaced("o-2", 4)), received);
    }

    @Test
    void a_registered_type_without_a_handler_is_skipped() {
        Disposition d = deliver(consumer(placedOnly()), EventMessage.of("ordering.OrderCancelled", 1, "{\"orderId\":\"o-1\"}"));

        assertEquals(new Disposition.Complete("applied 1"), d);
        assertTrue(received.isEmpty());
    }

    /** The stream's hold after a commit this consumer cannot take: it parks, and the message is completed. */
    private StreamHold parked(Disposition d) {
        assertEquals(new Disposition.Complete("parked at 1"), d);
        return inbox.hold(ORDERING, StreamId.of("order-1")).orElseThrow();
    }

    @Test
    void a_type_the_registry_does_not_know_parks_the_stream() {
        StreamHold hold = parked(deliver(consumer(placedOnly()), EventMessage.of("ordering.OrderTeleported", 1, "{}")));
        assertTrue(hold.reason().contains("'ordering.OrderTeleported'"), hold.reason());
    }

    @Test
    void a_newer_schema_version_than_the_class_is_unknown() {
        StreamHold hold = parked(deliver(consumer(placedOnly()),
                EventMessage.of("ordering.OrderPlaced", 3, "{\"orderId\":\"o-1\",\"quantity\":1}")));
        assertTrue(hold.reason().contains("v3"), hold.reason());
    }

    @Test
    void data_that_does_not_fit_the_class_parks_the_stream_naming_the_field() {
        StreamHold hold = parked(deliver(consumer(placedOnly()),
                EventMessage.of("ordering.OrderPlaced", 2, "{\"orderId\":\"o-1\",\"quantity\":\"many\"}")));
        assertTrue(hold.reason().contains("quantity"), hold.reason());
        assertTrue(received.isEmpty());
    }

    @Test
    void a_class_outside_the_registry_or_without_a_codec_is_refused_at_build_time() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> Handlers.<List<String>>builder(CODEC).on(String.class, (s, c) -> HandlerResult.HANDLED));
        assertEquals("eventClass", e.field());
        assertEquals("eventClass", assertThrows(ValidationException.class,
                () -> Handlers.<List<String>>builder().on(OrderPlaced.class, (s, c) -> HandlerResult.HANDLED)).field());
    }
}
