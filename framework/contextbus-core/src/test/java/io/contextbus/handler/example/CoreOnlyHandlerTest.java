package io.contextbus.handler.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.handler.EventContext;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.handler.UnhandledEventException;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.serialization.EventCodec;
import io.contextbus.serialization.EventTypeRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Handler code written as an application writes it, outside contextbus's packages, with only core on
 * the classpath (core's test classpath has no Service Bus module and no Azure SDK): if this compiles,
 * a handler compiles against core alone. Then it runs the handlers as a consumer adapter does.
 */
class CoreOnlyHandlerTest {
    record OrderPlaced(String orderId, int quantity) {
    }

    /** A read model's handlers; the transaction handle is a plain list here (a Connection with SQLite). */
    static final class ShippingHandlers {
        static Handlers<List<String>> of(EventCodec codec) {
            return Handlers.<List<String>>builder(codec)
                    .on(OrderPlaced.class, ShippingHandlers::placed)
                    .on("ordering.OrderCancelled",
                            (EventMessage e, EventContext<List<String>> ctx) -> HandlerResult.reject("cannot cancel"))
                    .ignore("ordering.OrderNoted")
                    .build();
        }

        private static HandlerResult placed(OrderPlaced e, EventContext<List<String>> ctx) {
            ctx.transaction().add(ctx.source() + "/" + ctx.streamId().value() + ":" + ctx.commitSequence() + " " + e.orderId());
            return HandlerResult.HANDLED;
        }
    }

    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final EventCodec CODEC = new EventCodec(EventTypeRegistry.builder()
            .register("ordering.OrderPlaced", 1, OrderPlaced.class).build());

    private static Commit commit(EventMessage... events) {
        return new Commit(StreamId.of("order-1"), 1, events.length, UUID.randomUUID(), Instant.now(), Map.of(), List.of(events));
    }

    @Test
    void given_a_commit_when_its_prepared_handlers_are_applied_then_they_write_through_the_transaction() throws Exception {
        Commit c = commit(EventMessage.of("ordering.OrderPlaced", 1, "{\"orderId\":\"o-1\",\"quantity\":2}"),
                EventMessage.of("ordering.OrderNoted", 1, "{}"));
        List<String> transaction = new ArrayList<>();

        ApplyOutcome outcome = ShippingHandlers.of(CODEC).prepare(c).apply(ORDERING, transaction);

        assertEquals(ApplyOutcome.APPLIED, outcome);
        assertEquals(List.of("ordering/order-1:1 o-1"), transaction);
    }

    @Test
    void given_a_rejecting_handler_when_applied_then_the_outcome_is_a_reject_naming_the_event() {
        Handlers.Prepared<List<String>> prepared = ShippingHandlers.of(CODEC)
                .prepare(commit(EventMessage.of("ordering.OrderCancelled", 1, "{}")));

        ApplyOutcome outcome = prepared.apply(ORDERING, new ArrayList<>());

        assertEquals(ApplyOutcome.reject(ApplyOutcome.Refusal.REJECTED,
                "events[0] ('ordering.OrderCancelled') was rejected by its handler: cannot cancel"), outcome);
    }

    @Test
    void given_a_type_nobody_handles_when_prepared_then_it_is_refused_as_unknown() {
        UnhandledEventException e = assertThrows(UnhandledEventException.class,
                () -> ShippingHandlers.of(CODEC).prepare(commit(EventMessage.of("ordering.Unheard", 1, "{}"))));

        assertEquals(UnhandledEventException.Reason.UNKNOWN_EVENT_TYPE, e.reason());
    }
}
